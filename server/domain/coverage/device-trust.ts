// Which phones to distrust: those whose readings contradict the other phones' where they overlap (a liar posting
// "nothing heard" beside a hotspot everyone else hears). Each counts for little from then on (the engine's weight).
import { UNKNOWN_DEVICE, type Ledger } from './ledger';
import type { CoverageOptions } from './options';

/**
 * Devices whose readings contradict the other devices' in the cells they share — by more than
 * `disagreeDb`, in at least two of three such cells, at least `distrustMinCells` times — as a phone posting
 * "nothing heard" beside a hotspot everyone else hears. Honest phones disagree that much by chance rarely
 * (two readings of one cell differ by ~8 dB RMS). Cells with a single device decide nothing.
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
      const own = ledger.s[e] / ledger.w[e], capped = Math.min(ledger.w[e], ledger.cap);
      const othersW = W - capped;
      if (othersW < 0.5) continue;
      const others = (S - capped * own) / othersW;
      const tally = Math.abs(own - others) > o.disagreeDb ? bad : good;
      tally.set(device, (tally.get(device) ?? 0) + 1);
    }
  }
  const out = new Set<number>();
  for (const [device, n] of bad) if (n >= o.distrustMinCells && n >= 2 * (good.get(device) ?? 0)) out.add(device);
  return out;
}
