// P(usable) learned from the readings. Where phones measured a cell, we know whether it was usable; comparing
// that with the P its prediction alone gave shows how far the prediction's probabilities can be trusted —
// measured in the truth simulation, fits' fringes said P 0.2 where 1 cell in 10 was usable (phones name only
// the loudest network, so a fit sees its lucky readings). Cells with little evidence of their own take the
// learned P; cells with readings keep their own more and more as the readings grow. The class drawn is not
// changed: it stays the fused level's (a median), so covered areas and gaps are untouched.
// A measured cell's label is itself noisy (its mean of a few phones' readings, each ~6 dB off), which pulls every
// bin's share towards one half — most cells are unusable, so it lifted the sum of P (expected covered area +13 %
// in the truth simulation at 50,000 readings). The curve undoes that with the model's own spreads: the share a
// noiseless measurement would have seen is Φ(k·Φ⁻¹(share)), k = √(1 + noise² / prediction spread²).
import { normalCdf } from './fusion';

export const P_BINS = 20;
const MIN_MEASURED_CELLS = 100; // a few streets' worth of measured cells before P is learned at all
const IDENTITY_CELLS = 1; // pseudo-cells per bin at the bin's own P: with few measured cells the curve stays the prediction's
/**
 * Capped reading weight in a cell's own ledger before its level counts as measured: two phones' where enough
 * cells have that, else one phone's. One reading is ~6 dB from the truth, so cells one phone measured call some
 * unusable cells usable and lift the low bins, where most cells are; but waiting for two phones leaves P
 * unlearned early on. Measured in-process (truth simulation, seeds 1–2): at 2,000 readings one phone's cells
 * gave Brier 0.171 / 0.159 against 0.183 / 0.179; at 50,000 they made Σ P 3 points higher (693 ha against
 * 672 ha, true 603 ha) with the same Brier.
 */
export const MEASURED_MIN_WEIGHT = { preferred: 2, early: 1 } as const;
export const PREFERRED_MIN_CELLS = 1000; // cells measured at the preferred weight before the early ones are left out
const NOISE_BINS = [1, P_BINS - 1] as const; // bins whose cells set k: P 0.05–0.95, where a label can go either way
export const MAX_SHARPENING = 1.5; // k at most (noise 1.1 × the prediction's spread): one phone's cells against a fit's narrow spread

/** Measured cells, counted by the bin of their prediction-only P and whether their readings said usable. */
export class PTally {
  readonly cells = new Float64Array(P_BINS);
  readonly usable = new Float64Array(P_BINS);
  readonly predictionVar = new Float64Array(P_BINS); // Σ of the prediction's own variance (σ², dB²): how far the truth may sit from it
  readonly noiseVar = new Float64Array(P_BINS); // Σ of the measured level's noise variance (dB²): how far its readings' mean may sit from the truth
  total = 0;
  /** A measured cell: the prediction's P, whether its readings said usable, and (when known) the two variances. */
  add(predictedP: number, measuredUsable: boolean, predictionVarDb2 = 0, noiseVarDb2 = 0): void {
    const b = Math.min(P_BINS - 1, Math.max(0, Math.floor(predictedP * P_BINS)));
    this.cells[b]++;
    this.total++;
    if (measuredUsable) this.usable[b]++;
    this.predictionVar[b] += predictionVarDb2;
    this.noiseVar[b] += noiseVarDb2;
  }

  /**
   * k: how much sharper noiseless labels would be. A cell predicted σ off from the truth and measured s off from it
   * is labelled usable with Φ(z·σ/√(σ² + s²)) where the truth says Φ(z): the shares' z-scores shrink by
   * √(1 + s²/σ²). Pooled over bins 1–18 (1 with nothing recorded).
   */
  sharpening(): number {
    let prediction = 0, noise = 0;
    for (let b = NOISE_BINS[0]; b < NOISE_BINS[1]; b++) {
      prediction += this.predictionVar[b];
      noise += this.noiseVar[b];
    }
    if (!(prediction > 0)) return 1;
    return Math.min(MAX_SHARPENING, Math.sqrt(1 + noise / prediction));
  }
}

/** Φ⁻¹(p) by bisection on Φ (20 bins, once per relearn: speed does not matter, agreement with Φ does). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  let lo = -9, hi = 9;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The cells to learn from: those the preferred weight measured once there are enough of them, else the early ones. */
export function tallyToLearn(preferred: PTally, early: PTally): PTally {
  return preferred.total >= PREFERRED_MIN_CELLS ? preferred : early;
}

/**
 * The share usable per bin, made monotone in P (pool adjacent violators): a higher prediction never means less.
 * null (P as predicted) until enough cells were measured to say anything.
 */
export function learnCurve(tally: PTally): Float64Array | null {
  if (tally.total < MIN_MEASURED_CELLS) return null;
  const blocks: { cells: number; usable: number; from: number; to: number }[] = [];
  for (let b = 0; b < P_BINS; b++) {
    blocks.push({ cells: tally.cells[b] + IDENTITY_CELLS, usable: tally.usable[b] + IDENTITY_CELLS * (b + 0.5) / P_BINS, from: b, to: b });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1], prev = blocks[blocks.length - 2];
      if (prev.usable / prev.cells <= last.usable / last.cells) break;
      prev.cells += last.cells;
      prev.usable += last.usable;
      prev.to = last.to;
      blocks.pop();
    }
  }
  const curve = new Float64Array(P_BINS), k = tally.sharpening();
  for (const block of blocks) for (let b = block.from; b <= block.to; b++) curve[b] = normalCdf(k * normalQuantile(block.usable / block.cells)); // k = 1: the share itself
  return curve;
}

/**
 * The curve at p, linear between bin centres; towards 0 and 1 it runs to (0, 0) and (1, 1): where the prediction
 * is certain (no hotspot reaches at all, or one stands right there) the learned P stays certain.
 */
export function onCurve(curve: Float64Array, p: number): number {
  const t = p * P_BINS - 0.5, b = Math.floor(t);
  if (b < 0) return curve[0] * (p * P_BINS * 2);
  if (b >= P_BINS - 1) return curve[P_BINS - 1] + (1 - curve[P_BINS - 1]) * (t - (P_BINS - 1)) * 2;
  return curve[b] + (t - b) * (curve[b + 1] - curve[b]);
}

/** A cell's P: the learned one where it has little evidence, its own as pooled readings (weight w) grow. */
export function calibratedP(p: number, pooledWeight: number, curve: Float64Array | null): number {
  if (curve === null) return p;
  const own = pooledWeight / (pooledWeight + 1);
  return own * p + (1 - own) * onCurve(curve, p);
}
