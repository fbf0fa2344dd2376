// Measured evidence: what each observation or report says about its cell (one decision table), how much it
// weighs (age and position accuracy), and which cells it touches.
import { NONE, POOR, FAIR, GOOD, CLASS_NAMES, type ClassName } from './classes';
import type { Grid } from './grid';
import type { CoverageOptions } from './options';
import { REPORT_KINDS, REPORT_KIND_LIST, type ReportKind } from '../vocabulary';
import { DAY_MS } from '../time';

export { REPORT_KINDS, type ReportKind }; // the list itself lives in domain/vocabulary.ts

/** Evidence kind codes stored per sample: 0 is a signal observation, 1… the report kinds in order. */
export const OBSERVATION_KIND = 0;
export function reportKindCode(kind: ReportKind): number {
  const code = REPORT_KINDS.indexOf(kind);
  if (code < 0) throw new RangeError(`report kind "${kind}" must be one of ${REPORT_KINDS.join(', ')}`);
  return code + 1;
}

/**
 * What a resident's report says, as a class (each kind's `says` in domain/vocabulary.ts); its level is that
 * class's representative dBm (below). Every row is exercised by a test. 'covered' means the lowest covered
 * class (fair by default).
 */
export const REPORT_EVIDENCE = Object.fromEntries(REPORT_KIND_LIST.map((k) => [k.id, { says: k.says, why: k.why }])) as Record<ReportKind, { says: 'none' | 'poor' | 'covered'; why: string }>;

/** Representative dBm of a class: the middle of its band (good: 4 dB above its bound; none: noSignalDbm). */
export function classLevelDbm(cls: number, options: Pick<CoverageOptions, 'thresholdsDbm' | 'noSignalDbm'>): number {
  const t = options.thresholdsDbm;
  if (cls === GOOD) return t.good + 4;
  if (cls === FAIR) return (t.fair + t.good) / 2;
  if (cls === POOR) return (t.poor + t.fair) / 2;
  return options.noSignalDbm;
}

/** For every kind code, 1 where phones hearing a listed hotspot beside a report refute it (index 0 unused). */
export function reportsHearingRefutes(): Uint8Array {
  return Uint8Array.from([0, ...REPORT_KIND_LIST.map((k) => (k.hearingRefutes ? 1 : 0))]);
}

/** Evidence level, dBm, for every kind code: index 0 is unused (observations carry their own level). */
export function reportLevels(options: Pick<CoverageOptions, 'thresholdsDbm' | 'noSignalDbm' | 'coveredClasses'>): Float64Array {
  const lowestCovered = Math.min(...options.coveredClasses.map((c) => CLASS_NAMES.indexOf(c as ClassName)));
  const codeOf = { none: NONE, poor: POOR, covered: lowestCovered };
  return Float64Array.from([NaN, ...REPORT_KINDS.map((k) => classLevelDbm(codeOf[REPORT_EVIDENCE[k].says], options))]);
}

/** An observation's level: the measured dBm clamped to [noSignalDbm, −20]; nothing heard counts as noSignalDbm. */
export function observationLevel(signalDbm: number, noSignalDbm: number): number {
  if (Number.isNaN(signalDbm)) return noSignalDbm;
  return signalDbm < noSignalDbm ? noSignalDbm : signalDbm > -20 ? -20 : signalDbm; // −20 dBm: nearer than ~1 m to an AP
}

export { DAY_MS }; // the coverage model's time unit for windows, half-lives and ages

/** Weight of a sample `ageMs` old: 1 when fresh, halving every half-life; 0 outside the window. */
export function ageWeight(ageMs: number, options: Pick<CoverageOptions, 'halfLifeDays' | 'windowDays'>): number {
  return ageWeigher(options)(ageMs);
}

