// GET /search over the embedded data (addresses, streets, places, stops, wards) and the embedded basemap's files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { booleanPointInPolygon, distance } from '@turf/turf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, removeDir, startServer, type Running } from './harness';

// Kitchener City Hall, 200 King Street West: the two address points of the raw file (City and Region, ~11 m apart).
const CITY_HALL_POINTS = [
  [-80.49242, 43.45176],
  [-80.49252, 43.4517],
];
const metres = (a: number[], b: number[]) => distance(a, b, { units: 'meters' });

type Result = { kind: string; name: string; detail: string | null; lon: number; lat: number };

describe('search', () => {
  let s: Running;
  const search = async (q: string, extra: Record<string, string> = {}) => {
    const res = await request(s.url).get('/api/v1/search').query({ q, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results as Result[];
  };
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when a resident types a civic address, then the first result is that address at its address point', async () => {
    for (const q of ['200 King Street West', '200 king st w', '200 Kng Street West']) {
      const [first] = await search(q);
      expect(first, q).toMatchObject({ kind: 'address', name: '200 King Street West' });
      for (const p of CITY_HALL_POINTS) expect(metres([first.lon, first.lat], p), q).toBeLessThan(15);
    }
    // The same number on King Street East is a different place, ~1.3 km away.
    const [east] = await search('200 King Street East');
    expect(east).toMatchObject({ kind: 'address', name: '200 King Street East' });
    expect(metres([east.lon, east.lat], CITY_HALL_POINTS[0])).toBeGreaterThan(500);
  });

  it('when a resident types a place with a typo, then the place is found where the map shows it', async () => {
    const places = (await request(s.url).get('/api/v1/places')).body.features as GeoJSON.Feature<GeoJSON.Point, { name: string; kind: string }>[];
    const library = places.find((p) => p.properties.name === 'Kitchener Public Library - Central Library')!;
    expect(library).toBeDefined();
    const results = await search('kitchner central library');
    const hit = results.find((r) => r.name === library.properties.name);
    expect(hit, JSON.stringify(results)).toMatchObject({ kind: 'place', detail: 'library' });
    expect(metres([hit!.lon, hit!.lat], library.geometry.coordinates)).toBeLessThan(1);
  });

  it('when a resident types a street, a transit stop or a ward, then each is found as its kind', async () => {
    expect((await search('Greenfield'))[0]).toMatchObject({ kind: 'street', name: 'Greenfield Avenue' });
    const stops = await search('Frederick Station');
    expect(stops.some((r) => r.kind === 'stop' && /Frederick Station/.test(r.name))).toBe(true);
    const [ward] = await search('Ward 3');
    expect(ward).toMatchObject({ kind: 'ward', name: 'Ward 3' });
    const area = (await request(s.url).get('/api/v1/areas/ward-3')).body as GeoJSON.Feature<GeoJSON.Polygon>;
    expect(booleanPointInPolygon([ward.lon, ward.lat], area)).toBe(true);
  });

  it('when a resident types a street nobody has an address on, then it is found at its name label', async () => {
    const labels = JSON.parse(readFileSync(join(REPO, 'data/basemap/street-labels.geojson'), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Point, { name: string }>;
    const addresses = JSON.parse(readFileSync(join(REPO, 'data/basemap/addresses.json'), 'utf8')) as { streets: { name: string }[] };
    expect(addresses.streets.some((st) => st.name === 'Father David Bauer Drive')).toBe(false); // control: no address on it
    const label = labels.features.find((f) => f.properties.name === 'Father David Bauer Drive')!;
    const [hit] = await search('father david bauer');
    expect(hit).toMatchObject({ kind: 'street', name: 'Father David Bauer Drive' });
    expect(metres([hit.lon, hit.lat], label.geometry.coordinates)).toBeLessThan(1);
  });

  it('when a resident mistypes a short word, then one letter wrong or missing still finds it', async () => {
    expect((await search('kng st w'))[0]).toMatchObject({ kind: 'street', name: 'King Street West' });
    expect((await search('qeen st'))[0].name).toMatch(/^Queen Street (North|South)$/);
    expect((await search('200 kng st w'))[0]).toMatchObject({ kind: 'address', name: '200 King Street West' });
    expect((await search('ciy hall')).some((r) => r.kind === 'place' && /Kitchener City Hall/.test(r.name))).toBe(true);
  });

  it('when a query repeats words, then each counts once; a one-letter word is a prefix only as the last word, the one being typed', async () => {
    // 15 words, 3 distinct: all three are searched although only 12 words are.
    expect((await search(`${'king '.repeat(13)}street west`))[0]).toMatchObject({ kind: 'street', name: 'King Street West' });
    expect((await search('public library k')).some((r) => /^Kitchener Public Library/.test(r.name))).toBe(true);
    // Before the last word a single letter is a whole word: "k" is no word of any name, so nothing matches
    // (as a prefix, fifty such letters cost 45-170 ms a query).
    expect(await search('k public library')).toEqual([]);
    expect(await search('a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x')).toEqual([]);
  });

  it('when limit is given, then no more results come back', async () => {
    expect(await search('King', { limit: '3' })).toHaveLength(3);
    expect((await search('King')).length).toBeLessThanOrEqual(8);
  });

  it('when the query is missing, too short or too long, or limit is out of range, then 400 problem+json names every bad field', async () => {
    const missing = await request(s.url).get('/api/v1/search');
    expect(missing.status).toBe(400);
    expect(missing.type).toBe('application/problem+json');
    const bad = await request(s.url).get('/api/v1/search').query({ q: 'a', limit: '0', colour: 'red' });
    expect(bad.status).toBe(400);
    const paths = JSON.stringify(bad.body);
    for (const field of ['q', 'limit', 'colour']) expect(paths).toContain(field);
    expect((await request(s.url).get('/api/v1/search').query({ q: 'x'.repeat(101) })).status).toBe(400);
  });

  it('the offline index holds the same streets, numbers and places the search answers from', async () => {
    const res = await request(s.url).get('/api/v1/search/index');
    expect(res.status).toBe(200);
    const king = res.body.streets.find((st: { name: string }) => st.name === 'King Street West');
    expect(king.numbers).toContain('200');
    expect(res.body.places.some((p: { kind: string; name: string }) => p.kind === 'ward' && p.name === 'Ward 10')).toBe(true);
  });
});

describe('embedded basemap files', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('serves the layers as GeoJSON and the label glyphs as PBF, with a day of caching', async () => {
    const streets = await request(s.url).get('/api/v1/basemap/streets.geojson');
    expect(streets.status).toBe(200);
    expect(streets.type).toBe('application/geo+json');
    expect(streets.headers['cache-control']).toContain('max-age=86400');
    const body = JSON.parse(streets.text) as GeoJSON.FeatureCollection;
    expect(body.features.length).toBeGreaterThan(1000);
    const arterials = JSON.parse((await request(s.url).get('/api/v1/basemap/arterials.geojson')).text) as GeoJSON.FeatureCollection<GeoJSON.MultiLineString, { mode: string }>;
    expect(arterials.features.filter((f) => f.properties.mode === 'light_rail')).toHaveLength(1);
    const glyphs = await request(s.url).get('/api/v1/basemap/glyphs/DejaVu%20Sans%20Book/0-255.pbf').buffer(true);
    expect(glyphs.status).toBe(200);
    expect(glyphs.type).toBe('application/x-protobuf');
    expect(Number(glyphs.headers['content-length'] ?? glyphs.body.length)).toBeGreaterThan(10_000);
  });

  it('answers an unknown layer, font or range with 404 problem+json', async () => {
    for (const path of ['/api/v1/basemap/secrets.geojson', '/api/v1/basemap/glyphs/Comic%20Sans/0-255.pbf', '/api/v1/basemap/glyphs/DejaVu%20Sans%20Book/..%2F..%2Fx.pbf']) {
      const res = await request(s.url).get(path);
      expect(res.status, path).toBe(404);
      expect(res.type).toBe('application/problem+json');
    }
  });
});

