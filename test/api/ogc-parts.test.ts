// OGC API – Features beyond Core (issue 12): schemas and queryables made from the layers' property
// definitions, CQL2 text filters, sortby, properties, projected output CRS (Part 2), HTML pages, links
// from PUBLIC_BASE_URL; then GDAL as a client: field types at its default page size, and its own
// reprojection against the server's EPSG:26917 output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintPhone, startServer, removeDir, type Running } from './harness';
import { gdal, HAS_GDAL, NO_GDAL_MESSAGE } from './gdal';
import { layerById } from '../../server/http/layers';

const COLLECTIONS = ['access-points', 'reports', 'observations', 'places', 'transit-stops', 'wards', 'coverage-cells', 'gaps', 'wards-coverage'];
const EPSG = (n: number) => `http://www.opengis.net/def/crs/EPSG/0/${n}`;

interface Page { numberMatched: number; numberReturned: number; features: GeoJSON.Feature[]; links: { rel: string; href: string; type: string }[] }

// Readings whose cell means are fractional (−70.5 dBm), so a client that types from values alone gets them wrong at once.
// Two phones per cell: the public layer shows a cell only where two devices measured.
const READINGS = [[-80.48621, 43.45271, -70], [-80.48622, 43.45272, -71], [-80.4920, 43.4480, -63], [-80.4921, 43.4481, -64]];
async function postReadings(url: string, extra: Record<string, unknown> = {}) {
  const phones = [await mintPhone(url), await mintPhone(url)];
  for (const [i, [lon, lat, signalDbm]] of READINGS.entries())
    await request(url).post('/api/v1/observations').set('X-Device-Token', phones[i % 2]).send({ lon, lat, signalDbm, observedAt: '2026-01-10T12:00:00Z', ...extra }).expect(201);
}