/** ageWeight with its constants worked out once, for loops over many samples. */
export function ageWeigher(options: Pick<CoverageOptions, 'halfLifeDays' | 'windowDays'>): (ageMs: number) => number {
  const windowMs = options.windowDays * DAY_MS;
  const perMs = -Math.LN2 / (options.halfLifeDays * DAY_MS);
  return (ageMs) => {
    if (ageMs > windowMs) return 0;
    return ageMs > 0 ? Math.exp(ageMs * perMs) : 1; // a time a little in the future (fast phone clock) counts as now
  };
}

/**
 * How a fix of `accuracyM` spreads: its own cell plus every cell whose centre is within `radiusM` (accuracy beyond
 * the trusted 50 m), each with `weight` one over the number of those cells, so that together they weigh one
 * reading, as a precise fix does (continuous at 50 m, where it is one cell at full weight). Until 2026-12-08 each
 * cell took (50/accuracy)²: a 150 m fix's ~50 cells together weighed 5.6 readings, and in a world of 5–150 m fixes
 * cells called 95 % likely usable were usable in 82 %. Null: too vague (worse than maxAccuracyM), discarded.
 */
export function spreadOf(accuracyM: number, options: SpreadOptions): { radiusM: number; weight: number } | null {
  const weight = spreadWeight(accuracyM, options);
  return weight === 0 ? null : { radiusM: spreadRadiusM(accuracyM, options), weight };
}

type SpreadOptions = Pick<CoverageOptions, 'trustedAccuracyM' | 'maxAccuracyM' | 'cellSizeM'>;

/** spreadOf's weight alone (0 = discarded), without an object: the engine calls it per sample. */
export function spreadWeight(accuracyM: number, options: SpreadOptions): number {
  if (accuracyM > options.maxAccuracyM) return 0;
  if (accuracyM <= options.trustedAccuracyM) return 1;
  // Cells whose centres lie within the radius number π r² / cell area on average; its own counts when none does.
  return Math.min(1, options.cellSizeM ** 2 / (Math.PI * spreadRadiusM(accuracyM, options) ** 2));
}

export function spreadRadiusM(accuracyM: number, options: Pick<CoverageOptions, 'trustedAccuracyM'>): number {
  return Math.max(0, accuracyM - options.trustedAccuracyM);
}

/** Cells a sample at projected (x, y) touches: its own cell and those with centres within radiusM. */
export function cellsInSpread(grid: Grid, x: number, y: number, radiusM: number, out: number[]): number[] {
  out.length = 0;
  const own = grid.cellAtXY(x, y);
  if (own >= 0) out.push(own);
  if (radiusM <= 0) return out;
  const cs = grid.cellSizeM, r2 = radiusM * radiusM;
  const r0 = Math.max(0, Math.ceil((y - radiusM - grid.originY) / cs - 0.5));
  const r1 = Math.min(grid.rows - 1, Math.floor((y + radiusM - grid.originY) / cs - 0.5));
  for (let r = r0; r <= r1; r++) {
    const dy = grid.rowCentreY(r) - y;
    const half = Math.sqrt(Math.max(0, r2 - dy * dy));
    const c0 = Math.max(0, Math.ceil((x - half - grid.originX) / cs - 0.5));
    const c1 = Math.min(grid.cols - 1, Math.floor((x + half - grid.originX) / cs - 0.5));
    for (let c = c0; c <= c1; c++) {
      const id = r * grid.cols + c;
      if (id !== own) out.push(id);
    }
  }
  return out;
}

export const LOUDEST_AT_1M_DBM = -13; // dBm: 27 dBm EIRP (an outdoor mesh node) less 40 dB at 1 m: louder public hotspots are not deployed
export const POSITION_SLACK_M = 30; // m: a registry position and a phone's fix may each be this far off

/**
 * The loudest reading physics allows `distanceM` from the nearest known transmitter: free-space loss from
 * the loudest hotspot. A −30 dBm reading 400 m from every hotspot is a lie, or a hotspot nobody registered
 * (then several phones will agree and it is discovered).
 */
export function plausibleMaxDbm(distanceM: number): number {
  return LOUDEST_AT_1M_DBM - 20 * Math.log10(Math.max(distanceM - POSITION_SLACK_M, 1));
}
