// OGC API – Features Part 1 (Core) at /ogc: landing page, conformance, collections with extents,
// items with limit, offset paging, bbox and datetime, single features; then GDAL as a real client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addStaff, DOWNTOWN, mintPhone, REPO, removeDir, signIn, startServer, type Running } from './harness';
import { featureCounts, fieldNames, gdal, HAS_GDAL, NO_GDAL_MESSAGE } from './gdal';
import { publicPosition } from '../../server/domain/service-area';
import { cellId, cellOf } from '../../server/domain/public-cells';
import { bbox, bboxPolygon, booleanIntersects, booleanPointInPolygon } from '@turf/turf';

/**
 * A 20 m box that lies inside one feature's envelope but outside its polygon (and inside another feature),
 * found by walking a grid over the envelope: the case envelope tests get wrong.
 */
function probeBox(features: GeoJSON.Feature[]): { box: number[]; envelopeOnly: GeoJSON.Feature } | undefined {
  const half = 0.0001; // degrees: ~10 m
  for (const f of features) {
    const [w, s, e, n] = bbox(f);
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
      const lon = w + ((e - w) * i) / 20, lat = s + ((n - s) * j) / 20;
      const box = [lon - half, lat - half, lon + half, lat + half];
      const polygon = bboxPolygon(box as [number, number, number, number]);
      if (booleanIntersects(f, polygon)) continue;
      if (features.some((g) => booleanPointInPolygon([lon, lat], g as GeoJSON.Feature<GeoJSON.Polygon>))) return { box, envelopeOnly: f };
    }
  }
  return undefined;
}

