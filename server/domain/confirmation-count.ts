// Whether a "me too" counts: one complete decision table. Independent voices are counted by credential
// cohort (credentials one client minted in one minute share one), so a burst of tokens is one voice.

export const COHORT_SPACING_MS = 10 * 60_000; // ms: a cohort's counted "me too"s are at least 10 min apart, so they spread over time

/** Every answer to "did my "me too" count?", as the API names it. */
export const CONFIRMATION_REASONS = [
  'counted',
  'no-device-credential', // no X-Device-Token (or only the legacy deviceId): an unknown device is never independent
  'same-cohort-as-reporter', // minted together with the reporter's credential
  'cohort-already-confirmed', // another device of this cohort already counted on this report
  'cohort-confirmed-recently', // this cohort had a counted "me too" (any report) less than 10 min ago
  'retry', // the same clientId again: the first answer stands
  'own-report', // the reporter's own device
  'already-confirmed', // the same device again on this report
] as const;
export type ConfirmationReason = (typeof CONFIRMATION_REASONS)[number];
/** What the table below decides; the last three are found before it is asked. */
export type ConfirmationVerdict = Exclude<ConfirmationReason, 'retry' | 'own-report' | 'already-confirmed'>;

export interface ConfirmationFacts {
  cohortKey: string | null; // the confirming device's cohort; null without a valid credential
  reporterCohortKey: string | null; // null for a report filed without a credential
  cohortAlreadyCounted: boolean; // a counted "me too" of this cohort is on the report
  lastCountedAtMs: number | null; // ms: the cohort's newest counted "me too" on any report
  nowMs: number;
}

export function judgeConfirmation(f: ConfirmationFacts): ConfirmationVerdict {
  if (f.cohortKey === null) return 'no-device-credential';
  if (f.cohortKey === f.reporterCohortKey) return 'same-cohort-as-reporter';
  if (f.cohortAlreadyCounted) return 'cohort-already-confirmed';
  if (f.lastCountedAtMs !== null && f.nowMs - f.lastCountedAtMs < COHORT_SPACING_MS) return 'cohort-confirmed-recently';
  return 'counted';
}
