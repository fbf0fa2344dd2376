// applyObservationBatch (the server's ingest queue) against its oracle: the same readings added one at a time.
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type CoverageEngine, type ObservationInput, type Random } from '../../../server/domain/coverage/index';
import { DAY_MS, NOW, randomAccessPoints, seeded, smallArea } from './helpers';

const area = smallArea();
const engine = (seed: number) => createCoverageEngine({ boundary: area, accessPoints: randomAccessPoints(seeded(seed), area, 30), now: NOW });

/** Seeded readings in the area: levels and "no free network", a few devices, some vague, some old. */
function readings(random: Random, e: CoverageEngine, count: number): ObservationInput[] {
  const [w, s, east, n] = e.bbox();
  return Array.from({ length: count }, (_, i) => ({
    lon: w + (east - w) * random(), lat: s + (n - s) * random(),
    accuracyM: random() < 0.8 ? 5 + 40 * random() : 50 + 120 * random(),
    time: NOW - 200 * DAY_MS * random(),
    deviceKey: random() < 0.1 ? null : `device-${i % 7}`,
    signalDbm: random() < 0.3 ? null : Math.round(-95 + 55 * random()),
  }));
}

const state = (e: CoverageEngine) => ({
  cls: Array.from(e.state.cls), fused: Array.from(e.state.fused), pUsable: Array.from(e.state.pUsable),
  stats: e.statistics(), gaps: e.gaps({ includeTiny: true }).map((g) => [g.cells, g.areaM2, g.devices]),
});

describe('applyObservationBatch', () => {
  for (const [seed, n] of [[1, 300], [2, 1_500]] as const)
    it(`when ${n} readings arrive as one batch, then cells, classes, gaps and statistics are what adding them one by one gives (seed ${seed})`, () => {
      const one = engine(seed), batch = engine(seed);
      const list = readings(seeded(100 + seed), one, n);
      for (const o of list) one.addObservation(o);
      const before = batch.version;
      batch.applyObservationBatch(list);
      expect(batch.version).toBeGreaterThan(before); // cached answers (gap summaries, tiles) know the model changed
      const [a, b] = [state(one), state(batch)];
      expect(b.cls).toEqual(a.cls);
      expect(b.gaps).toEqual(a.gaps);
      expect(b.stats).toEqual(a.stats);
      b.fused.forEach((v, i) => (Number.isNaN(v) ? expect(a.fused[i]).toBeNaN() : expect(v).toBeCloseTo(a.fused[i], 3)));
      b.pUsable.forEach((v, i) => expect(v).toBeCloseTo(a.pUsable[i], 5));
    });

  it('when one reading of a batch is invalid, then nothing of the batch changes the model', () => {
    const e = engine(3);
    const before = state(e);
    const list = readings(seeded(7), e, 50);
    list[20] = { ...list[20], signalDbm: 12 }; // louder than any radio reports
    expect(() => e.applyObservationBatch(list)).toThrow(/signalDbm/);
    expect(state(e)).toEqual(before);
  });
});
