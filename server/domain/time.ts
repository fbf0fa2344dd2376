// Time units the domain counts in, defined once.

/** Milliseconds in a day (UTC: no day here has a leap second or a clock change). */
export const DAY_MS = 86_400_000;
