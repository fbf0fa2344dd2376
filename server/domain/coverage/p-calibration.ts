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
  /**
   * A measured cell: the prediction's P, whether its readings said usable, (when known) the two variances, and
   * how much of a cell it counts for (less than 1 where its phones' say is capped: cohortCap).
   */
  add(predictedP: number, measuredUsable: boolean, predictionVarDb2 = 0, noiseVarDb2 = 0, weight = 1): void {
    const b = pBin(predictedP);
    this.cells[b] += weight;
    this.total += weight;
    if (measuredUsable) this.usable[b] += weight;
    this.predictionVar[b] += weight * predictionVarDb2;
    this.noiseVar[b] += weight * noiseVarDb2;
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

/**
 * The curve is one rule for every cell in the city, so no phone may teach it alone: one phone's 577 "nothing heard"
 * round Victoria Park taught it that predictions of usable Wi-Fi fail, and every cell's P fell (a library's door
 * from 0.73 to 0.02; the city's expected covered area from 84 to 5 ha) while nobody else had measured anything.
 * No cohort (the model's independent voice) may give more than this share of any bin's cells: capped over the
 * whole tally instead, a liar's cells all in the few high bins would still outweigh the honest ones there.
 * A fifth, not a tenth: in the truth simulation at 2,000 readings (the first few phones' walks) a tenth left most bins
 * unlearned, the expected area +53 % against +6 % (a fifth: +13 %); at 10,000 and 50,000 both change nothing.
 */
export const MAX_COHORT_SHARE = 0.2;

/**
 * The most any one cohort may give, so that none gives more than `maxShare` of the total: the largest τ with
 * τ ≤ maxShare · Σ min(cᵢ, τ) (water-filling); cohort i then counts min(1, τ / cᵢ) of its cells. Infinity when no
 * cap binds; 0 with fewer than 1 / maxShare cohorts, when nothing else satisfies it. `cells`: each cohort's share of
 * the measured cells.
 */
export function cohortCap(cells: ArrayLike<number>, maxShare = MAX_COHORT_SHARE): number {
  let total = 0, largest = 0;
  for (let i = 0; i < cells.length; i++) {
    total += cells[i];
    largest = Math.max(largest, cells[i]);
  }
  if (largest <= maxShare * total) return Infinity; // nobody over the share: the common case, nothing to sort
  const k = 1 / maxShare, sorted = Array.from(cells).sort((a, b) => b - a);
  const rest = new Float64Array(sorted.length + 1); // rest[i]: Σ sorted[i…] (i ≥ 1), summed from the smallest (no cancellation)
  for (let i = sorted.length - 1; i >= 1; i--) rest[i] = rest[i + 1] + sorted[i];
  // With the i largest capped at τ and the rest below it: i·τ + rest ≥ k·τ, so τ ≤ rest / (k − i), valid where the
  // largest uncapped one lies at or below it (the pieces before failed, so it lies below the i-th). Past the last
  // cohort nothing is left uncapped (rest 0): τ = 0. Before the k-th, rest / (k − i) ≥ the k-th: it ends there.
  for (let i = 1; ; i++) {
    const tau = rest[i] / (k - i);
    if (tau >= (sorted[i] ?? 0)) return tau;
  }
}

/** cohortCap for each bin of a dense tally, `cells[bin · cohorts + cohort]`. */
export function binCaps(cells: Float64Array, cohorts: number, maxShare = MAX_COHORT_SHARE): Float64Array {
  return Float64Array.from({ length: P_BINS }, (_, bin) => cohortCap(cells.subarray(bin * cohorts, (bin + 1) * cohorts), maxShare));
}

/** The bin of a prediction's P. */
export function pBin(p: number): number {
  return Math.min(P_BINS - 1, Math.max(0, Math.floor(p * P_BINS)));
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
export function tallyToLearn(preferred: PTally, early: () => PTally): PTally {
  return preferred.total >= PREFERRED_MIN_CELLS ? preferred : early(); // the early tally only when needed: it costs a pass
}

/**
 * The measured cells the curve may learn from (pooled capped weight ≥ MEASURED_MIN_WEIGHT.early), each with the
 * cohorts that measured it: cell i's are `cohort[k]`, `weight[k]` for k in [start[i], start[i + 1]), each weight
 * capped as the ledger caps that phone's say. Plain arrays, so the engine fills them in one pass over its ledger.
 */
export interface MeasuredCells {
  readonly predicted: Float64Array; // P(usable) from the prediction alone
  readonly cellWeight: Float64Array; // the cell's pooled capped weight (Σ of its entries' as the ledger keeps it)
  readonly usable: Uint8Array; // 1 where the readings' weighted mean is at or above the covered threshold
  readonly predictionVar: Float64Array; // dB²: the prediction's own spread
  readonly start: Int32Array; // length cells + 1
  readonly cohort: Int32Array; // 0 … cohorts − 1
  readonly weight: Float64Array;
}

/**
 * Learns the curve from measured cells (learnCurve), keeping its (bin, cohort) scratch between learns so a refresh
 * makes no garbage.
 */
export class PCurveLearner {
  private scratch = new Float64Array(0);

  /**
   * Cells two phones' weight measured teach once there are PREFERRED_MIN_CELLS of them (counted after the caps); else
   * all do. `cohorts`: one more than the largest cohort id; `readingVarDb2`: one reading's variance about the truth.
   */
  learn(m: MeasuredCells, cohorts: number, readingVarDb2: number): Float64Array | null {
    const preferred = this.tally(m, cohorts, readingVarDb2, MEASURED_MIN_WEIGHT.preferred);
    return learnCurve(tallyToLearn(preferred, () => this.tally(m, cohorts, readingVarDb2, MEASURED_MIN_WEIGHT.early)));
  }

  /**
   * The tally of the cells of weight ≥ `minWeight`. Each cell is shared among the cohorts that measured it, by their
   * capped weight there; in each bin a cohort's cells then count at the factor that keeps its share of the bin within
   * MAX_COHORT_SHARE (binCaps). A cell's label noise is one reading's over the phones its mean is worth, (Σ c)² / Σ c².
   */
  tally(m: MeasuredCells, cohorts: number, readingVarDb2: number, minWeight: number): PTally {
    const out = new PTally(), n = m.cellWeight.length, { start, cohort, weight } = m;
    if (this.scratch.length < P_BINS * cohorts) this.scratch = new Float64Array(P_BINS * (cohorts + 1024));
    const cells = this.scratch.subarray(0, P_BINS * cohorts).fill(0), phones = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = m.cellWeight[i], row = pBin(m.predicted[i]) * cohorts;
      if (w < minWeight) continue;
      let sum = 0, sumSq = 0;
      for (let k = start[i]; k < start[i + 1]; k++) {
        const c = weight[k];
        sum += c;
        sumSq += c * c;
        cells[row + cohort[k]] += c / w;
      }
      phones[i] = sumSq > 0 ? (sum * sum) / sumSq : 0;
    }
    const cap = binCaps(cells, cohorts);
    for (let i = 0; i < n; i++) {
      const w = m.cellWeight[i], bin = pBin(m.predicted[i]);
      if (w < minWeight) continue;
      let counted = 1; // a whole cell where no cap binds, not a sum of shares a rounding off it
      if (cap[bin] !== Infinity) {
        counted = 0;
        for (let k = start[i]; k < start[i + 1]; k++) {
          const share = weight[k] / w;
          if (share > 0) counted += share * Math.min(1, cap[bin] / cells[bin * cohorts + cohort[k]]); // a cohort with a share here has cells here
        }
      }
      out.add(m.predicted[i], m.usable[i] === 1, m.predictionVar[i], readingVarDb2 / phones[i], counted);
    }
    return out;
  }
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
