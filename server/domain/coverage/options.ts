// Every tunable of the coverage model in one defaults object, each with its unit and reason.
import type { ClassName, ClassThresholds } from './classes';

export interface CoverageOptions {
  cellSizeM: number;
  thresholdsDbm: ClassThresholds;
  coveredClasses: readonly ClassName[];
  noSignalDbm: number;
  priorWeight: number;
  readingSigmaDb: number;
  priorSigmaDb: { default: number; fitted: number; override: number; none: number };
  noneWeight: number;
  floorSigmaDb: number;
  poolLengthM: number;
  poolRadiusCells: number;
  fitMinSamples: number;
  moveMinSamples: number;
  positionSigmaM: number;
  downStrongDbm: number;
  downDropDb: number;
  discoveryMinSamples: number;
  suggestDevices: number;
  discoveryMinDbm: number;
  verifiedDays: number;
  disagreeDb: number;
  distrustMinCells: number;
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
  maxCellsPerQuery: number;
}

export const DEFAULT_OPTIONS: CoverageOptions = {
  cellSizeM: 25, // m: within 0.04 % of exact disc areas (test/unit/coverage/oracle.test.ts checks against Turf), ~220k cells for Kitchener
  thresholdsDbm: { good: -67, fair: -75, poor: -85 }, // dBm: lower bounds used across the field (video calls / browsing / barely)
  coveredClasses: ['good', 'fair'], // "covered" = usable for browsing; a city may demand 'good' only
  noSignalDbm: -95, // dBm: what "no free network heard" and cells beyond every AP's reach count as (below 'poor')
  priorWeight: 3, // observations: what-if's weight of a new AP's prediction (the live map weighs priors by priorSigmaDb)
  readingSigmaDb: 6, // dB: one fresh reading's spread about a cell's true level (fading, device bias, position error)
  priorSigmaDb: { default: 7, fitted: 5, override: 6, none: 4 }, // dB: how far a prediction may be off — registry defaults, a fit from readings, a measured range; where no AP reaches, "none" is near-certain (P(usable) ≈ 0)…
  floorSigmaDb: 3, // dB: a cell's level is never known better than this (variation within 25 m, fixes in the next cell); measured: fused − truth RMSE 4.2 dB where readings are
  noneWeight: 0.15, // readings: …but it is a weak prior: one reading outweighs it, so an unregistered hotspot shows as soon as phones hear it
  poolLengthM: 25, // m: correlation length of the residuals shared between neighbouring cells (shadowing decorrelates over 40–60 m; 25 m scored best in the truth simulation)
  poolRadiusCells: 2, // cells: the pooling kernel is cut beyond 2 cells (50 m, weight 0.14)
  fitMinSamples: 8, // readings: fewer leave an AP on its registry model (the prior decides)
  moveMinSamples: 20, // readings from 3+ devices before a fitted position replaces the registry's
  positionSigmaM: 40, // m: registry positions are addresses or map clicks, often a building off
  downStrongDbm: -78, // dBm: within this predicted level phones should hear an AP — and name it, unless another is stronger there
  downDropDb: 15, // dB: measured this far below its prediction near it (or others heard, not it) → probably down
  discoveryMinSamples: 4, // readings of an unknown BSSID of a City SSID before it is suggested (6 until 2026-12-06)
  suggestDevices: 2, // devices: an unknown BSSID is suggested to planners from this many; it is drawn on the public map from confirmDevices
  discoveryMinDbm: -75, // dBm: its strongest reading at least this (a distant glimpse is not a hotspot to place), unless twice the devices and readings heard it
  verifiedDays: 30, // days: a planner's "it works" holds off "probably down" this long
  disagreeDb: 20, // dB: a device this far from the other devices' mean in a shared cell contradicts them (honest pairs differ ~8 dB RMS)
  distrustMinCells: 5, // cells: contradicting the others in this many shared cells (and in more than an honest phone would by chance, device-trust.ts) makes a device distrusted
  halfLifeDays: 90, // days: a season-old sample weighs half (leaves, furniture, AP firmware change)
  windowDays: 365, // days: older evidence (< 6 % weight) is ignored altogether
  trustedAccuracyM: 50, // m: fixes this good land in their cell or a neighbour; worse ones are spread over cells
  maxAccuracyM: 150, // m: a fix worse than this says nothing about one 25 m cell: discarded
  deviceCapWeight: 1, // fresh samples: one device adds at most one reading's weight to a cell — one phone, one voice (a spammer's 50 readings count as one)
  confirmDevices: 3, // devices: a dead zone is "confirmed" with evidence from this many independent devices
  minGapCells: 2, // cells: smaller gaps are counted in statistics but left out of the ranked list (noise)
  gapTileM: 1000, // m: gaps split at ward lines and on a square grid this size, so an uncovered city is a ranked list of neighbourhoods, not one gap; 0 = at ward lines only
  areaScorePerHa: 0.1, // demand points per hectare: 10 ha of empty gap ranks like one transit stop
  topContributors: 3, // access points an explanation lists
  maxCellsPerQuery: 200_000, // cells: a bigger bbox query must use a coarser level (one response stays < ~10 MB)
};

