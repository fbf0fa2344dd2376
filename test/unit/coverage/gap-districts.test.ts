// Gaps on the real Kitchener boundary and wards with the seeded hotspots: a city that free Wi-Fi barely
// reaches must still give planners a ranked list of neighbourhood-sized gaps, not one gap the size of the city.
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type AccessPointInput, type PlaceInput } from '../../../server/domain/coverage/index';
import { radioEnvironment } from '../../../server/domain/ap-environment';
import { NOW, readData } from './helpers';

const boundary = readData('kitchener-boundary.geojson').features[0].geometry as GeoJSON.Polygon;
const wards = readData('kitchener-wards.geojson').features.map((f) => ({ id: String(f.properties!.id), name: String(f.properties!.name), geometry: f.geometry as GeoJSON.Polygon }));
const accessPoints = readData('access-points.geojson').features.map((f): AccessPointInput => ({
  id: f.properties!.seedId,
  position: (f.geometry as GeoJSON.Point).coordinates as [number, number],
  ...radioEnvironment(f.properties!.environment),
  eirpDbm: f.properties!.eirpDbm,
  band: f.properties!.band,
}));

const places = [...readData('places.geojson').features, ...readData('transit-stops.geojson').features].map((f): PlaceInput => ({
  id: f.properties!.seedId, kind: f.properties!.kind, demand: f.properties!.demand ?? 1, name: f.properties!.name, position: (f.geometry as GeoJSON.Point).coordinates as [number, number],
}));

describe('gaps split by ward and tile', () => {
  const engine = createCoverageEngine({ boundary, wards, accessPoints, places, now: NOW });
  const whole = createCoverageEngine({ boundary, accessPoints, now: NOW, options: { gapTileM: 0 } });
  const stats = engine.statistics();

  it('when the seeded hotspots cover a sliver of the city, then the uncovered city is many ranked gaps, each in one ward and one square kilometre', () => {
    const ranked = engine.gaps().filter((g) => g.rank !== null);
    expect(ranked.length).toBeGreaterThan(100);
    const tileM2 = 40 * 40 * Math.max(...engine.state.grid.rowAreaM2); // a tile is 40 × 40 cells of 25 m (true areas vary a little with latitude)
    for (const g of engine.gaps({ includeTiny: true })) {
      expect(g.areaM2).toBeLessThanOrEqual(tileM2);
      expect(g.ward).not.toBeNull();
    }
    // Every gap cell is in the gap's ward.
    const wardIndex = new Map(engine.state.areas.map((a, k) => [a.id, k]));
    const byLabel = new Map<number, number>();
    for (const g of engine.gaps({ includeTiny: true })) byLabel.set(engine.state.gapIndex.label[g.id], wardIndex.get(g.ward!.id)!);
    for (let cell = 0; cell < engine.state.grid.cellCount; cell++) {
      const l = engine.state.gapIndex.label[cell];
      if (l >= 0) expect(engine.state.ward[cell]).toBe(byLabel.get(l));
    }
    expect(ranked[0].demand.total).toBeGreaterThanOrEqual(ranked[ranked.length - 1].demand.total); // ranked by need
  });

  it('when gaps are split, then together they are still exactly the uncovered city', () => {
    const cells = engine.gaps({ includeTiny: true }).reduce((sum, g) => sum + g.cells, 0);
    expect(cells + stats.cells.covered).toBe(engine.state.inside.reduce((a, b) => a + b, 0));
    expect(stats.gaps.areaM2).toBeCloseTo(whole.statistics().gaps.areaM2, 0);
  });

  it('when tiles are off and there are no wards, then the uncovered city is one connected gap', () => {
    const [first, ...rest] = whole.gaps();
    expect(first.areaM2 / whole.statistics().city.areaM2).toBeGreaterThan(0.9);
    expect(first.ward).toBeNull();
    expect(rest.every((g) => g.areaM2 < first.areaM2 / 100)).toBe(true);
  });

  it('when a gap has places in it, then it is named after one people know: a place before a transit stop, the most demand first', () => {
    const byId = new Map(places.map((p) => [p.id, p]));
    let named = 0;
    for (const g of engine.gaps({ includeTiny: true })) {
      const inside = g.placeIds.map((id) => byId.get(id)!);
      if (inside.length === 0) {
        expect(g.landmark).toBeNull();
        continue;
      }
      const candidates = inside.some((p) => p.kind !== 'transit_stop') ? inside.filter((p) => p.kind !== 'transit_stop') : inside;
      const most = Math.max(...candidates.map((p) => p.demand ?? 1));
      expect(candidates.filter((p) => (p.demand ?? 1) === most).map((p) => p.name)).toContain(g.landmark);
      named++;
    }
    expect(named).toBeGreaterThan(100);
  });
});
