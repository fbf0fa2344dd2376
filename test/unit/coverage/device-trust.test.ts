// The binomial tail behind "more contradictions than an honest phone would make by chance", and the others' median
// a phone is compared with.
import { describe, expect, it } from 'vitest';
import { binomialTail, ContradictionTally, distrustedDevices, weightedMedianWithout } from '../../../server/domain/coverage/device-trust';
import { Ledger } from '../../../server/domain/coverage/ledger';
import { mulberry32 } from '../../../server/domain/coverage/random';

/** P(X ≥ k) summed term by term from the definition, for small n. */
function direct(k: number, n: number, p: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    sum += c * p ** j * (1 - p) ** (n - j);
  }
  return sum;
}

describe('binomialTail', () => {
  it('when nothing or everything is asked for, then it is certain or impossible', () => {
    expect(binomialTail(0, 10, 0.05)).toBe(1);
    expect(binomialTail(11, 10, 0.05)).toBe(0);
  });

  it('when n is small, then it equals the sum of the terms', () => {
    expect(binomialTail(1, 1, 0.3)).toBeCloseTo(0.3, 12);
    expect(binomialTail(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    for (const [k, n, p] of [[3, 20, 0.05], [5, 25, 0.05], [10, 40, 0.05], [7, 12, 0.4], [20, 20, 0.05]] as const)
      expect(binomialTail(k, n, p) / direct(k, n, p)).toBeCloseTo(1, 9);
  });

  it('when a phone contradicts the others in a quarter of a hundred shared cells, then chance explains it less than once in ten thousand; one in twenty, often', () => {
    expect(binomialTail(28, 101, 0.05)).toBeLessThan(1e-10);
    expect(binomialTail(5, 100, 0.05)).toBeGreaterThan(0.5);
    expect(binomialTail(4, 36, 0.05)).toBeGreaterThan(0.05);
  });

  it('when k grows, then the tail never grows', () => {
    let last = 1;
    for (let k = 0; k <= 60; k++) {
      const t = binomialTail(k, 60, 0.1);
      expect(t).toBeLessThanOrEqual(last);
      last = t;
    }
  });
});

/** The weighted median of the pairs, from its definition: sort, walk to half the weight, midway on a tie. */
function medianByDefinition(pairs: { value: number; weight: number }[]): number {
  const sorted = [...pairs].sort((a, b) => a.value - b.value), half = sorted.reduce((t, p) => t + p.weight, 0) / 2;
  let run = 0;
  for (let k = 0; k < sorted.length; k++) {
    run += sorted[k].weight;
    if (Math.abs(run - half) <= 1e-9) return k + 1 < sorted.length ? (sorted[k].value + sorted[k + 1].value) / 2 : sorted[k].value;
    if (run > half) return sorted[k].value;
  }
  return sorted[sorted.length - 1].value;
}

describe('weightedMedianWithout', () => {
  const prepared = (values: number[], weights: number[]) => {
    let run = 0;
    return { values, weights, cumulative: weights.map((w) => (run += w)) };
  };

  it('when three equal voices say −95, −95 and −30, then each −95 phone\'s others say −62.5 and the −30 phone\'s say −95', () => {
    const { values, weights, cumulative } = prepared([-95, -95, -30], [1, 1, 1]);
    expect(weightedMedianWithout(values, weights, cumulative, 3, 0)).toBe(-62.5); // two voices: their mean
    expect(weightedMedianWithout(values, weights, cumulative, 3, 2)).toBe(-95);
    expect(weightedMedianWithout(values, weights, cumulative, 3, -1)).toBe(-95);
  });

  it('when four phones hear nothing and one shouts, then the shout moves none of the others\' medians', () => {
    const { values, weights, cumulative } = prepared([-95, -95, -95, -95, -30], [1, 1, 1, 1, 1]);
    for (let k = 0; k < 4; k++) expect(weightedMedianWithout(values, weights, cumulative, 5, k)).toBe(-95);
  });

  it('when the levels and weights are random, then leaving out each one gives the median of the rest by definition', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 300; trial++) {
      const count = 2 + Math.floor(random() * 9);
      const pairs = Array.from({ length: count }, () => ({ value: -40 - Math.round(random() * 55), weight: random() < 0.5 ? 1 : 0.05 + random() }));
      pairs.sort((a, b) => a.value - b.value);
      const { values, weights, cumulative } = prepared(pairs.map((p) => p.value), pairs.map((p) => p.weight));
      for (let skip = 0; skip < count; skip++)
        expect(weightedMedianWithout(values, weights, cumulative, count, skip)).toBeCloseTo(medianByDefinition(pairs.filter((_, k) => k !== skip)), 9);
    }
  });
});

