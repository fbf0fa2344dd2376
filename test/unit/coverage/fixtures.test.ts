// Golden fixtures a person can open on a map (geojson.io, QGIS): inputs blue, results red (simplestyle-spec).
// `REGEN=1 npx vitest run test/unit/coverage/fixtures.test.ts` rewrites the expected *.out.geojson files.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type AccessPointInput, type PlaceInput, type ReportInput } from '../../../server/domain/coverage/index';
import { DAY_MS, NOW } from './helpers';

const DIR = fileURLToPath(new URL('../../fixtures/coverage/', import.meta.url));
const RED = '#d1242f';
const names = readdirSync(DIR).filter((f) => f.endsWith('.in.geojson')).map((f) => f.replace('.in.geojson', ''));

function run(input: GeoJSON.FeatureCollection) {
  const byRole = (role: string) => input.features.filter((f) => f.properties?.role === role);
  const [boundary] = byRole('boundary');
  const point = (f: GeoJSON.Feature) => (f.geometry as GeoJSON.Point).coordinates as [number, number];
  const engine = createCoverageEngine({
    boundary: boundary.geometry as GeoJSON.Polygon,
    now: NOW,
    accessPoints: byRole('access-point').map((f): AccessPointInput => ({ ...f.properties, id: f.properties!.id, position: point(f) })),
    places: byRole('place').map((f): PlaceInput => ({ id: f.properties!.id, kind: f.properties!.kind, demand: f.properties!.demand, position: point(f) })),
    reports: byRole('report').map((f): ReportInput => ({ kind: f.properties!.kind, deviceKey: f.properties!.deviceKey, lon: point(f)[0], lat: point(f)[1], time: NOW - f.properties!.ageDays * DAY_MS })),
  });
  const gaps = engine.gaps({ includeTiny: true }).map((g): GeoJSON.Feature => ({
    type: 'Feature',
    properties: { role: 'gap', ...g, bbox: undefined, stroke: RED, 'stroke-width': 2, fill: RED, 'fill-opacity': g.confirmed ? 0.45 : 0.2 },
    geometry: engine.gapGeometry(g.id),
  }));
  const stats = engine.statistics();
  return {
    type: 'FeatureCollection',
    stats: { coveredShare: stats.city.coveredShare, coveredAreaM2: stats.city.coveredAreaM2, gapAreaM2: stats.gaps.areaM2, cityAreaM2: stats.city.areaM2, places: stats.places },
    features: [...input.features, ...JSON.parse(JSON.stringify(gaps))],
  };
}

describe('golden fixtures', () => {
  it.each(names)('when %s is computed, then it matches its .out.geojson', (name) => {
    const input = JSON.parse(readFileSync(`${DIR}${name}.in.geojson`, 'utf8'));
    const output = run(input);
    const outPath = `${DIR}${name}.out.geojson`;
    if (process.env.REGEN) writeFileSync(outPath, JSON.stringify(output, null, 1) + '\n');
    expect(output).toEqual(JSON.parse(readFileSync(outPath, 'utf8')));
  });
});
