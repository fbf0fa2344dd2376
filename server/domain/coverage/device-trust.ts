// Which phones to distrust: those whose readings contradict the other phones' where they overlap (a liar posting
// "nothing heard" beside a hotspot everyone else hears). Each counts for little from then on (the engine's weight).
import { UNKNOWN_DEVICE, type Ledger } from './ledger';
import type { CoverageOptions } from './options';

/**
 * How often an honest phone contradicts the others by `disagreeDb` in a cell they share: two readings of one cell
 * differ by ~8 dB RMS, so 20 dB is rare. Measured in the truth simulation (seeds 1–3, loudest-only and scan
 * lists): 1–3 % of an honest phone's shared cells, at most 4 of 36 (11 %) for one with few.
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
 * Devices whose readings contradict the other devices' in the cells they share — by more than `disagreeDb`, at
 * least `distrustMinCells` times, and in more of them than an honest phone would by chance (a binomial test
 * against HONEST_DISAGREE_SHARE) — as a phone posting "nothing heard" beside a hotspot everyone else hears, or
 * naming dead hotspots at full strength where everyone else hears far weaker networks. Cells with a single
 * device decide nothing.
 */
export function distrustedDevices(ledger: Ledger, cellCount: number, o: Pick<CoverageOptions, 'disagreeDb' | 'distrustMinCells'>): Set<number> {
  const bad = new Map<number, number>(), good = new Map<number, number>();
  for (let cell = 0; cell < cellCount; cell++) {
    const first = ledger.head[cell];
    if (first < 0 || ledger.next[first] < 0) continue; // one entry: nobody to compare with
    const W = ledger.weight[cell], S = ledger.weightedDbm[cell];
    for (let e = first; e >= 0; e = ledger.next[e]) {
      const device = ledger.device[e];
      if (device === UNKNOWN_DEVICE || ledger.w[e] <= 0) continue;
      const own = ledger.s[e] / ledger.w[e], capped = Math.min(ledger.w[e], ledger.capOf(device));
      const othersW = W - capped;
      if (othersW < 0.5) continue;
      const others = (S - capped * own) / othersW;
      const tally = Math.abs(own - others) > o.disagreeDb ? bad : good;
      tally.set(device, (tally.get(device) ?? 0) + 1);
    }
  }
  const out = new Set<number>();
  for (const [device, n] of bad) {
    const shared = n + (good.get(device) ?? 0);
    // At or below the honest share the tail is near one half or more: no need to sum it (most phones, every refresh).
    if (n >= o.distrustMinCells && n > HONEST_DISAGREE_SHARE * shared && binomialTail(n, shared, HONEST_DISAGREE_SHARE) < DISTRUST_P_VALUE) out.add(device);
  }
  return out;
}