describe('ContradictionTally', () => {
  const o = { disagreeDb: 20, distrustMinCells: 5 };

  it('when readings arrive in rounds and only the cells they touched are judged again, then it distrusts whom a judgement of the whole ledger does, round after round', () => {
    const random = mulberry32(11), cells = 60, ledger = new Ledger(cells, 1, -75), tally = new ContradictionTally(cells);
    const liars = new Set([7, 8]); // they say "nothing heard" (−95) where the others hear −60 ± 6, in every other cell
    let distrustedAtSomePoint = 0;
    for (let round = 0; round < 12; round++) {
      for (let k = 0; k < 40; k++) {
        const cell = Math.floor(random() * cells), device = 1 + Math.floor(random() * 10);
        const dbm = liars.has(device) && cell % 2 === 0 ? -95 : -60 + 12 * (random() - 0.5);
        ledger.addQuietly(cell, device, random() < 0.8 ? 1 : 0.3, dbm, 0);
        tally.touch(cell);
      }
      const judged = tally.judge(ledger, o), afresh = distrustedDevices(ledger, cells, o);
      expect([...judged].sort()).toEqual([...afresh].sort());
      if (judged.size > 0) distrustedAtSomePoint++;
      for (const device of judged) expect(liars.has(device)).toBe(true);
    }
    expect(distrustedAtSomePoint).toBeGreaterThan(0); // the rounds did reach a verdict to compare
    expect(tally.judge(ledger, o)).toEqual(new Set([7, 8]));
  });

  /** A ledger of `cells` cells where devices 1–3 hear −60 dBm and `device` says `level`, at `weight` each. */
  const cellsWith = (cells: number, device: number, level: number, weight = 1) => {
    const ledger = new Ledger(cells, 1, -75);
    for (let cell = 0; cell < cells; cell++) {
      for (const honest of [1, 2, 3]) ledger.addQuietly(cell, honest, 1, -60, 0);
      ledger.addQuietly(cell, device, weight, level, 0);
    }
    return ledger;
  };

  it('when a phone contradicts the others in every one of 4 cells, then that is too few to judge; in 5 of 5, it is distrusted', () => {
    expect(distrustedDevices(cellsWith(4, 9, -95), 4, o)).toEqual(new Set()); // 0.05⁴ is rare, but 4 cells are few
    expect(distrustedDevices(cellsWith(5, 9, -95), 5, o)).toEqual(new Set([9]));
  });

  it('when readings come from an unknown device, then they are never judged, but they count among the others', () => {
    expect(distrustedDevices(cellsWith(10, 0, -95), 10, o)).toEqual(new Set()); // device 0: no credential, nobody to distrust
    const ledger = new Ledger(10, 1, -75);
    for (let cell = 0; cell < 10; cell++) {
      ledger.addQuietly(cell, 0, 1, -60, 0); // the unknown bucket, beside one phone
      ledger.addQuietly(cell, 7, 1, -95, 0);
    }
    expect(distrustedDevices(ledger, 10, o)).toEqual(new Set([7]));
  });

  it('when an honest phone shares its cells only with a liar the others contradict, then it is judged without the liar: only the liar is distrusted', () => {
    // Two phones in a cell contradict each other alike. Until 2026-12-08 the honest one was distrusted with the liar
    // (truth simulation with five times the liars' readings, seed 3: 1.69 ha flipped).
    const ledger = new Ledger(16, 1, -75);
    for (let cell = 0; cell < 10; cell++) {
      for (const honest of [1, 2, 3]) ledger.addQuietly(cell, honest, 1, -60, 0);
      ledger.addQuietly(cell, 9, 1, -95, 0);
    }
    for (let cell = 10; cell < 16; cell++) {
      ledger.addQuietly(cell, 4, 1, -60, 0); // a walk nobody else took, but the liar
      ledger.addQuietly(cell, 9, 1, -95, 0);
    }
    expect(distrustedDevices(ledger, 16, o)).toEqual(new Set([9]));
    // Where the honest phone also stands with honest others and contradicts them, it is still judged on those cells.
    for (let cell = 0; cell < 10; cell++) ledger.addQuietly(cell, 4, 1, -95, 0);
    expect(distrustedDevices(ledger, 16, o)).toEqual(new Set([4, 9]));
  });

  it('when the others in a cell weigh less than half a reading, then the phone is not judged there', () => {
    const ledger = new Ledger(10, 1, -75);
    for (let cell = 0; cell < 10; cell++) {
      ledger.addQuietly(cell, 1, 1, -95, 0);
      ledger.addQuietly(cell, 2, 0.4, -60, 0); // a vague fix's share
    }
    expect(distrustedDevices(ledger, 10, o)).toEqual(new Set([2])); // 2 is judged against a whole phone; 1 against too little
  });

  it('when a cell holds a hundred phones, then the one that contradicts them all is found there as in a small cell', () => {
    const ledger = new Ledger(6, 1, -75);
    for (let cell = 0; cell < 6; cell++) {
      for (let device = 1; device <= 99; device++) ledger.addQuietly(cell, device, 1, -60 - (device % 7), 0);
      ledger.addQuietly(cell, 500, 1, -95, 0); // a device id beyond the tally's first arrays, too
    }
    expect(distrustedDevices(ledger, 6, o)).toEqual(new Set([500]));
  });

  it('when the ledger is rebuilt and the tally reset, then the earlier verdicts are forgotten', () => {
    const ledger = new Ledger(10, 1, -75), tally = new ContradictionTally(10);
    for (let cell = 0; cell < 10; cell++) {
      for (const device of [1, 2, 3]) ledger.addQuietly(cell, device, 1, -60, 0);
      ledger.addQuietly(cell, 4, 1, -95, 0);
      tally.touch(cell);
    }
    expect(tally.judge(ledger, o)).toEqual(new Set([4]));
    ledger.clear();
    for (let cell = 0; cell < 10; cell++) for (const device of [1, 2, 3, 4]) ledger.addQuietly(cell, device, 1, -60, 0);
    tally.reset();
    expect(tally.judge(ledger, o)).toEqual(new Set());
  });
});
