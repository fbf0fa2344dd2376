// Which phones to distrust: those whose readings contradict the other phones' where they overlap (a liar posting
// "nothing heard" beside a hotspot everyone else hears). Each counts for little from then on (the engine's weight).
import { UNKNOWN_DEVICE, type Ledger } from './ledger';
import type { CoverageOptions } from './options';

/**
 * How often an honest phone contradicts the others by `disagreeDb` in a cell they share: two readings of one cell
 * differ by ~8 dB RMS, so 20 dB is rare. Measured in the truth simulation against the others' mean (seeds 1–3,
 * loudest-only and scan lists): 1–3 % of an honest phone's shared cells, at most 4 of 36 (11 %) for one with few;
 * against their median (seeds 1, 2 and 3 with scan lists, phones sharing 20+ cells): 0.0–0.5 % (median),
 * 1.4–2.6 % (90th percentile), at most 5.8–8.0 %.
 */
export const HONEST_DISAGREE_SHARE = 0.05;
/**
 * How unlikely an honest phone's count of contradicted cells must be before it is distrusted. Until 2026-12-05 a
 * phone had to contradict the others in two of every three cells it shared: a liar naming dead hotspots at the
 * levels they would have alive contradicted them in 28 of 101 cells and 26 of 116, and was trusted.
 */
export const DISTRUST_P_VALUE = 1e-4;

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space (n is a phone's shared cells: hundreds at most). */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const lp = Math.log(p), lq = Math.log1p(-p);
  let logTerm = 0; // log C(n, j) p^j q^(n−j), built up from j = 0
  for (let j = 0; j < k; j++) logTerm += Math.log((n - j) / (j + 1));
  logTerm += k * lp + (n - k) * lq;
  let sum = 0;
  for (let j = k; j <= n; j++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (j > n * p && term < sum * 1e-12) break; // past the mode the terms only shrink, faster than geometrically
    logTerm += Math.log((n - j) / (j + 1)) + lp - lq;
  }
  return Math.min(1, sum);
}

/**
 * The weighted median of `values[0..count)` (sorted ascending, with running weight sums `cumulative`) leaving out
 * the one at `skip` (−1: none): the first value at which the others' running weight reaches half their total, or
 * midway to the next when it lands on half exactly (two equal voices give their mean).
 */
export function weightedMedianWithout(values: ArrayLike<number>, weights: ArrayLike<number>, cumulative: ArrayLike<number>, count: number, skip: number): number {
  // No closures here: it runs for every device of every shared cell at each refresh, and tsx names each closure it makes.
  const left = skip >= 0 ? weights[skip] : 0, half = (cumulative[count - 1] - left) / 2;
  let lo = 0, hi = count - 1;
  while (lo < hi) { // the first m where the others' running weight reaches half (never `skip`: there it equals m − 1's)
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] - (skip >= 0 && mid >= skip ? left : 0) >= half - 1e-9) hi = mid;
    else lo = mid + 1;
  }
  if (Math.abs(cumulative[lo] - (skip >= 0 && lo >= skip ? left : 0) - half) > 1e-9) return values[lo];
  let next = lo + 1;
  while (next < count && (next === skip || weights[next] <= 0)) next++;
  return next < count ? (values[lo] + values[next]) / 2 : values[lo];
}

type TrustOptions = Pick<CoverageOptions, 'disagreeDb' | 'distrustMinCells'>;

const AGREES = 1, CONTRADICTS = 2;

/**
 * Devices whose readings contradict the other devices' in the cells they share — by more than `disagreeDb` from
 * the others' weighted median, at least `distrustMinCells` times, and in more of them than an honest phone would
 * by chance (a binomial test against HONEST_DISAGREE_SHARE) — as a phone posting "nothing heard" beside a hotspot
 * everyone else hears, or naming dead hotspots at full strength where everyone else hears far weaker networks.
 * The median, not the mean: with one phone shouting −30 dBm where three hear nothing, the mean of the others each
 * honest phone is compared with sits 22 dB above it, and the honest three become the ones who contradict. Cells
 * with a single device decide nothing.
 *
 * Kept between judgements: each cell's verdicts are worked out again only when its entries changed (touch), as
 * the median costs a sort per cell and a refresh brings readings into a few hundred cells of a city's thousands.
 */
