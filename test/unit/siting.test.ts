// Greedy maximal covering against the brute-force optimum on small seeded fixtures.
import { describe, expect, it } from 'vitest';
import { greedySiting, type Candidate, type DemandPoint } from '../../server/domain/siting';
import { bruteForceSiting } from './brute-force-siting';
import { mulberry32 } from '../../server/domain/coverage';

function fixture(seed: number, nDemand: number, nCandidates: number) {
  const rand = mulberry32(seed);
  const demand: DemandPoint[] = Array.from({ length: nDemand }, (_, i) => ({ id: `d${i}`, x: rand() * 2000, y: rand() * 2000, weight: 1 + Math.floor(rand() * 5) }));
  const candidates: Candidate[] = Array.from({ length: nCandidates }, (_, i) => ({ id: `c${i}`, x: rand() * 2000, y: rand() * 2000, reachM: 150 + rand() * 250 }));
  return { demand, candidates };
}

describe('greedy siting', () => {
  it('when compared with the brute-force optimum on 40 random fixtures, then it always reaches the (1 − 1/e) bound', () => {
    let exact = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { demand, candidates } = fixture(seed, 60, 12);
      for (const k of [1, 2, 3]) {
        const greedy = greedySiting(demand, candidates, k);
        const value = greedy.at(-1)?.cumulative ?? 0;
        const optimum = bruteForceSiting(demand, candidates, k).value;
        expect(value).toBeGreaterThanOrEqual((1 - 1 / Math.E) * optimum - 1e-9);
        expect(value).toBeLessThanOrEqual(optimum + 1e-9);
        if (Math.abs(value - optimum) < 1e-9) exact++;
      }
    }
    expect(exact).toBeGreaterThan(100); // of 120: greedy is usually exact on layouts like these
  });

  it('when k = 1, then greedy is exactly the optimum', () => {
    for (let seed = 100; seed < 110; seed++) {
      const { demand, candidates } = fixture(seed, 50, 15);
      expect(greedySiting(demand, candidates, 1)[0]?.cumulative ?? 0).toBeCloseTo(bruteForceSiting(demand, candidates, 1).value, 9);
    }
  });

  it('when a central site covers half of each of two clusters, then greedy takes it first and the optimum differs, within the bound', () => {
    // Clusters of 3 at x = 0, 20, 40 and 160, 180, 200. The centre site (x = 100, reach 80) covers 4;
    // each side site covers its cluster of 3. Greedy: centre (4) + a side (+1) = 5; optimum: both sides = 6.
    const xs = [0, 20, 40, 160, 180, 200];
    const demand: DemandPoint[] = xs.map((x, i) => ({ id: `d${i}`, x, y: 0, weight: 1 }));
    const candidates: Candidate[] = [
      { id: 'centre', x: 100, y: 0, reachM: 80 },
      { id: 'left', x: 20, y: 0, reachM: 25 },
      { id: 'right', x: 180, y: 0, reachM: 25 },
    ];
    const greedy = greedySiting(demand, candidates, 2);
    expect(greedy.map((p) => p.candidate.id)).toEqual(['centre', 'left']);
    expect(greedy.map((p) => p.gain)).toEqual([4, 1]);
    const optimum = bruteForceSiting(demand, candidates, 2);
    expect(optimum).toEqual({ ids: ['left', 'right'], value: 6 });
    expect(greedy[1].cumulative / optimum.value).toBeGreaterThanOrEqual(1 - 1 / Math.E);
  });

  it('when gains are listed, then they never increase and cumulative is their running sum', () => {
    const { demand, candidates } = fixture(7, 300, 40);
    const picks = greedySiting(demand, candidates, 10);
    for (let i = 1; i < picks.length; i++) {
      expect(picks[i].gain).toBeLessThanOrEqual(picks[i - 1].gain + 1e-9);
      expect(picks[i].cumulative).toBeCloseTo(picks[i - 1].cumulative + picks[i].gain, 9);
    }
  });

  it('when nothing more can be covered, then it stops before k; a bad k fails fast', () => {
    const demand: DemandPoint[] = [{ id: 'd', x: 0, y: 0, weight: 1 }];
    const candidates: Candidate[] = [{ id: 'c1', x: 0, y: 0, reachM: 10 }, { id: 'c2', x: 5, y: 0, reachM: 10 }];
    expect(greedySiting(demand, candidates, 5)).toHaveLength(1);
    expect(() => greedySiting(demand, candidates, -1)).toThrow('Unexpected k value: -1.');
  });
});