const seed = (file: string) => (JSON.parse(readFileSync(`${REPO}data/${file}`, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Point>).features;
const STOPS = seed('transit-stops.geojson');
const MODEL_COLLECTIONS = ['coverage-cells', 'gaps', 'wards-coverage']; // from the live coverage model, not SQL
const COLLECTIONS = ['access-points', 'reports', 'observations', 'places', 'transit-stops', 'wards', ...MODEL_COLLECTIONS];
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

// Three readings in one 25 m cell beside the Central Library, a day apart; one elsewhere with no free network.
const T = ['2026-01-10T12:00:00.000Z', '2026-01-11T12:00:00.000Z', '2026-01-12T12:00:00.000Z'];
const CELL_POINTS = [[-80.48621, 43.45271], [-80.48625, 43.45274], [-80.48619, 43.45269]];
const ELSEWHERE = { lon: -80.5000, lat: 43.4300 };

interface Page {
  type: string; numberMatched: number; numberReturned: number; timeStamp: string;
  features: GeoJSON.Feature[]; links: { rel: string; href: string; type: string }[];
}
/** A planner's API token, as QGIS or a script would hold one. */
async function staffToken(s: Running): Promise<string> {
  await addStaff(s, 'gis', 'planner');
  const session = await signIn(s.url, 'gis');
  return (await request(s.url).post('/api/v1/tokens').set('Cookie', session.cookie).set('x-csrf-token', session.csrfToken).send({ name: 'qgis' }).expect(201)).body.token;
}
const linkOf = (body: { links: { rel: string; href: string; type?: string }[] }, rel: string) => body.links.find((l) => l.rel === rel);
const pathOf = (href: string) => href.replace(/^https?:\/\/[^/]+/, '');

describe('OGC API – Features', () => {
  let s: Running;
  let token: string; // a planner's API token: pages of up to 10,000 (anonymous callers get 1,000)
  const get = (path: string) => request(s.url).get(path);
  const items = async (path: string, asStaff = false): Promise<Page> => {
    const res = asStaff ? await get(path).set('Authorization', `Bearer ${token}`) : await get(path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  };

  beforeAll(async () => {
    s = await startServer();
    // Two phones measure each time: the public sees a cell only where two devices measured.
    const phones = [await mintPhone(s.url), await mintPhone(s.url)];
    const post = (body: Record<string, unknown>, phone = phones[0]) => request(s.url).post('/api/v1/observations').set('X-Device-Token', phone).send(body).expect(201);
    for (const phone of phones) {
      for (const [i, [lon, lat]] of CELL_POINTS.entries()) await post({ lon, lat, observedAt: T[i], signalDbm: [-60, -70, -80][i], accuracyM: 5 }, phone);
      await post({ ...ELSEWHERE, observedAt: '2025-12-01T08:00:00Z', noFreeNetwork: true }, phone);
    }
    await post({ ...ELSEWHERE, observedAt: '2026-01-11T12:00:00Z', signalDbm: -50, source: 'simulated' }); // never public
    for (const kind of ['no_wifi', 'too_weak', 'works']) await request(s.url).post('/api/v1/reports').send({ kind, ...DOWNTOWN, note: 'my flat is above the café' }).expect(201);
    const hidden = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon: -80.47, lat: 43.44 }).expect(201);
    s.store.db.prepare("UPDATE reports SET status = 'hidden' WHERE id = ?").run(hidden.body.id);
    token = await staffToken(s);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when the landing page is read, then it links itself, the OpenAPI description, its docs, conformance and data', async () => {
    const res = await get('/ogc');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    const rels = Object.fromEntries(res.body.links.filter((l: { rel: string }) => l.rel !== 'license').map((l: { rel: string; type: string }) => [l.rel, l.type]));
    expect(rels).toEqual({
      self: 'application/json', alternate: 'text/html', 'service-desc': 'application/vnd.oai.openapi+json;version=3.0', 'service-doc': 'text/html',
      conformance: 'application/json', data: 'application/json',
    });
    // Licences as data/README.md records them: the City's licence text, and the Region's attribution line.
    const licences = res.body.links.filter((l: { rel: string }) => l.rel === 'license');
    expect(licences.map((l: { href: string }) => l.href)).toContain('https://www.kitchener.ca/en/insidecityhall/Open-data-license.asp');
    expect(res.body.attribution).toContain('Regional Municipality of Waterloo');
    const api = await get(pathOf(linkOf(res.body, 'service-desc')!.href));
    expect(api.headers['content-type']).toMatch(/^application\/vnd\.oai\.openapi\+json;\s*version=3\.0/);
    const doc = JSON.parse(api.text);
    expect(doc.openapi).toMatch(/^3\.0/);
    const limit = doc.paths['/collections/{collectionId}/items'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ minimum: 1, maximum: 10_000, default: 10 });
    expect((await get(pathOf(linkOf(res.body, 'service-doc')!.href))).text).toMatch(/OAPIF:/);
    expect((await get('/ogc/?f=json')).status).toBe(200);
  });

  it('when conformance is read, then it declares Core, GeoJSON and OpenAPI 3.0', async () => {
    const res = await get('/ogc/conformance');
    expect(res.body.conformsTo).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]));
  });

  it('when collections are listed, then each has a CRS84 bbox, a temporal extent where it has time, and an items link', async () => {
    const res = await get('/ogc/collections');
    expect(res.body.collections.map((c: { id: string }) => c.id)).toEqual(COLLECTIONS);
    for (const c of res.body.collections) {
      expect(c.extent.spatial.crs).toBe(CRS84);
      const [[minLon, minLat, maxLon, maxLat]] = c.extent.spatial.bbox;
      expect(minLon).toBeLessThanOrEqual(maxLon);
      expect(minLat).toBeLessThanOrEqual(maxLat);
      expect(linkOf(c, 'items')).toMatchObject({ type: 'application/geo+json' });
      expect(c.crs).toEqual([CRS84, ...[3857, 26917, 2952].map((n) => `http://www.opengis.net/def/crs/EPSG/0/${n}`)]);
      expect(c.storageCrs).toBe(CRS84);
    }
    const byId = Object.fromEntries(res.body.collections.map((c: { id: string }) => [c.id, c]));
    // The transit stops' extent is exactly the seed file's.
    const lons = STOPS.map((f) => f.geometry.coordinates[0]);
    const lats = STOPS.map((f) => f.geometry.coordinates[1]);
    expect(byId['transit-stops'].extent.spatial.bbox[0]).toEqual([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]);
    expect(byId.observations.extent.temporal.interval).toEqual([['2025-12-01T00:00:00Z', '2026-01-12T23:59:59Z']]); // whole days; the simulated one is not counted
    expect(byId.reports.extent.temporal.trs).toBe('http://www.opengis.net/def/uom/ISO-8601/0/Gregorian');
    expect(byId.places.extent.temporal).toBeUndefined();
    expect((await get('/ogc/collections/wards')).body.id).toBe('wards');
  });

  it('when the coverage model\'s layers are listed, then each is a collection without time, paged with next links', async () => {
    const listed = (await get('/ogc/collections')).body.collections as { id: string; extent: { temporal?: unknown } }[];
    for (const id of MODEL_COLLECTIONS) {
      const c = listed.find((l) => l.id === id)!;
      expect(c, id).toBeDefined();
      expect(c.extent.temporal, id).toBeUndefined();
      const only = await items(`/ogc/collections/${id}/items?limit=1`);
      expect(only.numberMatched, id).toBeGreaterThan(0);
      // datetime means nothing here: ignored, as for the other timeless collections.
      expect((await items(`/ogc/collections/${id}/items?limit=1&datetime=2020-01-01T00:00:00Z`)).numberMatched).toBe(only.numberMatched);
      const one = await get(`/ogc/collections/${id}/items/${encodeURIComponent(String(only.features[0].id))}`);
      expect(one.status, id).toBe(200);
      expect(one.body.properties).toEqual(only.features[0].properties);
      // Gaps too: the seeded city's uncovered area is split at ward lines and into 1 km squares.
      if (id === 'gaps') expect(only.features[0].properties).toMatchObject({ rank: 1, wardId: expect.stringMatching(/^ward-/), wardName: expect.stringMatching(/^Ward /) });
      const first = await items(`/ogc/collections/${id}/items?limit=3`);
      expect(first.numberMatched, id).toBeGreaterThan(3);
      expect(first.numberReturned).toBe(3);
      const next = linkOf(first, 'next')!;
      expect(new URL(next.href).searchParams.get('offset'), id).toBe('3');
      const second = await items(pathOf(next.href));
      expect(second.numberMatched).toBe(first.numberMatched);
      const ids = [...first.features, ...second.features].map((f) => f.id);
      expect(new Set(ids).size, id).toBe(ids.length); // no feature twice across pages
    }
    const cells = await items('/ogc/collections/coverage-cells/items?limit=1');
    expect(cells.numberMatched).toBeGreaterThan(5_000); // 100 m blocks over the whole city
    expect(Object.keys(cells.features[0].properties!)).toEqual(expect.arrayContaining(['class', 'dbm', 'confidence', 'coveredShare']));
    const wards = await items('/ogc/collections/wards-coverage/items?limit=100');
    expect(wards.numberMatched).toBe(10);
    for (const w of wards.features) {
      expect(w.properties!.coveredShare).toBeGreaterThanOrEqual(0);
      expect(w.properties!.coveredShare).toBeLessThanOrEqual(1);
      expect(w.properties!.coveredAreaM2).toBeLessThanOrEqual(w.properties!.areaM2);
    }
  });

  it('when a bbox is given to a coverage-model collection, then exactly the features whose geometry meets it, not their envelope', async () => {
    const box = [-80.50, 43.44, -80.47, 43.46];
    const bounds = (f: GeoJSON.Feature) => bbox(f) as number[];
    const overlaps = (b: number[], q = box) => b[0] <= q[2] && q[0] <= b[2] && b[1] <= q[3] && q[1] <= b[3];
    // 100 m blocks are rectangles: their envelope is their geometry.
    const all = await items('/ogc/collections/coverage-cells/items?limit=10000', true);
    const rest = all.numberMatched > 10_000 ? (await items('/ogc/collections/coverage-cells/items?limit=10000&offset=10000', true)).features : [];
    const expected = [...all.features, ...rest].filter((f) => overlaps(bounds(f))).map((f) => f.id);
    const inBox = await items(`/ogc/collections/coverage-cells/items?bbox=${box.join(',')}&limit=10000`, true);
    expect(inBox.numberMatched).toBe(expected.length);
    expect(inBox.numberMatched).toBeGreaterThan(0);
    expect(inBox.numberMatched).toBeLessThan(all.numberMatched);
    expect(inBox.features.map((f) => f.id)).toEqual(expected);
    // Wards and gaps: a small box inside a ward's envelope but outside its polygon does not return it (issue 12).
    for (const id of ['wards-coverage', 'gaps', 'wards']) {
      const every = (await items(`/ogc/collections/${id}/items?limit=1000`)).features;
      const probe = probeBox(every);
      expect(probe, id).toBeDefined();
      const { box: q, envelopeOnly } = probe!;
      const got = (await items(`/ogc/collections/${id}/items?bbox=${q.join(',')}&limit=1000`)).features.map((f) => f.id);
      expect(got, id).not.toContain(envelopeOnly.id);
      expect(got.length, id).toBeGreaterThan(0); // the box lies in some feature
      // Each returned feature meets the box; the box's centre lies in one of them (an outside oracle: the seed's polygons).
      for (const f of every.filter((g) => got.includes(g.id))) expect(booleanIntersects(f, bboxPolygon(q as [number, number, number, number])), `${id} ${f.id}`).toBe(true);
      // The export reads the same layer the same way.
      if (id !== 'wards') {
        const exported = await get(`/api/v1/exports/${id}.geojson?bbox=${q.join(',')}`);
        expect((exported.body as GeoJSON.FeatureCollection).features.map((f) => f.id).sort()).toEqual([...got].sort());
      }
    }
  });

  it('when a collection does not exist, then 404 problem+json', async () => {
    const res = await get('/ogc/collections/bus-routes/items');
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
    expect((await get('/ogc/nothing-here')).status).toBe(404);
  });

  it('when items are read without parameters, then 10 GeoJSON features, the counts, a time stamp and a next link', async () => {
    const res = await get('/ogc/collections/transit-stops/items');
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const page = res.body as Page;
    expect(page).toMatchObject({ type: 'FeatureCollection', numberMatched: STOPS.length, numberReturned: 10 });
    expect(page.features).toHaveLength(10);
    expect(Math.abs(Date.parse(page.timeStamp) - Date.now())).toBeLessThan(60_000);
    const next = new URL(linkOf(page, 'next')!.href);
    expect([next.searchParams.get('limit'), next.searchParams.get('offset')]).toEqual(['10', '10']);
    expect(linkOf(page, 'next')!.type).toBe('application/geo+json');
    expect(linkOf(page, 'prev')).toBeUndefined();
  });

  it('when next links are followed, then every feature comes exactly once, and prev goes back', async () => {
    const ids = new Set<unknown>();
    let path: string | undefined = '/ogc/collections/transit-stops/items?limit=500';
    let pages = 0;
    while (path) {
      const page: Page = await items(path);
      page.features.forEach((f) => ids.add(f.id));
      expect(page.numberReturned).toBe(page.features.length);
      if (pages === 1) expect(new URL(linkOf(page, 'prev')!.href).searchParams.get('offset')).toBe('0');
      const next = linkOf(page, 'next');
      path = next && pathOf(next.href);
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(STOPS.length / 500));
    expect(ids.size).toBe(STOPS.length);
  });

  it('when a bbox is given, then exactly the features inside it are matched', async () => {
    const box = [-80.50, 43.44, -80.47, 43.46];
    const inside = STOPS.filter(({ geometry: { coordinates: [lon, lat] } }) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]);
    const page = await items(`/ogc/collections/transit-stops/items?bbox=${box.join(',')}&limit=10000`);
    expect(page.numberMatched).toBe(inside.length);
    expect(inside.length).toBeGreaterThan(10);
    for (const f of page.features) {
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
      expect(lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]).toBe(true);
    }
    // Wards meet the box by their polygons.
    const wards = await items(`/ogc/collections/wards/items?bbox=${box.join(',')}`);
    expect(wards.numberMatched).toBeGreaterThan(0);
    expect(wards.numberMatched).toBeLessThan(10);
  });

  it('when datetime is an instant, a closed or an open interval, then observations are aggregated within it', async () => {
    const cell = async (datetime: string) => {
      const page = await items(`/ogc/collections/observations/items?datetime=${encodeURIComponent(datetime)}`);
      return page.features.find((f) => f.id === cellId(cellOf([CELL_POINTS[0][0], CELL_POINTS[0][1]], 25)))?.properties;
    };
    // Times are published to the day, and a window widens to whole days: 12:00 is the same as the day.
    expect(await cell(T[1])).toMatchObject({ observations: 2, meanDbm: -70, newestAt: '2026-01-11T00:00:00Z' });
    expect(await cell('2026-01-11T23:00:00Z')).toMatchObject({ observations: 2, meanDbm: -70 });
    expect(await cell(`${T[0]}/${T[1]}`)).toMatchObject({ observations: 4, meanDbm: -65, firstAt: '2026-01-10T00:00:00Z', newestAt: '2026-01-11T00:00:00Z' });
    expect(await cell(`../${T[0]}`)).toMatchObject({ observations: 2, meanDbm: -60 });
    expect(await cell(`${T[2]}/..`)).toMatchObject({ observations: 2, meanDbm: -80, newestAt: '2026-01-12T00:00:00Z' });
    expect(await cell('2026-01-11')).toMatchObject({ observations: 2, meanDbm: -70 });
    expect(await cell('2027-01-01T00:00:00Z/..')).toBeUndefined();
    // A collection without a time ignores datetime.
    expect((await items('/ogc/collections/places/items?datetime=2020-01-01T00:00:00Z')).numberMatched).toBe((await items('/ogc/collections/places/items')).numberMatched);
  });

  it('when observations are published, then only as 25 m cells: count, mean, first and newest time; no device, no simulation', async () => {
    const page = await items('/ogc/collections/observations/items');
    expect(page.numberMatched).toBe(2); // the library cell and the "no free network" cell; the simulated reading is left out
    const cell = page.features.find((f) => f.properties!.observations === 6)!;
    expect(cell.properties).toMatchObject({ cellM: 25, signalReadings: 6, meanDbm: -70, noFreeNetwork: 0, noFreeNetworkShare: 0, firstAt: '2026-01-10T00:00:00Z', newestAt: '2026-01-12T00:00:00Z' });
    expect([cell.properties!.centreLon, cell.properties!.centreLat]).toEqual(publicPosition([CELL_POINTS[0][0], CELL_POINTS[0][1]], 25));
    expect(cell.geometry.type).toBe('Polygon');
    const text = JSON.stringify(page);
    for (const secret of ['deviceKey', 'device_key', 'deviceId', 'clientId', 'simulated']) expect(text).not.toContain(secret);
    const one = await get(`/ogc/collections/observations/items/${cell.id}`);
    expect(one.body.properties).toEqual(cell.properties);
    // Paged past the end, the count is still the count.
    expect(await items('/ogc/collections/observations/items?offset=5')).toMatchObject({ numberMatched: 2, numberReturned: 0 });
    expect(await items('/ogc/collections/observations/items?limit=1&offset=1')).toMatchObject({ numberMatched: 2, numberReturned: 1 });
  });

  it('when reports are read, then exactly what the public API shows: rounded positions, no unpublished note, nothing hidden', async () => {
    const ogc = await items('/ogc/collections/reports/items?limit=100');
    const api = (await get('/api/v1/reports')).body as GeoJSON.FeatureCollection;
    expect(ogc.features.map(({ id, geometry, properties }) => ({ id, geometry, properties }))).toEqual(api.features.map(({ id, geometry, properties }) => ({ id, geometry, properties })));
    expect(ogc.numberMatched).toBe(3);
    for (const f of ogc.features) {
      expect(f.properties!.note).toBeNull();
      expect((f.geometry as GeoJSON.Point).coordinates).toEqual(publicPosition([DOWNTOWN.lon, DOWNTOWN.lat], 25));
    }
  });

  it('when one feature is fetched, then it is the registry\'s own feature with links; an unknown id is 404', async () => {
    const res = await get('/ogc/collections/access-points/items/1');
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const api = (await get('/api/v1/access-points/1')).body;
    const { assessment, ...flat } = api.properties; // the API's nested assessment stays out of flat GIS layers
    expect(assessment).toHaveProperty('probablyDown', api.properties.probablyDown);
    expect({ ...res.body, links: undefined }).toEqual({ ...api, properties: flat, links: undefined });
    expect(linkOf(res.body, 'collection')).toBeDefined();
    expect((await get('/ogc/collections/wards/items/ward-3')).body.geometry.type).toMatch(/Polygon/);
    for (const missing of ['/ogc/collections/access-points/items/424242', '/ogc/collections/access-points/items/abc', '/ogc/collections/wards/items/ward-99', '/ogc/collections/observations/items/1_2']) {
      const r = await get(missing);
      expect(r.status, missing).toBe(404);
      expect(r.type).toBe('application/problem+json');
    }
  });

  it('when a parameter is unknown or invalid, then 400 problem+json naming each; f=json and f=html are accepted, f=xml is not', async () => {
    const res = await get('/ogc/collections/transit-stops/items?limit=0&colour=red&bbox=1,2&datetime=tomorrow');
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['bbox', 'colour', 'datetime', 'limit']);
    expect((await get('/ogc/collections?page=2')).status).toBe(400);
    expect((await get('/ogc/collections/transit-stops/items?f=json')).status).toBe(200);
    expect((await get('/ogc/collections/transit-stops/items?f=html')).type).toBe('text/html');
    const xml = await get('/ogc/collections/transit-stops/items?f=xml');
    expect(xml.status).toBe(400);
    expect(xml.body.errors[0]).toMatchObject({ path: 'f' });
  });

  describe.skipIf(!HAS_GDAL)(`GDAL as a client${HAS_GDAL ? '' : ` (${NO_GDAL_MESSAGE})`}`, () => {
    it('when ogrinfo opens OAPIF:…/ogc, then it lists every collection with the counts the API reports', async () => {
      const listing = await gdal('ogrinfo', '-ro', '-so', `OAPIF:${s.url}/ogc`);
      for (const id of COLLECTIONS) expect(listing).toMatch(new RegExp(`^\\d+: ${id}\\b`, 'm'));
      const counts = featureCounts(await gdal('ogrinfo', '-ro', '-so', '-al', `OAPIF:${s.url}/ogc`));
      const expected: Record<string, number> = {};
      for (const id of COLLECTIONS) expected[id] = (await items(`/ogc/collections/${id}/items?limit=1`)).numberMatched;
      expect(counts).toEqual(expected);
      expect(counts['transit-stops']).toBe(STOPS.length);
    });

    it('when ogr2ogr copies a collection larger than one page, then it pages through every feature with its attributes', async () => {
      const gpkg = join(s.dir, 'stops.gpkg');
      await gdal('ogr2ogr', '-f', 'GPKG', gpkg, `OAPIF:${s.url}/ogc`, 'transit-stops', '-oo', 'PAGE_SIZE=100');
      const summary = await gdal('ogrinfo', '-ro', '-so', gpkg, 'transit-stops');
      expect(featureCounts(summary)['transit-stops']).toBe(STOPS.length); // 14 pages of 100
      expect(fieldNames(summary)).toEqual(expect.arrayContaining(['name', 'kind', 'address', 'wifiEvidence', 'demand']));
      const sample = await gdal('ogrinfo', '-ro', '-q', gpkg, '-sql', "SELECT count(DISTINCT name) AS n FROM \"transit-stops\"");
      expect(Number(/n \(Integer\) = (\d+)/.exec(sample)![1])).toBe(new Set(STOPS.map((f) => f.properties!.name)).size);
    });
  });
});