export class ContradictionTally {
  private bad: Int32Array = new Int32Array(1024); // per device id: cells it contradicts the others in
  private good: Int32Array = new Int32Array(1024); // … and cells it agrees with them in
  private verdict: Uint8Array = new Uint8Array(1024); // per ledger entry: AGREES, CONTRADICTS or 0 (not judged)
  private readonly contradictedIn = new Map<number, Set<number>>(); // device → cells it contradicts the others in (for the second round)
  private readonly dirty: Uint8Array;
  private dirtyCells: number[] = [];
  private everything = true;
  private values: Float64Array = new Float64Array(64);
  private weights: Float64Array = new Float64Array(64);
  private cumulative: Float64Array = new Float64Array(64);
  private entries: Int32Array = new Int32Array(64);

  constructor(private readonly cellCount: number) {
    this.dirty = new Uint8Array(cellCount);
  }

  /** The ledger was rebuilt (its entries renumbered): judge every cell again. */
  reset(): void {
    this.everything = true;
  }

  /** An entry of `cell` changed or was added. */
  touch(cell: number): void {
    if (this.everything || this.dirty[cell]) return;
    this.dirty[cell] = 1;
    this.dirtyCells.push(cell);
  }

  /** Judges the cells that changed since the last call and returns whom to distrust. */
  judge(ledger: Ledger, o: TrustOptions): Set<number> {
    if (this.verdict.length < ledger.entries) this.verdict = growBytes(this.verdict, ledger.entries);
    if (this.everything) {
      this.bad.fill(0);
      this.good.fill(0);
      this.verdict.fill(0);
      this.contradictedIn.clear();
      for (let cell = 0; cell < this.cellCount; cell++) this.judgeCell(ledger, cell, o);
    } else for (const cell of this.dirtyCells) this.judgeCell(ledger, cell, o);
    for (const cell of this.dirtyCells) this.dirty[cell] = 0;
    this.dirtyCells = [];
    this.everything = false;
    const suspects = new Set<number>(), bad = this.bad, good = this.good;
    for (let device = 0; device < bad.length; device++) if (bad[device] > 0 && tooManyContradictions(bad[device], good[device], o)) suspects.add(device);
    // Second round: each suspect judged again without the other suspects. An honest phone that shares cells with
    // liars contradicts them as much as they contradict it (two phones in a cell: each is the other's "others"); with
    // five times the liars' readings an honest phone was distrusted only because they were there (truth simulation,
    // seed 3 at 50,000 readings, 1.69 ha flipped). A liar still contradicts the honest phones it shares cells with.
    const out = new Set<number>();
    for (const device of suspects) {
      let n = 0, agreed = 0;
      for (const cell of this.contradictedIn.get(device) ?? []) {
        const verdict = this.judgeAgain(ledger, cell, device, suspects, o);
        if (verdict === CONTRADICTS) n++;
        else if (verdict === AGREES) agreed++;
      }
      if (n > 0 && tooManyContradictions(n, good[device] + agreed, o)) out.add(device);
    }
    return out;
  }

  /** `device`'s verdict in `cell` against the others there, leaving out `suspects` (0: no one else to compare with). */
  private judgeAgain(ledger: Ledger, cell: number, device: number, suspects: ReadonlySet<number>, o: TrustOptions): number {
    const count = this.sortCell(ledger, cell, suspects, device), { values, weights, cumulative, entries } = this;
    let own = -1;
    for (let k = 0; k < count; k++) if (ledger.device[entries[k]] === device) own = k;
    if (own < 0 || count < 2 || cumulative[count - 1] - weights[own] < 0.5) return 0;
    return Math.abs(values[own] - weightedMedianWithout(values, weights, cumulative, count, own)) > o.disagreeDb ? CONTRADICTS : AGREES;
  }

