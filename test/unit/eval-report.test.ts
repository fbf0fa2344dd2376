// The truth simulation's tables: the expected area's interval column says whether the server's 95 % interval held
// the true covered area, per seed and over seeds.
import { describe, expect, it } from 'vitest';
import { seedMarkdown, summaryMarkdown } from '../../scripts/eval/report';
import type { CheckpointResult, SeedResult } from '../../scripts/eval/run';

function checkpoint(trueHa: number, interval: [number, number] | null): CheckpointResult {
  const m2 = (ha: number) => ha * 10_000;
  return {
    readings: 50_000, settled: true, cells: 100, accuracy4: 0.7, usableAccuracy: 0.85, iou: 0.64, brier: 0.1,
    mapCoveredM2: m2(trueHa), mapClassCoveredM2: m2(trueHa), regionMapCoveredM2: m2(trueHa), trueCoveredM2: m2(trueHa), areaError: 0, expectedAreaError: 0.05,
    expectedIntervalM2: interval && [m2(interval[0]), m2(interval[1])], intervalHoldsTruth: interval && interval[0] <= trueHa && trueHa <= interval[1],
    deadFlagged: 0.5, deadJudgeable: 10, liveFlagged: 3, unregisteredFound: 0.5, unregisteredObservable: 6, liarsFlipHa: 0,
    registryOnly: { usableAccuracy: 0.7, iou: 0.15 }, observationsElseRegistry: { usableAccuracy: 0.85, iou: 0.63 },
  } as CheckpointResult;
}

function seed(seed: number, c: CheckpointResult): SeedResult {
  return {
    seed, hotspots: 120, registered: 108, dead: 11, unregistered: 12, misplaced: 11, liarReadings: 1000, scoredCells: 100, scoredUsableShare: 0.3,
    trueCoveredHa: c.trueCoveredM2 / 10_000, trueUsableBeyondScoredHa: 40, ceilingUsableAccuracy: 0.8, nearThresholdShare: 0.29, deviceCredentials: 'server-issued',
    checkpoints: [c], seconds: 60,
  };
}

describe('the truth simulation report', () => {
  it('when the interval holds the true area on one seed and misses on another, then each table says so and the summary counts 1 of 2', () => {
    const held = seed(1, checkpoint(603, [569, 638])), missed = seed(2, checkpoint(714, [720, 845]));
    expect(seedMarkdown(held)).toContain('| ✓ 569–638 ha |');
    expect(seedMarkdown(missed)).toContain('| ✗ 720–845 ha |');
    expect(summaryMarkdown([held, missed])).toContain('| 1 of 2 |');
    expect(summaryMarkdown([held, missed]).split('\n')[2]).toContain('its 95 % interval holds the truth');
  });

  it('when the server reports no interval, then the cell stays empty and the summary says –', () => {
    const none = seed(1, checkpoint(603, null));
    expect(seedMarkdown(none)).toContain('| +5.0 % |  | 0.100 |');
    expect(summaryMarkdown([none])).toContain('| – | 0.100 / 0.100 |');
  });
});
