// The truth simulation's scorer and baselines (scripts/eval) on tiny inputs whose answers are worked out by hand.
import { describe, expect, it } from 'vitest';
import { areaError, cellMetrics, classOf, flippedAreaM2, shareFound, type ScoredCell } from '../../scripts/eval/score';
import { ReadingIndex, registryPredictor } from '../../scripts/eval/baselines';
import { frameAt } from '../../scripts/eval/geo';
import type { RegistryRecord } from '../../scripts/eval/world';

describe('classOf', () => {
  it('when a signal sits on a threshold, then it takes the better class', () => {
    expect([-50, -67, -67.1, -75, -75.1, -85, -85.1, -Infinity].map(classOf)).toEqual(['good', 'good', 'fair', 'fair', 'poor', 'poor', 'none', 'none']);
  });
});

describe('cellMetrics', () => {
  // truth / predicted, area 1 each:
  //   good/good  fair/good  poor/fair  none/none  fair/poor
  // 4-class right: cells 1 and 4 → 2/5. Usable right: 1 (u/u), 2 (u/u), 4 (n/n) → 3/5.
  // Usable truth: 1, 2, 5; usable predicted: 1, 2, 3 → ∩ = {1, 2}, ∪ = {1, 2, 3, 5} → IoU 2/4.
  const cells: ScoredCell[] = [
    { areaM2: 1, truth: 'good', predicted: 'good', pUsable: 0.9 },
    { areaM2: 1, truth: 'fair', predicted: 'good', pUsable: 0.6 },
    { areaM2: 1, truth: 'poor', predicted: 'fair', pUsable: 0.5 },
    { areaM2: 1, truth: 'none', predicted: 'none', pUsable: 0 },
    { areaM2: 1, truth: 'fair', predicted: 'poor', pUsable: 0.2 },
  ];

  it('when given five hand-made cells, then accuracies, IoU and Brier are the hand-computed ones', () => {
    const m = cellMetrics(cells);
    expect(m.cells).toBe(5);
    expect(m.accuracy4).toBeCloseTo(2 / 5, 12);
    expect(m.usableAccuracy).toBeCloseTo(3 / 5, 12);
    expect(m.iou).toBeCloseTo(2 / 4, 12);
    // (0.1² + 0.4² + 0.5² + 0² + 0.8²) / 5 = (0.01 + 0.16 + 0.25 + 0 + 0.64) / 5 = 0.212
    expect(m.brier).toBeCloseTo(0.212, 12);
  });

  it('when cells differ in area, then every metric weighs them by area', () => {
    const m = cellMetrics([{ ...cells[0], areaM2: 3 }, cells[2]]); // right (3 m²) and wrong (1 m²)
    expect(m.accuracy4).toBeCloseTo(3 / 4, 12);
    expect(m.usableAccuracy).toBeCloseTo(3 / 4, 12);
    expect(m.iou).toBeCloseTo(3 / 4, 12);
  });

  it('when a map gives no pUsable, then there is no Brier score; when nothing is usable anywhere, IoU is 1', () => {
    expect(cellMetrics(cells.map(({ pUsable: _p, ...c }) => c)).brier).toBeNull();
    expect(cellMetrics([{ areaM2: 1, truth: 'none', predicted: 'poor' }]).iou).toBe(1);
  });
});

describe('area error, flips and shares', () => {
  it('when the map claims 110 ha of 100 true, then the error is +10 %; 90 ha is −10 %', () => {
    expect(areaError(110, 100)).toBeCloseTo(0.1, 12);
    expect(areaError(90, 100)).toBeCloseTo(-0.1, 12);
    expect(() => areaError(5, 0)).toThrow(/true covered area 0/);
  });

  it('when two maps differ in two cells, then the flipped area is those two cells', () => {
    const a = new Map([[1, true], [2, false], [3, true], [4, true]]);
    const b = new Map([[1, true], [2, true], [3, false], [5, true]]); // 4 and 5 appear in one map only: skipped
    expect(flippedAreaM2(a, b, new Map([[1, 600], [2, 625], [3, 650], [4, 700]]))).toBe(1275);
  });

  it('when 2 of 3 are found, then the share is 2/3; nothing to find counts as found', () => {
    expect(shareFound([1, 2, 3], (n) => n > 1)).toBeCloseTo(2 / 3, 12);
    expect(shareFound([], () => false)).toBe(1);
  });
});

describe('baselines', () => {
  const frame = frameAt(-80.485, 43.44);

  it('when a reading lies 10 m and another 20 m from a cell centre, then the IDW mean weighs them 4 : 1', () => {
    const index = new ReadingIndex();
    index.add({ x: 10, y: 0, dbm: -60 });
    index.add({ x: 0, y: -20, dbm: -90 });
    index.add({ x: 51, y: 0, dbm: -10 }); // beyond 50 m: ignored
    // weights 1/100 and 1/400 → (4·(−60) + 1·(−90)) / 5 = −66
    expect(index.idwDbm(0, 0)).toBeCloseTo(-66, 9);
    expect(index.idwDbm(500, 500)).toBeNull();
  });

  it('when a reading is closer than 5 m, then it weighs as if 5 m away', () => {
    const index = new ReadingIndex();
    index.add({ x: 0, y: 0, dbm: -70 });
    index.add({ x: 30, y: 0, dbm: -90 });
    // from (1, 0): 1 m counts as 5 m → 1/25; 29 m → 1/841; (−70·841 − 90·25) / (841 + 25) = −61120 / 866
    expect(index.idwDbm(1, 0)).toBeCloseTo(-61120 / 866, 9);
  });

  it('when the registry lists a nominal indoor access point, then the registry-only map is the product default: −32 dBm at 1 m, n = 2.8', () => {
    const record: RegistryRecord = { hotspotId: 0, name: 'a', lon: frame.lon(0), lat: frame.lat(0), offsetM: 0, misplaced: false, eirpDbm: 20, band: '2.4', indoor: true, bssids: [] };
    const predict = registryPredictor([record], frame);
    expect(predict(0, 0)).toBeCloseTo(20 - 40 - 12, 6);
    expect(predict(100, 0)).toBeCloseTo(-32 - 28 * 2, 6); // 10·2.8·log10(100) = 56 dB
  });
});
