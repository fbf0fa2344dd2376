// Every tunable of the coverage model in one defaults object, each with its unit and reason.
import type { ClassName } from './classes';

export interface CoverageOptions {
  cellSizeM: number;
  thresholdsDbm: { good: number; fair: number; poor: number };
  coveredClasses: readonly ClassName[];
  noSignalDbm: number;
  priorWeight: number;
  halfLifeDays: number;
  windowDays: number;
  trustedAccuracyM: number;
  maxAccuracyM: number;
  deviceCapWeight: number;
  confirmDevices: number;
  minGapCells: number;
  gapTileM: number;
  areaScorePerHa: number;
  topContributors: number;
  calibrationMinObservations: number;
  maxCellsPerQuery: number;
}

export const DEFAULT_OPTIONS: CoverageOptions = {
  cellSizeM: 25, // m: PERFORMANCE.md — within 0.04 % of exact disc areas, ~220k cells for Kitchener
  thresholdsDbm: { good: -67, fair: -75, poor: -85 }, // dBm: lower bounds used across the field (video calls / browsing / barely)
  coveredClasses: ['good', 'fair'], // "covered" = usable for browsing; a city may demand 'good' only
  noSignalDbm: -95, // dBm: what "no free network heard" and cells beyond every AP's reach count as (below 'poor')
  priorWeight: 3, // observations: the prediction counts as much as 3 fresh samples, so evidence wins as it accumulates
  halfLifeDays: 90, // days: a season-old sample weighs half (leaves, furniture, AP firmware change)
  windowDays: 365, // days: older evidence (< 6 % weight) is ignored altogether
  trustedAccuracyM: 50, // m: fixes this good land in their cell or a neighbour; worse ones are spread over cells
  maxAccuracyM: 150, // m: a fix worse than this says nothing about one 25 m cell: discarded
  deviceCapWeight: 2, // fresh samples: one device adds at most this much weight to a cell, so it cannot outvote many
  confirmDevices: 3, // devices: a dead zone is "confirmed" with evidence from this many independent devices
  minGapCells: 2, // cells: smaller gaps are counted in statistics but left out of the ranked list (noise)
  gapTileM: 1000, // m: gaps split at ward lines and on a square grid this size, so an uncovered city is a ranked list of neighbourhoods, not one gap; 0 = at ward lines only
  areaScorePerHa: 0.1, // demand points per hectare: 10 ha of empty gap ranks like one transit stop
  topContributors: 3, // access points an explanation lists
  calibrationMinObservations: 20, // samples: fewer cannot fit a slope and an intercept robustly
  maxCellsPerQuery: 200_000, // cells: a bigger bbox query must use a coarser level (one response stays < ~10 MB)
};

const order = (c: string) => ['good', 'fair', 'poor', 'none'].indexOf(c);

/** Options merged over the defaults, checked once; every bad value is named. */
export function resolveOptions(partial: Partial<CoverageOptions> = {}): CoverageOptions {
  const o: CoverageOptions = { ...DEFAULT_OPTIONS, ...partial, thresholdsDbm: { ...DEFAULT_OPTIONS.thresholdsDbm, ...partial.thresholdsDbm } };
  const problems: string[] = [];
  const positive = ['cellSizeM', 'priorWeight', 'halfLifeDays', 'windowDays', 'trustedAccuracyM', 'maxAccuracyM', 'deviceCapWeight'] as const;
  for (const key of positive) if (!(o[key] > 0 && Number.isFinite(o[key]))) problems.push(`${key} ${o[key]} must be a positive number`);
  const t = o.thresholdsDbm;
  if (!(t.good > t.fair && t.fair > t.poor && t.poor > o.noSignalDbm))
    problems.push(`thresholds good ${t.good} > fair ${t.fair} > poor ${t.poor} > noSignalDbm ${o.noSignalDbm} must be strictly decreasing`);
  if (o.maxAccuracyM < o.trustedAccuracyM) problems.push(`maxAccuracyM ${o.maxAccuracyM} must be ≥ trustedAccuracyM ${o.trustedAccuracyM}`);
  const upward = [['good'], ['good', 'fair'], ['good', 'fair', 'poor']].map((c) => c.join());
  if (!upward.includes([...o.coveredClasses].sort((a, b) => order(a) - order(b)).join()))
    problems.push(`coveredClasses ${JSON.stringify(o.coveredClasses)} must be good; good and fair; or good, fair and poor`);
  for (const key of ['confirmDevices', 'minGapCells', 'topContributors', 'calibrationMinObservations', 'maxCellsPerQuery'] as const)
    if (!(Number.isInteger(o[key]) && o[key] >= 1)) problems.push(`${key} ${o[key]} must be a whole number ≥ 1`);
  if (o.topContributors > 8) problems.push(`topContributors ${o.topContributors} must be ≤ 8`);
  if (!(o.gapTileM === 0 || (Number.isFinite(o.gapTileM) && o.gapTileM >= o.cellSizeM))) problems.push(`gapTileM ${o.gapTileM} must be 0 or at least cellSizeM ${o.cellSizeM}`);
  if (!(o.areaScorePerHa >= 0)) problems.push(`areaScorePerHa ${o.areaScorePerHa} must be ≥ 0`);
  if (problems.length) throw new RangeError(`invalid coverage options: ${problems.join('; ')}`);
  return o;
}
