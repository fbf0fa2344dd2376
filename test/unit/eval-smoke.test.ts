// SMOKE (slow, ~20 s): the truth simulation end to end against the real server, tiny — 10 hotspots and
// 500 readings, two server processes (with and without liars). It holds the script's contract with the
// public API (observations, device credentials, cells, stats, registry), not the figures; those come
// from `npm run eval:truth`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../scripts/eval/run';

const city = JSON.parse(readFileSync(new URL('../../data/kitchener-boundary.geojson', import.meta.url), 'utf8')).features[0].geometry;

describe('truth simulation, end to end (smoke)', () => {
  it('when 500 readings over 10 hotspots are fed to a real server, then every checkpoint is scored and the liars run compares', async () => {
    const result = await runSeed(1, { hotspots: 10, checkpoints: [0, 500], liarRun: true, city, log: () => {} });
    expect(result.checkpoints.map((c) => c.readings)).toEqual([0, 500]);
    expect(result.scoredCells).toBeGreaterThan(1_000); // 10 discs of 400 m hold ~8,000 cells of 25 m, less overlap
    expect(result.trueCoveredHa).toBeGreaterThan(0);
    for (const c of result.checkpoints) {
      for (const share of [c.accuracy4, c.usableAccuracy, c.iou, c.deadFlagged, c.unregisteredFound, c.registryOnly.usableAccuracy, c.observationsElseRegistry.iou])
      {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }
      expect(c.mapCoveredM2).toBeGreaterThan(0); // the registry alone covers something
      expect(c.cells).toBe(result.scoredCells);
    }
    expect(result.checkpoints[0].liarsFlipHa).toBeNull();
    expect(result.checkpoints[1].liarsFlipHa).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