  private judgeCell(ledger: Ledger, cell: number, o: TrustOptions): void {
    for (let e = ledger.head[cell]; e >= 0; e = ledger.next[e]) this.forget(ledger, e, cell); // its earlier verdict, if the cell was judged before
    const count = this.sortCell(ledger, cell, null, -1);
    if (count < 2) return; // one device: nobody to compare with
    const { values, weights, cumulative, entries } = this, sum = cumulative[count - 1];
    for (let k = 0; k < count; k++) {
      const e = entries[k], device = ledger.device[e];
      if (device === UNKNOWN_DEVICE || sum - weights[k] < 0.5) continue; // unknown devices are others, never judged
      if (device >= this.bad.length) [this.bad, this.good] = [growTo(this.bad, device), growTo(this.good, device)];
      const contradicts = Math.abs(values[k] - weightedMedianWithout(values, weights, cumulative, count, k)) > o.disagreeDb;
      this.verdict[e] = contradicts ? CONTRADICTS : AGREES;
      if (contradicts) {
        this.bad[device]++;
        let cells = this.contradictedIn.get(device);
        if (!cells) this.contradictedIn.set(device, (cells = new Set()));
        cells.add(cell);
      } else this.good[device]++;
    }
  }

  /**
   * The cell's entries with weight, sorted by level into the scratch arrays (values, capped weights, entries, running
   * weights), leaving out `leftOut`'s devices but `keep`; returns how many.
   */
  private sortCell(ledger: Ledger, cell: number, leftOut: ReadonlySet<number> | null, keep: number): number {
    let count = 0;
    for (let e = ledger.head[cell]; e >= 0; e = ledger.next[e]) {
      const device = ledger.device[e];
      if (ledger.w[e] <= 0 || (leftOut !== null && device !== keep && leftOut.has(device))) continue;
      if (count === this.values.length) this.growScratch();
      // Insertion by level: a cell holds a handful of devices, rarely a few hundred.
      const { values, weights, entries } = this;
      const value = ledger.s[e] / ledger.w[e], weight = Math.min(ledger.w[e], ledger.capOf(device));
      let k = count++;
      for (; k > 0 && values[k - 1] > value; k--) {
        values[k] = values[k - 1];
        weights[k] = weights[k - 1];
        entries[k] = entries[k - 1];
      }
      values[k] = value;
      weights[k] = weight;
      entries[k] = e;
    }
    let sum = 0;
    for (let k = 0; k < count; k++) this.cumulative[k] = sum += this.weights[k];
    return count;
  }

  private forget(ledger: Ledger, e: number, cell: number): void {
    const v = this.verdict[e];
    if (v === 0) return;
    if (v === CONTRADICTS) {
      this.bad[ledger.device[e]]--;
      this.contradictedIn.get(ledger.device[e])?.delete(cell); // one entry per device and cell
    } else this.good[ledger.device[e]]--;
    this.verdict[e] = 0;
  }

  private growScratch(): void {
    const size = this.values.length * 2;
    const f64 = (a: Float64Array) => { const b = new Float64Array(size); b.set(a); return b; };
    this.values = f64(this.values);
    this.weights = f64(this.weights);
    this.cumulative = f64(this.cumulative);
    const entries = new Int32Array(size);
    entries.set(this.entries);
    this.entries = entries;
  }
}

/** A phone's count of contradicted cells, of `n + agreed` shared, is more than an honest one's would be by chance. */
function tooManyContradictions(n: number, agreed: number, o: TrustOptions): boolean {
  const shared = n + agreed;
  // At or below the honest share the tail is near one half or more: no need to sum it (most phones, every refresh).
  return n >= o.distrustMinCells && n > HONEST_DISAGREE_SHARE * shared && binomialTail(n, shared, HONEST_DISAGREE_SHARE) < DISTRUST_P_VALUE;
}

/** Whom to distrust, judged afresh from the whole ledger (ContradictionTally keeps this between calls). */
export function distrustedDevices(ledger: Ledger, cellCount: number, o: TrustOptions): Set<number> {
  return new ContradictionTally(cellCount).judge(ledger, o);
}

/** A copy of `a` long enough to hold index `index` (at least doubled). */
function growTo(a: Int32Array, index: number): Int32Array {
  const b = new Int32Array(Math.max(index + 1, a.length * 2));
  b.set(a);
  return b;
}

function growBytes(a: Uint8Array, length: number): Uint8Array {
  const b = new Uint8Array(Math.max(length, a.length * 2));
  b.set(a);
  return b;
}