describe('OGC API – Features: the page-size limit', () => {
  let s: Running;
  let token: string;
  beforeAll(async () => {
    s = await startServer();
    token = await staffToken(s);
    // 10,050 more stops, so a page can be larger than the maximum.
    const insert = s.store.db.prepare("INSERT INTO places (seed_key, name, kind, lon, lat) VALUES (?, 'Test stop', 'transit_stop', ?, ?)");
    s.store.transaction(() => {
      for (let i = 0; i < 10_050; i++) insert.run(`test-${i}`, -80.5 + (i % 100) * 0.001, 43.4 + Math.floor(i / 100) * 0.0005);
    });
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when limit is above 10,000, then it is clamped to 10,000 (1,000 without a token), not refused, and the links carry the served limit', async () => {
    const anonymous = await request(s.url).get('/ogc/collections/transit-stops/items?limit=50000');
    expect(anonymous.body.numberReturned).toBe(1_000);
    expect(new URL(linkOf(anonymous.body, 'next')!.href).searchParams.get('limit')).toBe('1000');
    const res = await request(s.url).get('/ogc/collections/transit-stops/items?limit=50000').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.numberReturned).toBe(10_000);
    expect(res.body.numberMatched).toBe(STOPS.length + 10_050);
    const next = new URL(linkOf(res.body, 'next')!.href);
    expect([next.searchParams.get('limit'), next.searchParams.get('offset')]).toEqual(['10000', '10000']);
  });
});