const order = (c: string) => ['good', 'fair', 'poor', 'none'].indexOf(c);

/** Options merged over the defaults, checked once; every bad value is named. */
export function resolveOptions(partial: Partial<CoverageOptions> = {}): CoverageOptions {
  const o: CoverageOptions = { ...DEFAULT_OPTIONS, ...partial, thresholdsDbm: { ...DEFAULT_OPTIONS.thresholdsDbm, ...partial.thresholdsDbm }, priorSigmaDb: { ...DEFAULT_OPTIONS.priorSigmaDb, ...partial.priorSigmaDb } };
  const problems: string[] = [];
  const positive = ['cellSizeM', 'priorWeight', 'halfLifeDays', 'windowDays', 'trustedAccuracyM', 'maxAccuracyM', 'deviceCapWeight', 'readingSigmaDb', 'poolLengthM', 'positionSigmaM'] as const;
  for (const key of positive) if (!(o[key] > 0 && Number.isFinite(o[key]))) problems.push(`${key} ${o[key]} must be a positive number`);
  const t = o.thresholdsDbm;
  if (!(t.good > t.fair && t.fair > t.poor && t.poor > o.noSignalDbm))
    problems.push(`thresholds good ${t.good} > fair ${t.fair} > poor ${t.poor} > noSignalDbm ${o.noSignalDbm} must be strictly decreasing`);
  if (o.maxAccuracyM < o.trustedAccuracyM) problems.push(`maxAccuracyM ${o.maxAccuracyM} must be ≥ trustedAccuracyM ${o.trustedAccuracyM}`);
  const upward = [['good'], ['good', 'fair'], ['good', 'fair', 'poor']].map((c) => c.join());
  if (!upward.includes([...o.coveredClasses].sort((a, b) => order(a) - order(b)).join()))
    problems.push(`coveredClasses ${JSON.stringify(o.coveredClasses)} must be good; good and fair; or good, fair and poor`);
  for (const key of ['confirmDevices', 'suggestDevices', 'minGapCells', 'topContributors', 'maxCellsPerQuery'] as const)
    if (!(Number.isInteger(o[key]) && o[key] >= 1)) problems.push(`${key} ${o[key]} must be a whole number ≥ 1`);
  for (const [k, v] of Object.entries(o.priorSigmaDb)) if (!(v > 0 && Number.isFinite(v))) problems.push(`priorSigmaDb.${k} ${v} must be a positive number`);
  if (!(Number.isInteger(o.poolRadiusCells) && o.poolRadiusCells >= 0 && o.poolRadiusCells <= 8)) problems.push(`poolRadiusCells ${o.poolRadiusCells} must be a whole number 0–8`);
  for (const key of ['fitMinSamples', 'moveMinSamples', 'discoveryMinSamples', 'verifiedDays'] as const)
    if (!(Number.isInteger(o[key]) && o[key] >= 1)) problems.push(`${key} ${o[key]} must be a whole number ≥ 1`);
  if (o.suggestDevices > o.confirmDevices) problems.push(`suggestDevices ${o.suggestDevices} must be ≤ confirmDevices ${o.confirmDevices}`);
  if (o.topContributors > 8) problems.push(`topContributors ${o.topContributors} must be ≤ 8`);
  if (!(o.gapTileM === 0 || (Number.isFinite(o.gapTileM) && o.gapTileM >= o.cellSizeM))) problems.push(`gapTileM ${o.gapTileM} must be 0 or at least cellSizeM ${o.cellSizeM}`);
  if (!(o.areaScorePerHa >= 0)) problems.push(`areaScorePerHa ${o.areaScorePerHa} must be ≥ 0`);
  if (problems.length) throw new RangeError(`invalid coverage options: ${problems.join('; ')}`);
  return o;
}