describe('OGC API – Features: schemas, filters, sorting, CRS and HTML', () => {
  let s: Running;
  const get = (path: string) => request(s.url).get(path);
  const items = async (path: string): Promise<Page> => {
    const res = await get(path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  };

  beforeAll(async () => {
    s = await startServer({ PUBLIC_BASE_URL: 'https://wifi.example.org/reach' });
    await postReadings(s.url, { accuracyM: 5 });
    for (const kind of ['no_wifi', 'too_weak']) await request(s.url).post('/api/v1/reports').send({ kind, lon: -80.4862, lat: 43.4527 }).expect(201);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when every feature of every collection is read, then each matches its collection\'s property definitions exactly', async () => {
    for (const id of COLLECTIONS) {
      const layer = layerById(id)!;
      const page = await items(`/ogc/collections/${id}/items?limit=1000`);
      expect(page.numberReturned, id).toBeGreaterThan(0);
      for (const f of page.features) {
        const result = layer.schema.safeParse(f.properties);
        expect(result.success, `${id} ${f.id}: ${result.error?.message}`).toBe(true);
      }
    }
  });

  it('when a collection is described, then it links its schema and queryables, and they type decimals as numbers', async () => {
    const c = (await get('/ogc/collections/coverage-cells')).body;
    const rels = c.links.filter((l: { type: string }) => l.type === 'application/schema+json').map((l: { rel: string }) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['describedby', 'http://www.opengis.net/def/rel/ogc/1.0/schema', 'http://www.opengis.net/def/rel/ogc/1.0/queryables']));
    const schema = await get(new URL(c.links.find((l: { rel: string }) => l.rel === 'describedby').href).pathname.replace(/^\/reach/, ''));
    expect(schema.type).toBe('application/schema+json');
    const props = schema.body.properties.properties.properties;
    expect(schema.body.properties.properties.patternProperties['^id$'].type).toBe('integer');
    for (const name of ['dbm', 'confidence', 'coveredShare', 'pUsable']) expect(props[name].type, name).toBe('number');
    expect(props.level.type).toBe('integer');
    expect(props.class).toMatchObject({ type: 'string', enum: ['good', 'fair', 'poor', 'none'] });
    const queryables = (await get('/ogc/collections/observations/queryables')).body;
    expect(queryables).toMatchObject({ type: 'object', $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://wifi.example.org/reach/ogc/collections/observations/queryables' });
    expect(queryables.properties.meanDbm.type).toBe('number');
    expect(queryables.properties.newestAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect((await get('/ogc/collections/gaps/queryables')).body.properties.placeIds).toBeUndefined(); // a list is not comparable
  });

  it('when a CQL2 text filter is given, then exactly the features it selects, counted and paged', async () => {
    const all = (await items('/ogc/collections/transit-stops/items?limit=1000')).features;
    const more = (await items('/ogc/collections/transit-stops/items?limit=1000&offset=1000')).features;
    const stops = [...all, ...more];
    const named = (p: (n: string) => boolean) => stops.filter((f) => p(String(f.properties!.name))).map((f) => f.id);
    const filtered = async (cql: string, limit = 1000) => {
      const page = await items(`/ogc/collections/transit-stops/items?limit=${limit}&filter-lang=cql2-text&filter=${encodeURIComponent(cql)}`);
      return { ids: page.features.map((f) => f.id), matched: page.numberMatched, page };
    };
    const king = named((n) => n.startsWith('King'));
    expect(king.length).toBeGreaterThan(5);
    expect((await filtered("name LIKE 'King%'")).ids).toEqual(king);
    expect((await filtered("NOT (name LIKE 'King%') AND kind = 'transit_stop'")).matched).toBe(stops.length - king.length);
    // Anyone may write a filter: one that would make a backtracking matcher run for hours answers at once.
    expect((await filtered(`name LIKE '${'%a'.repeat(14)}%b'`)).ids).toEqual(named((n) => n.split('a').length > 14 && n.endsWith('b')));
    expect((await filtered(`name LIKE '${'%a'.repeat(3)}%'`)).ids).toEqual(named((n) => n.split('a').length > 3));
    const first = stops[0].properties!.name as string, second = stops[1].properties!.name as string;
    expect((await filtered(`name = '${first.replaceAll("'", "''")}' OR name = '${second.replaceAll("'", "''")}'`)).ids).toEqual(named((n) => n === first || n === second));
    expect((await filtered(`name IN ('${first.replaceAll("'", "''")}')`)).ids).toEqual(named((n) => n === first));
    expect((await filtered('address IS NULL')).matched).toBe(stops.filter((f) => f.properties!.address === null).length);
    expect((await filtered('id >= 200 AND id < 210')).ids).toEqual(stops.filter((f) => (f.id as number) >= 200 && (f.id as number) < 210).map((f) => f.id));
    // Paging through a filter: next links carry it, offsets walk the filtered list.
    const { page } = await filtered("name LIKE 'King%'", 2);
    expect(page.numberReturned).toBe(2);
    const next = page.links.find((l) => l.rel === 'next')!;
    expect(new URL(next.href).searchParams.get('filter')).toBe("name LIKE 'King%'");
    const second2 = await items(new URL(next.href).pathname.replace(/^\/reach/, '') + new URL(next.href).search);
    expect(second2.features.map((f) => f.id)).toEqual(king.slice(2, 4));
    // Numbers and times on the coverage model and the observation cells.
    const cells = await items(`/ogc/collections/observations/items?filter=${encodeURIComponent("meanDbm < -70 AND newestAt >= TIMESTAMP('2026-01-10T00:00:00Z')")}`);
    expect(cells.features.map((f) => f.properties!.meanDbm)).toEqual([-70.5]);
  });

  it('when a filter names what is not a queryable, or is not CQL2, then 400 naming filter (and every other bad field)', async () => {
    const bad = await get(`/ogc/collections/places/items?filter=${encodeURIComponent("colour = 'red'")}&sortby=height&properties=name,nope&filter-lang=cql2-json`);
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['filter-lang']); // the edge rejects the language first
    const named = await get(`/ogc/collections/places/items?filter=${encodeURIComponent("colour = 'red'")}&sortby=height&properties=name,nope`);
    expect(named.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['filter', 'properties', 'sortby']);
    for (const cql of ["name = 3", "demand > 'x'", 'name =', "(name = 'a'", "name LIKE 5", 'demand BETWEEN 1 AND', `${'('.repeat(3000)}name = 'a'${')'.repeat(3000)}`, `${'NOT '.repeat(2000)}name = 'a'`]) {
      const res = await get(`/ogc/collections/places/items?filter=${encodeURIComponent(cql)}`);
      expect(res.status, cql.slice(0, 80)).toBe(400);
      expect(res.body.errors[0].path, cql.slice(0, 80)).toBe('filter');
    }
  });

  it('when sortby is given, then features come in that order, nulls last, and paging keeps it', async () => {
    const gaps = (await items('/ogc/collections/gaps/items?sortby=-areaM2,rank&limit=1000')).features;
    const areas = gaps.map((f) => f.properties!.areaM2 as number);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    const byName = (await items('/ogc/collections/places/items?sortby=name&limit=1000')).features.map((f) => f.properties!.name as string);
    expect(byName).toEqual([...byName].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const page2 = await items('/ogc/collections/places/items?sortby=name&limit=10&offset=10');
    expect(page2.features.map((f) => f.properties!.name)).toEqual(byName.slice(10, 20));
    const addresses = (await items('/ogc/collections/places/items?sortby=-address&limit=1000')).features.map((f) => f.properties!.address);
    const firstNull = addresses.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(addresses.slice(firstNull).every((a) => a === null)).toBe(true);
  });

  it('when properties are chosen, then features carry only those', async () => {
    const page = await items('/ogc/collections/access-points/items?properties=name,reachM&limit=3');
    for (const f of page.features) expect(Object.keys(f.properties!)).toEqual(['name', 'reachM']);
    expect(Object.keys((await get('/ogc/collections/access-points/items/1?properties=status')).body.properties)).toEqual(['status']);
  });

  it('when a projected crs is asked for, then coordinates are in it (Content-Crs says which), and bbox-crs boxes in it', async () => {
    const plain = await get('/ogc/collections/access-points/items/1');
    expect(plain.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    const [lon, lat] = plain.body.geometry.coordinates;
    const mercator = await get(`/ogc/collections/access-points/items/1?crs=${encodeURIComponent(EPSG(3857))}`);
    expect(mercator.headers['content-crs']).toBe(`<${EPSG(3857)}>`);
    // Web Mercator in closed form, an oracle independent of proj4.
    const R = 6378137;
    const [x, y] = mercator.body.geometry.coordinates;
    expect(x).toBeCloseTo((R * lon * Math.PI) / 180, 2);
    expect(y).toBeCloseTo(R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)), 2);
    for (const code of [26917, 2952]) {
      const res = await get(`/ogc/collections/access-points/items/1?crs=EPSG:${code}`);
      expect(res.headers['content-crs']).toBe(`<${EPSG(code)}>`);
      const [e, n] = res.body.geometry.coordinates;
      expect(e).toBeGreaterThan(100_000); // metres east, not degrees
      expect(n).toBeGreaterThan(4_000_000); // metres north of the equator at 43.45°
    }
    // A box of ±200 m around that point in UTM 17N finds it, and no stop more than ~300 m away.
    const utm = (await get('/ogc/collections/access-points/items/1?crs=EPSG:26917')).body.geometry.coordinates as number[];
    const box = [utm[0] - 200, utm[1] - 200, utm[0] + 200, utm[1] + 200].join(',');
    const near = await items(`/ogc/collections/access-points/items?bbox=${box}&bbox-crs=${encodeURIComponent(EPSG(26917))}&crs=${encodeURIComponent(EPSG(26917))}&limit=100`);
    expect(near.features.map((f) => f.id)).toContain(1);
    for (const f of near.features) {
      const [e, n] = (f.geometry as GeoJSON.Point).coordinates;
      expect(Math.abs(e - utm[0]) <= 200 && Math.abs(n - utm[1]) <= 200).toBe(true);
    }
    expect((await get('/ogc/collections/access-points/items?crs=EPSG:4267')).status).toBe(400);
    expect((await get('/ogc/collections/access-points/items?bbox=500000,4800000,510000,4810000')).status).toBe(400); // metres without bbox-crs
  });

  it('when a browser asks (Accept: text/html or f=html), then HTML pages with a map, licences and links from PUBLIC_BASE_URL', async () => {
    const landing = await get('/ogc').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(landing.type).toBe('text/html');
    expect(landing.text).toContain('https://wifi.example.org/reach/ogc/collections');
    expect(landing.text).toContain('Open-data-license.asp');
    expect((await get('/ogc')).type).toBe('application/json'); // no Accept: JSON
    const json = (await get('/ogc').set('Host', 'evil.example')).body;
    for (const l of json.links) expect(l.href.startsWith('https://wifi.example.org/reach/ogc') || l.rel === 'license', l.href).toBe(true);
    const collections = await get('/ogc/collections?f=html');
    for (const id of COLLECTIONS) expect(collections.text).toContain(`/collections/${id}/items?f=html`);
    const collection = await get('/ogc/collections/gaps?f=html');
    expect(collection.text).toMatch(/<td><code>areaM2<\/code><\/td><td>number<\/td>/);
    const page = await get('/ogc/collections/wards/items?f=html&limit=3');
    expect(page.type).toBe('text/html');
    expect((page.text.match(/<path /g) ?? []).length).toBe(3); // one shape per ward on the map
    expect(page.text).toContain('rel="next"');
    const item = await get('/ogc/collections/access-points/items/1').set('Accept', 'text/html');
    expect(item.text).toMatch(/<svg[^>]*>.*<circle /s);
    expect(item.text).toContain('Kitchener Public Library');
    expect(item.text).not.toMatch(/<script|https?:\/\/(?!wifi\.example\.org|www\.kitchener\.ca|creativecommons\.org|www\.w3\.org)/); // nothing from another server
  });

  it('when gaps are exported for a ward, then exactly the gaps the coverage API lists for it, named ward-3 or 3 in both (issue 12)', async () => {
    const ids = (body: GeoJSON.FeatureCollection) => body.features.map((f) => f.id).sort();
    for (const ward of ['3', '8']) {
      const api = (await get(`/api/v1/coverage/gaps?ward=${ward}&limit=1000`).expect(200)).body as GeoJSON.FeatureCollection;
      expect(api.features.length, ward).toBeGreaterThan(0);
      for (const name of [ward, `ward-${ward}`]) {
        const exported = (await get(`/api/v1/exports/gaps.geojson?ward=${name}`).expect(200)).body as GeoJSON.FeatureCollection;
        expect(ids(exported), name).toEqual(ids(api));
        for (const f of exported.features) expect(f.properties!.wardId).toBe(`ward-${ward}`);
        expect(ids((await get(`/api/v1/coverage/gaps?ward=${name}&limit=1000`).expect(200)).body), name).toEqual(ids(api));
      }
    }
  });

  describe.skipIf(!HAS_GDAL)(`GDAL as a client${HAS_GDAL ? '' : ` (${NO_GDAL_MESSAGE})`}`, () => {
    let g: Running; // without PUBLIC_BASE_URL, so GDAL follows links to this very server
    beforeAll(async () => {
      g = await startServer();
      await postReadings(g.url);
    });
    afterAll(async () => {
      await g.stop();
      removeDir(g.dir);
    });

    it('when ogrinfo reads a collection at its default page size, then decimal fields are Real, counts Integer, times DateTime', async () => {
      const fields = async (id: string) => {
        const summary = await gdal('ogrinfo', '-ro', '-so', `OAPIF:${g.url}/ogc`, id);
        return Object.fromEntries([...summary.matchAll(/^(\w+): (\w+(?:\(\w+\))?)/gm)].map((m) => [m[1], m[2]]));
      };
      expect(await fields('coverage-cells')).toMatchObject({ dbm: 'Real', confidence: 'Real', coveredShare: 'Real', pUsable: 'Real', level: 'Integer', class: 'String' });
      expect(await fields('observations')).toMatchObject({ meanDbm: 'Real', noFreeNetworkShare: 'Real', observations: 'Integer', newestAt: 'DateTime' });
      expect(await fields('wards-coverage')).toMatchObject({ coveredShare: 'Real', areaM2: 'Real' });
      expect(await fields('gaps')).toMatchObject({ areaM2: 'Real', score: 'Real', confirmed: 'Integer(Boolean)', rank: 'Integer' });
      expect(await fields('access-points')).toMatchObject({ eirpDbm: 'Real', probablyDown: 'Integer(Boolean)', updatedAt: 'DateTime' });
      const summary = await gdal('ogrinfo', '-ro', '-so', `OAPIF:${g.url}/ogc`, 'wards');
      expect([...summary.matchAll(/^(\w+): /gm)].map((m) => m[1]).filter((n) => n === 'id' || n === 'geometry')).toEqual(['id']); // one id; the geometry is the layer's, not a field
      // And the values arrive whole: −70.5 stays −70.5.
      const dump = await gdal('ogrinfo', '-ro', '-q', `OAPIF:${g.url}/ogc`, 'observations');
      expect(dump).toMatch(/meanDbm \(Real\) = -70\.5\b/);
    });

    it('when ogr2ogr reprojects a collection to EPSG:26917, then it agrees with the server\'s own EPSG:26917 output within 1 m', async () => {
      const out = join(g.dir, 'ap-26917.geojson');
      await gdal('ogr2ogr', '-f', 'GeoJSON', '-t_srs', 'EPSG:26917', out, `OAPIF:${g.url}/ogc`, 'access-points');
      const theirs = JSON.parse(readFileSync(out, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Point>;
      const ours = (await request(g.url).get(`/ogc/collections/access-points/items?crs=${encodeURIComponent(EPSG(26917))}&limit=100`)).body as GeoJSON.FeatureCollection<GeoJSON.Point>;
      expect(theirs.features.length).toBe(ours.features.length);
      const byId = new Map(ours.features.map((f) => [f.properties!.id, f.geometry.coordinates]));
      for (const f of theirs.features) {
        const [e, n] = byId.get(f.properties!.id)!;
        expect(Math.hypot(f.geometry.coordinates[0] - e, f.geometry.coordinates[1] - n), String(f.properties!.id)).toBeLessThan(1);
      }
    });
  });
});
