// GeoJSON and CSV exports: RFC 7946 by a checker, filters by bbox, time and ward, staff-only raw
// observations without device identifiers, streaming that never blocks writers, and a GDAL round trip.
import { cellToLatLng, getResolution, isValidCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon, distance } from '@turf/turf';
import { addStaff, DOWNTOWN, mintPhone, removeDir, signIn, startServer, type Running } from './harness';
import { rfc7946Problems } from './rfc7946';
import { featureCounts, fieldNames, gdal, HAS_GDAL, NO_GDAL_MESSAGE } from './gdal';
import { createCsvReader } from '../../server/domain/wigle/csv';
import { LAYERS } from '../../server/http/layers';

const PUBLIC = LAYERS.filter((l) => l.access === 'public').map((l) => l.id);
const today = () => new Date().toISOString().slice(0, 10);
const csvRows = (text: string) => {
  const reader = createCsvReader();
  return [...reader.push(text), ...reader.end()].map((r) => r.fields);
};

describe('GeoJSON and CSV exports', () => {
  let s: Running;
  let planner: { cookie: string };
  let volunteer: { cookie: string };
  const get = (path: string) => request(s.url).get(path);
  const asPlanner = (path: string) => get(path).set('Cookie', planner.cookie);

  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_DOWNLOADS_PER_MINUTE: '10000', READ_BUDGET_FEATURES_PER_MINUTE: '100000000' }); // this file downloads every layer many times over
    await addStaff(s, 'pat', 'planner');
    await addStaff(s, 'val', 'volunteer');
    planner = await signIn(s.url, 'pat');
    volunteer = await signIn(s.url, 'val');
    const post = (body: Record<string, unknown>, token?: string) =>
      (token ? request(s.url).post('/api/v1/observations').set('X-Device-Token', token) : request(s.url).post('/api/v1/observations')).send(body).expect(201);
    await post({ ...DOWNTOWN, observedAt: '2026-01-10T12:00:00Z', signalDbm: -62, accuracyM: 5, clientId: '0b6f7c52-1c1e-4d7a-9a55-3f2d2b7e9a01', deviceId: '5f0e6f0a-8f57-4d6c-b9a3-2a1c2d3e4f50' }, await mintPhone(s.url));
    await post({ lon: -80.52, lat: 43.43, observedAt: '2026-02-10T12:00:00Z', signalDbm: -81 });
    // A second phone in both cells: the public layer shows a cell only where two devices measured.
    const second = await mintPhone(s.url);
    await post({ ...DOWNTOWN, observedAt: '2026-01-10T12:30:00Z', signalDbm: -64, accuracyM: 5 }, second);
    await post({ lon: -80.52, lat: 43.43, observedAt: '2026-02-10T12:30:00Z', signalDbm: -83 }, second);
    await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN }).expect(201);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when every public layer is exported as GeoJSON, then each is RFC 7946, an attachment, and as large as the OGC collection', async () => {
    for (const id of PUBLIC) {
      const res = await get(`/api/v1/exports/${id}.geojson`);
      expect(res.status, id).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="wifi-reach-${id}-${today()}.geojson"`);
      const doc = JSON.parse(res.text);
      expect(rfc7946Problems(doc), id).toEqual([]);
      expect(Number(res.headers['x-feature-count'])).toBe(doc.features.length);
      expect(doc.features.length).toBe((await get(`/ogc/collections/${id}/items?limit=1`)).body.numberMatched);
      expect(doc.features.length, id).toBeGreaterThan(0);
      // lon/lat order: Kitchener is west of Greenwich and north of the equator.
      const first = doc.features[0].geometry;
      const [lon, lat] = first.type === 'Point' ? first.coordinates : first.coordinates[0][0];
      expect(lon).toBeLessThan(-80);
      expect(lat).toBeGreaterThan(43);
    }
  });

  it('when a layer is exported as CSV, then a header row, one CRLF line per feature, and the same values as the GeoJSON', async () => {
    const geo = JSON.parse((await get('/api/v1/exports/access-points.geojson')).text) as GeoJSON.FeatureCollection<GeoJSON.Point>;
    const res = await get('/api/v1/exports/access-points.csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/filename="wifi-reach-access-points-.*\.csv"/);
    expect(res.text.split('\r\n').length).toBe(geo.features.length + 2); // header, rows, the empty string after the last CRLF
    const [header, ...rows] = csvRows(res.text);
    expect(header).toEqual(['id', ...LAYERS.find((l) => l.id === 'access-points')!.properties, 'lon', 'lat']);
    expect(rows).toHaveLength(geo.features.length);
    const col = (name: string) => header.indexOf(name);
    rows.forEach((row, i) => {
      const f = geo.features[i];
      expect(row[col('id')]).toBe(String(f.id));
      expect(row[col('name')]).toBe(f.properties!.name);
      expect([Number(row[col('lon')]), Number(row[col('lat')])]).toEqual(f.geometry.coordinates);
      expect(row[col('indoor')]).toBe(String(f.properties!.indoor));
    });
    const wards = csvRows((await get('/api/v1/exports/wards.csv')).text);
    expect(wards[0].at(-1)).toBe('wkt');
    expect(wards[1].at(-1)).toMatch(/^(MULTI)?POLYGON \(\(/);
  });

  it('when every layer\'s declared properties are compared with its features, then they match (the CSV columns are complete)', async () => {
    for (const layer of LAYERS.filter((l) => l.access === 'public')) {
      const doc = JSON.parse((await get(`/api/v1/exports/${layer.id}.geojson`)).text);
      expect(Object.keys(doc.features[0].properties).filter((k) => k !== 'id').sort(), layer.id).toEqual([...layer.properties].sort());
    }
  });

  it('when the coverage model\'s layers are exported, then RFC 7946 GeoJSON and CSV with the polygon as WKT, filtered by bbox and ward', async () => {
    for (const id of ['coverage-cells', 'gaps', 'wards-coverage']) {
      const res = await get(`/api/v1/exports/${id}.geojson`);
      expect(res.status, id).toBe(200);
      const doc = JSON.parse(res.text) as GeoJSON.FeatureCollection;
      expect(rfc7946Problems(doc), id).toEqual([]);
      expect(doc.features.length, id).toBeGreaterThan(0);
      expect(Number(res.headers['x-feature-count'])).toBe(doc.features.length);
      const csv = await get(`/api/v1/exports/${id}.csv`);
      const [header, ...rows] = csvRows(csv.text);
      expect(header, id).toEqual(['id', ...LAYERS.find((l) => l.id === id)!.properties, 'wkt']);
      expect(rows).toHaveLength(doc.features.length);
      expect(rows[0].at(-1)).toMatch(/^(MULTI)?POLYGON \(\(/);
      expect(rows.map((r) => r[0])).toEqual(doc.features.map((f) => String(f.id)));
    }
    const cells = (q: string) => get(`/api/v1/exports/coverage-cells.geojson?${q}`).then((r) => (JSON.parse(r.text) as GeoJSON.FeatureCollection).features);
    const all = await cells('');
    expect(all.length).toBeGreaterThan(5_000); // 100 m blocks over the whole city
    expect(all[0].properties).toMatchObject({ level: 1, class: expect.any(String), dbm: expect.any(Number), coveredShare: expect.any(Number) });
    // H3 ids for joins: a resolution-10 hexagon whose centre is within a hexagon's edge (~76 m) of the block's centre.
    for (const f of all) {
      const h3 = f.properties!.h3 as string;
      expect(isValidCell(h3) && getResolution(h3)).toBe(10);
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0];
      const lons = ring.map((p) => p[0]), lats = ring.map((p) => p[1]);
      const [lat, lon] = cellToLatLng(h3);
      expect(distance([lon, lat], [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2], { units: 'meters' })).toBeLessThan(80);
    }
    expect(new Set(all.map((f) => f.properties!.h3)).size).toBeGreaterThan(0.6 * all.length); // 1 ha blocks, ~1.5 ha hexagons
    const inBox = await cells('bbox=-80.50,43.44,-80.47,43.46');
    expect(inBox.length).toBeGreaterThan(0);
    expect(inBox.length).toBeLessThan(all.length);
    const inWard = await cells('ward=10');
    expect(inWard.length).toBeGreaterThan(0);
    expect(inWard.length).toBeLessThan(all.length);
    const ward10 = JSON.parse((await get('/api/v1/exports/wards-coverage.geojson?ward=10')).text).features;
    expect(ward10.map((f: GeoJSON.Feature) => f.id)).toEqual(['ward-10']);
    expect(ward10[0].properties).toMatchObject({ coveredShare: expect.any(Number), coveredAreaM2: expect.any(Number), areaM2: expect.any(Number) });
  });

  it('when filtered by bbox, then only features inside it are exported', async () => {
    const all = JSON.parse((await get('/api/v1/exports/transit-stops.geojson')).text).features as GeoJSON.Feature<GeoJSON.Point>[];
    const box = [-80.50, 43.44, -80.47, 43.46];
    const inside = all.filter(({ geometry: { coordinates: [lon, lat] } }) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]);
    const res = await get(`/api/v1/exports/transit-stops.geojson?bbox=${box.join(',')}`);
    expect(JSON.parse(res.text).features.map((f: GeoJSON.Feature) => f.id)).toEqual(inside.map((f) => f.id));
  });

  it('when filtered by ward, then exactly the features inside the ward polygon (by number or id); an unknown ward is 400', async () => {
    const ward = (await get('/api/v1/areas/ward-10')).body as GeoJSON.Feature<GeoJSON.Polygon>;
    const all = JSON.parse((await get('/api/v1/exports/transit-stops.geojson')).text).features as GeoJSON.Feature<GeoJSON.Point>[];
    const inside = all.filter((f) => booleanPointInPolygon(f.geometry, ward.geometry)).map((f) => f.id);
    expect(inside.length).toBeGreaterThan(0);
    for (const q of ['ward=10', 'ward=ward-10']) {
      const res = await get(`/api/v1/exports/transit-stops.geojson?${q}`);
      expect(JSON.parse(res.text).features.map((f: GeoJSON.Feature) => f.id)).toEqual(inside);
    }
    const wards = JSON.parse((await get('/api/v1/exports/wards.geojson?ward=10')).text).features;
    expect(wards.map((f: GeoJSON.Feature) => f.id)).toEqual(['ward-10']);
    const bad = await get('/api/v1/exports/transit-stops.geojson?ward=99');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'ward', message: expect.stringMatching(/no ward "ward-99"/) }]);
  });

  it('when filtered by time, then observations outside since…until are left out', async () => {
    const cells = (q: string) => get(`/api/v1/exports/observations.geojson?${q}`).then((r) => JSON.parse(r.text).features.length);
    expect(await cells('')).toBe(2);
    expect(await cells('since=2026-02-01')).toBe(1);
    expect(await cells('until=2026-01-31T23:59:59Z')).toBe(1);
    expect(await cells('since=2026-03-01')).toBe(0);
    const reversed = await get('/api/v1/exports/observations.geojson?since=2026-03-01&until=2026-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors[0].path).toBe('until');
  });

  it('when recommended sites are exported, then planners get up to 10 ranked points with non-increasing gains; others are refused', async () => {
    expect((await get('/api/v1/exports/recommendations.geojson')).status).toBe(401);
    expect((await get('/api/v1/exports/recommendations.geojson').set('Cookie', volunteer.cookie)).status).toBe(403);
    const res = await asPlanner('/api/v1/exports/recommendations.geojson');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text);
    expect(rfc7946Problems(doc)).toEqual([]);
    expect(doc.features.length).toBeGreaterThan(0);
    expect(doc.features.length).toBeLessThanOrEqual(10);
    expect(doc.features.map((f: { properties: { rank: number } }) => f.properties.rank)).toEqual(doc.features.map((_: unknown, i: number) => i + 1));
    const gains = doc.features.map((f: { properties: { gain: number } }) => f.properties.gain);
    expect([...gains].sort((a, b) => b - a)).toEqual(gains);
    expect((await asPlanner('/api/v1/exports/recommendations.csv')).text.split('\n')[0]).toMatch(/rank/);
  });

  it('when raw observations are asked for, then only planners and admins get them, with no device identifiers', async () => {
    expect((await get('/api/v1/exports/observations-raw.geojson')).status).toBe(401);
    expect((await get('/api/v1/exports/observations-raw.geojson').set('Cookie', volunteer.cookie)).status).toBe(403);
    const res = await asPlanner('/api/v1/exports/observations-raw.geojson');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text);
    expect(rfc7946Problems(doc)).toEqual([]);
    expect(doc.features).toHaveLength(4); // staff see every reading, exactly
    expect(doc.features[0].properties).toMatchObject({ signalDbm: -62, accuracyM: 5, observedAt: '2026-01-10T12:00:00.000Z', source: 'app' });
    expect(doc.features[0].geometry.coordinates).toEqual([DOWNTOWN.lon, DOWNTOWN.lat]); // exact, for staff
    const { device_key: deviceKey, cohort_key: cohortKey } = s.store.db.prepare('SELECT device_key, cohort_key FROM observations WHERE device_key IS NOT NULL').get() as { device_key: string; cohort_key: string };
    const csv = (await asPlanner('/api/v1/exports/observations-raw.csv')).text;
    for (const text of [res.text, csv]) {
      for (const secret of ['clientId', 'client_id', 'deviceKey', 'device_key', 'cohortKey', 'cohort_key', 'deviceId', 'naturalKey', '0b6f7c52-1c1e', '5f0e6f0a-8f57', deviceKey, cohortKey]) expect(text).not.toContain(secret);
    }
  });

  it('when the file or a parameter is unknown, then 404 or 400 problems', async () => {
    expect((await get('/api/v1/exports/bus-routes.geojson')).status).toBe(404);
    expect((await get('/api/v1/exports/access-points.kml')).status).toBe(404);
    const res = await get('/api/v1/exports/access-points.geojson?colour=red');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'colour', message: 'unknown field' }]);
    expect((await get('/api/v1/exports')).body.exports.map((e: { id: string }) => e.id)).toEqual(LAYERS.map((l) => l.id));
  });

  describe('streaming a large export', () => {
    const ROWS = 60_000;
    beforeAll(() => {
      const insert = s.store.db.prepare(
        "INSERT INTO observations (observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm) VALUES (?, ?, ?, ?, 10, 'survey', ?)");
      s.store.transaction(() => {
        for (let i = 0; i < ROWS; i++)
          insert.run(new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), '2026-01-01T00:00:00.000Z', -80.55 + (i % 300) * 0.0006, 43.40 + Math.floor(i / 300) * 0.0004, -50 - (i % 45));
      });
    });

    /** Opens the export and returns after its first chunk, with the response paused. */
    const openExport = (path: string) =>
      new Promise<{ res: IncomingMessage; first: Buffer }>((resolve, reject) => {
        httpGet(`${s.url}${path}`, { headers: { Cookie: planner.cookie } }, (res) => {
          res.once('data', (first: Buffer) => {
            res.pause();
            resolve({ res, first });
          });
        }).on('error', reject);
      });

    it('when a slow client holds a large export open, then writes still land, and the rest streams in chunks', async () => {
      const { res, first } = await openExport('/api/v1/exports/observations-raw.geojson');
      expect(Number(res.headers['x-feature-count'])).toBe(ROWS + 4);
      expect(first.length).toBeLessThan(1024 * 1024); // a first chunk, not the whole file
      // The export reads in short chunks, each its own read: a resident's report is not blocked by it.
      const write = await request(s.url).post('/api/v1/reports').send({ kind: 'too_weak', ...DOWNTOWN });
      expect(write.status).toBe(201);
      let chunks = 1;
      const parts: Buffer[] = [first];
      res.on('data', (chunk: Buffer) => {
        chunks += 1;
        parts.push(chunk);
      });
      await new Promise((resolve) => res.on('end', resolve).resume());
      const doc = JSON.parse(Buffer.concat(parts).toString('utf8'));
      expect(doc.features).toHaveLength(ROWS + 4); // one snapshot: the count and the rows agree
      expect(chunks).toBeGreaterThan(10);
    });

    it('when the client goes away mid-export, then the export\'s connection is closed and nothing stays locked', async () => {
      const { res } = await openExport('/api/v1/exports/observations-raw.csv');
      res.destroy();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await request(s.url).post('/api/v1/reports').send({ kind: 'works', ...DOWNTOWN })).status).toBe(201);
      // After that write, a full checkpoint succeeds only if no reader still holds the older snapshot.
      const [result] = s.store.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      expect(result.busy).toBe(0);
    });
  });

  describe.skipIf(!HAS_GDAL)(`round trip through GDAL${HAS_GDAL ? '' : ` (${NO_GDAL_MESSAGE})`}`, () => {
    for (const id of ['access-points', 'wards', 'transit-stops', 'observations']) {
      it(`when ${id}.geojson is converted to GeoPackage by ogr2ogr, then the feature count and the attributes are the same`, async () => {
        const layer = LAYERS.find((l) => l.id === id)!;
        const text = (await get(`/api/v1/exports/${id}.geojson`)).text;
        const file = join(s.dir, `${id}.geojson`);
        writeFileSync(file, text);
        const gpkg = join(s.dir, `${id}.gpkg`);
        await gdal('ogr2ogr', '-f', 'GPKG', gpkg, file, '-nln', id);
        const summary = await gdal('ogrinfo', '-ro', '-so', gpkg, id);
        expect(featureCounts(summary)[id]).toBe(JSON.parse(text).features.length);
        expect(fieldNames(summary)).toEqual(expect.arrayContaining(['id', ...layer.properties]));
      });
    }

    it('when the CSV export is read by GDAL, then it has as many points as the GeoJSON', async () => {
      const file = join(s.dir, 'access-points.csv');
      writeFileSync(file, (await get('/api/v1/exports/access-points.csv')).text);
      const gpkg = join(s.dir, 'access-points-csv.gpkg');
      await gdal('ogr2ogr', '-f', 'GPKG', gpkg, file, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326', '-nln', 'aps');
      const summary = await gdal('ogrinfo', '-ro', '-so', gpkg, 'aps');
      expect(featureCounts(summary).aps).toBe(22);
      expect(summary).toMatch(/Geometry: Point/);
    });
  });
});

describe('limits on anonymous downloads', () => {
  it('when one client downloads layer after layer, then 429 with Retry-After after its share; signed-in staff are not held back', async () => {
    const s = await startServer({ RATE_LIMIT_DOWNLOADS_PER_MINUTE: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await request(s.url).get('/api/v1/exports/wards.geojson')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await request(s.url).get('/api/v1/exports/places.csv');
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await request(s.url).get('/api/v1/exports')).status).toBe(200); // the list of layers is not a download
      await addStaff(s, 'gis', 'planner');
      const { cookie } = await signIn(s.url, 'gis');
      for (let i = 0; i < 5; i++) expect((await request(s.url).get('/api/v1/exports/wards.geojson').set('Cookie', cookie)).status).toBe(200);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });
});
