// Signal classes from the field's usual thresholds, and which of them count as "covered".

export const CLASS_NAMES = ['none', 'poor', 'fair', 'good'] as const; // index = class code, ordered worst → best
export type ClassName = (typeof CLASS_NAMES)[number];
export const NONE = 0, POOR = 1, FAIR = 2, GOOD = 3;

/** dBm at which good, fair and poor begin (CoverageOptions.thresholdsDbm). */
export interface ClassThresholds {
  good: number;
  fair: number;
  poor: number;
}

/** Class code of a signal level: good ≥ −67 dBm, fair ≥ −75, poor ≥ −85, none below (defaults). */
export function classify(dbm: number, thresholds: ClassThresholds): number {
  if (dbm >= thresholds.good) return GOOD;
  if (dbm >= thresholds.fair) return FAIR;
  if (dbm >= thresholds.poor) return POOR;
  return NONE; // also NaN and -Infinity: nothing heard
}

/** covered[code] is 1 when that class counts as covered. */
export function coveredTable(coveredClasses: readonly ClassName[]): Uint8Array {
  return Uint8Array.from(CLASS_NAMES, (name) => (coveredClasses.includes(name) ? 1 : 0));
}

/** The weakest signal that still counts as covered, dBm (the lower bound of the lowest covered class). */
export function coveredMinDbm(options: { thresholdsDbm: ClassThresholds; coveredClasses: readonly ClassName[] }): number {
  const t = options.thresholdsDbm;
  if (options.coveredClasses.includes('poor')) return t.poor;
  if (options.coveredClasses.includes('fair')) return t.fair;
  return t.good;
}
