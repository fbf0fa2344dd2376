// Fits one access point's path-loss exponent and level at 1 m from its own observations:
// Theil–Sen regression of RSSI on 10·log10(d) (the median of pairwise slopes ignores up to 29 % outliers),
// bounded to physically plausible values.
import type { LinkModel } from './propagation';

export const EXPONENT_RANGE = [1.6, 5] as const; // n: below 1.6 only in waveguide-like corridors; above 5 only through many walls or forest
export const REFERENCE_LOSS_RANGE_DB = [30, 80] as const; // dB at 1 m incl. walls: free space is 40 (2.4 GHz) / 47 (5 GHz), walls and bodies add up to ~30
const MIN_LOG_DISTANCE_IQR_DB = 3; // dB of 10·log10(d): the middle half of samples must span distances ×2 or a slope is meaningless
const MAX_POINTS_FOR_PAIRS = 150; // samples: 11,175 pairs; more adds time (O(N²)) but hardly any precision

export interface CalibrationSample {
  distanceM: number; // m from the access point
  dbm: number; // measured signal
}

export interface Calibration extends LinkModel {
  source: 'calibrated';
  samples: number; // observations used
  residualMadDb: number; // median absolute residual, dB: how well the fitted curve explains the samples
}

/** The fitted model, or null with fewer than `minSamples` samples or too narrow a spread of distances. */
export function fitPathLoss(samples: readonly CalibrationSample[], eirpDbm: number, minSamples = 20): Calibration | null {
  const count = samples.length;
  if (count < minSamples) return null;
  const x = new Float64Array(count), y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const { distanceM, dbm } = samples[i];
    if (!(distanceM >= 0 && Number.isFinite(dbm))) throw new RangeError(`calibration sample ${i} has distance ${distanceM} m and signal ${dbm} dBm`);
    x[i] = 10 * Math.log10(Math.max(distanceM, 1));
    y[i] = dbm;
  }
  const sortedX = Float64Array.from(x).sort();
  if (sortedX[Math.floor(count * 0.75)] - sortedX[Math.floor(count * 0.25)] < MIN_LOG_DISTANCE_IQR_DB) return null;

  // Theil–Sen slope over an evenly strided subset (deterministic, no randomness needed).
  const step = Math.max(1, count / MAX_POINTS_FOR_PAIRS);
  const picked: number[] = [];
  for (let k = 0; Math.floor(k) < count; k += step) picked.push(Math.floor(k));
  const slopes: number[] = [];
  for (let a = 0; a < picked.length; a++)
    for (let b = a + 1; b < picked.length; b++) {
      const dx = x[picked[b]] - x[picked[a]];
      if (Math.abs(dx) > 1e-9) slopes.push((y[picked[b]] - y[picked[a]]) / dx);
    }
  if (!slopes.length) return null;
  const n = clamp(-median(Float64Array.from(slopes)), EXPONENT_RANGE[0], EXPONENT_RANGE[1]);

  const intercepts = new Float64Array(count);
  for (let i = 0; i < count; i++) intercepts[i] = y[i] + n * x[i];
  const dbmAt1m = clamp(median(intercepts), eirpDbm - REFERENCE_LOSS_RANGE_DB[1], eirpDbm - REFERENCE_LOSS_RANGE_DB[0]);

  const residuals = new Float64Array(count);
  for (let i = 0; i < count; i++) residuals[i] = Math.abs(y[i] - (dbmAt1m - n * x[i]));
  return { dbmAt1m, n, source: 'calibrated', samples: count, residualMadDb: median(residuals) };
}

/** Median of `values` (sorted in place). */
export function median(values: Float64Array): number {
  values.sort();
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
