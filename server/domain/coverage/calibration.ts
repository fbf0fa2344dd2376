// Fits one access point's path-loss exponent and level at 1 m from its own observations: Theil–Sen
// regression of RSSI on 10·log10(d) (the median of pairwise slopes resists up to 29 % outliers), then
// least squares on the samples within 2.5 robust standard deviations of that line (outliers still pull a
// Theil–Sen slope a little towards flat; the refit removes that bias), bounded to plausible values.
import type { LinkModel } from './propagation';

export const EXPONENT_RANGE = [1.6, 5] as const; // n: below 1.6 only in waveguide-like corridors; above 5 only through many walls or forest
export const REFERENCE_LOSS_RANGE_DB = [30, 80] as const; // dB at 1 m incl. walls: free space is 40 (2.4 GHz) / 47 (5 GHz), walls and bodies add up to ~30
const MIN_LOG_DISTANCE_SPREAD_DB = 4; // dB of 10·log10(d): the middle 80 % of samples must span distances ×2.5, or slope and level blur together
const MAX_POINTS_FOR_PAIRS = 60; // samples: 1,770 pairs give a robust starting line; the least-squares refit uses every sample
const INLIER_SIGMAS = 2.5; // robust standard deviations: keeps 98.8 % of Gaussian fading, drops gross outliers
const MAD_TO_SIGMA = 1.4826; // median absolute deviation → standard deviation for Gaussian noise

export interface Calibration extends LinkModel {
  source: 'calibrated';
  samples: number; // observations used
  residualMadDb: number; // median absolute residual, dB: how well the fitted curve explains the samples
}

/**
 * The fitted model from samples i (distanceM[i] metres from the AP, dbm[i] measured), or null with fewer than
 * `minSamples` samples or too narrow a spread of distances.
 */
export function fitPathLoss(distanceM: ArrayLike<number>, dbm: ArrayLike<number>, eirpDbm: number, minSamples = 20): Calibration | null {
  const count = distanceM.length;
  if (dbm.length !== count) throw new RangeError(`${count} distances but ${dbm.length} signal levels`);
  if (count < minSamples) return null;
  const x = new Float64Array(count), y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (!(distanceM[i] >= 0 && Number.isFinite(dbm[i]))) throw new RangeError(`calibration sample ${i} has distance ${distanceM[i]} m and signal ${dbm[i]} dBm`);
    x[i] = 10 * Math.log10(Math.max(distanceM[i], 1));
    y[i] = dbm[i];
  }
  const scratch = Float64Array.from(x);
  const x90 = select(scratch, Math.floor(count * 0.9)), x10 = select(scratch, Math.floor(count * 0.1));
  if (x90 - x10 < MIN_LOG_DISTANCE_SPREAD_DB) return null;

  // Theil–Sen slope over an evenly strided subset (deterministic, no randomness needed).
  const step = Math.max(1, count / MAX_POINTS_FOR_PAIRS);
  const picked: number[] = [];
  for (let k = 0; Math.floor(k) < count; k += step) picked.push(Math.floor(k));
  const slopes: number[] = [];
  for (let i = 0; i < picked.length; i++)
    for (let j = i + 1; j < picked.length; j++) {
      const dx = x[picked[j]] - x[picked[i]];
      if (Math.abs(dx) > 1e-9) slopes.push((y[picked[j]] - y[picked[i]]) / dx);
    }
  if (!slopes.length) return null;
  let n = -median(Float64Array.from(slopes));
  const a = interceptFor(n, x, y);

  // Refit by least squares on the inliers of the robust line.
  const residuals = new Float64Array(count);
  for (let i = 0; i < count; i++) residuals[i] = Math.abs(y[i] - (a - n * x[i]));
  const limit = INLIER_SIGMAS * MAD_TO_SIGMA * median(Float64Array.from(residuals));
  let sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
  for (let i = 0; i < count; i++) {
    if (residuals[i] > limit) continue;
    m++;
    sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i];
  }
  const variance = m * sxx - sx * sx;
  if (m >= minSamples / 2 && variance > 1e-9) n = -(m * sxy - sx * sy) / variance;
  n = clamp(n, EXPONENT_RANGE[0], EXPONENT_RANGE[1]);
  const dbmAt1m = clamp(interceptFor(n, x, y), eirpDbm - REFERENCE_LOSS_RANGE_DB[1], eirpDbm - REFERENCE_LOSS_RANGE_DB[0]);

  for (let i = 0; i < count; i++) residuals[i] = Math.abs(y[i] - (dbmAt1m - n * x[i]));
  return { dbmAt1m, n, source: 'calibrated', samples: count, residualMadDb: median(residuals) };
}

/** Level at 1 m for slope −n: the median of y + n·x (robust to the outliers the slope ignored). */
function interceptFor(n: number, x: Float64Array, y: Float64Array): number {
  const intercepts = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) intercepts[i] = y[i] + n * x[i];
  return median(intercepts);
}

/** Median of `values`, which it reorders (quickselect: linear time, no full sort). */
export function median(values: Float64Array): number {
  const n = values.length;
  if (!n) return NaN;
  const mid = n >> 1;
  const upper = select(values, mid);
  if (n % 2) return upper;
  let lower = -Infinity; // the largest value left of mid
  for (let i = 0; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** Moves the k-th smallest value to index k, smaller ones before it, larger after (Hoare's quickselect). */
function select(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t;
        i++; j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
