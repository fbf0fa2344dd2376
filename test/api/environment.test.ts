// An access point's environment is an explicit field with one default everywhere: the API, the seed, the
// what-if, the registry import and the migration that filled it for existing rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addStaff, REPO, removeDir, signIn, startServer, type Running } from './harness';
import { migrate, registerCellFunctions } from '../../server/store/db';
import { AP_ENVIRONMENTS } from '../../server/domain/types';

type Path = { path: string };
const paths = (body: { errors: Path[] }) => body.errors.map((e) => e.path).sort();

/** The project's seed files plus two access points that predate `environment`: one with nothing, one with the older flag. */
function dataDirWithOldSeedRecords(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wifi-reach-data-'));
  cpSync(join(REPO, 'data'), dir, { recursive: true });
  const file = join(dir, 'access-points.geojson');
  const collection = JSON.parse(readFileSync(file, 'utf8')) as GeoJSON.FeatureCollection;
  const point = (seedId: string, name: string, coordinates: number[], extra: Record<string, unknown>): GeoJSON.Feature => ({
    type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { seedId, name, eirpDbm: 20, band: '2.4', ...extra },
  });
  collection.features.push(
    point('test-no-environment', 'Seeded with no environment', [-80.5200, 43.4200], {}),
    point('test-indoor-flag', 'Seeded with indoor: false', [-80.5100, 43.4150], { indoor: false }),
  );
  writeFileSync(file, JSON.stringify(collection));
  return dir;
}

describe('access-point environment over HTTP', () => {
  let s: Running;
  let dataDir: string;
  let planner: { cookie: string; csrfToken: string };
  const staff = (r: request.Test) => r.set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken);
  const create = (body: Record<string, unknown>) =>
    staff(request(s.url).post('/api/v1/access-points')).send({ name: 'Environment test', lon: -80.4950, lat: 43.4350, ...body });
  const seededNamed = async (name: string) =>
    ((await request(s.url).get('/api/v1/access-points')).body.features as GeoJSON.Feature[]).find((f) => f.properties!.name === name)!;

  beforeAll(async () => {
    dataDir = dataDirWithOldSeedRecords();
    s = await startServer({ DATA_DIR: dataDir });
    await addStaff(s, 'pat', 'planner');
    planner = await signIn(s.url, 'pat');
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
    removeDir(dataDir);
  });

  it('when an access point is created without an environment, then it is indoor and reaches as far as a seeded one without an environment', async () => {
    const created = await create({});
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({ environment: 'indoor', indoor: true });
    const seeded = await seededNamed('Seeded with no environment');
    expect(seeded.properties).toMatchObject({ environment: 'indoor', indoor: true });
    expect(created.body.properties.reachM).toBe(seeded.properties!.reachM);
    expect(created.body.properties.reachM).toBe(34); // 20 dBm at 2.4 GHz through a wall, urban exponent: 10^(43/28) m
  });

  it('when a seed record carries only the older indoor flag, then false means outdoors among buildings', async () => {
    expect((await seededNamed('Seeded with indoor: false')).properties).toMatchObject({ environment: 'outdoor_urban', indoor: false, reachM: 92 });
  });

  it('when the seeded park and market are listed, then they keep the settings the seed file writes out', async () => {
    expect((await seededNamed('Victoria Park')).properties).toMatchObject({ environment: 'outdoor_open', indoor: false, reachM: 316 });
    expect((await seededNamed('Kitchener Market')).properties).toMatchObject({ environment: 'outdoor_urban', indoor: false, reachM: 92 });
  });

  it('when each environment is created and patched, then it round-trips and open ground reaches farther than a street, a street farther than indoors', async () => {
    const reach: Record<string, number> = {};
    for (const environment of AP_ENVIRONMENTS) {
      const created = await create({ environment });
      expect(created.status).toBe(201);
      expect(created.body.properties).toMatchObject({ environment, indoor: environment === 'indoor' });
      const fetched = await request(s.url).get(`/api/v1/access-points/${created.body.id}`);
      expect(fetched.body.properties.environment).toBe(environment);
      reach[environment] = created.body.properties.reachM;
    }
    expect(reach.outdoor_open).toBeGreaterThan(reach.outdoor_urban);
    expect(reach.outdoor_urban).toBeGreaterThan(reach.indoor);

    const id = (await create({})).body.id;
    for (const environment of ['outdoor_open', 'outdoor_urban', 'indoor'] as const) {
      const patched = await staff(request(s.url).patch(`/api/v1/access-points/${id}`)).send({ environment });
      expect(patched.status).toBe(200);
      expect(patched.body.properties).toMatchObject({ environment, indoor: environment === 'indoor', reachM: reach[environment] });
    }
  });

  it('when only the older indoor flag is given, then true is indoor and false outdoors among buildings, on create and on patch', async () => {
    expect((await create({ indoor: true })).body.properties).toMatchObject({ environment: 'indoor', indoor: true });
    const outdoor = await create({ indoor: false });
    expect(outdoor.body.properties).toMatchObject({ environment: 'outdoor_urban', indoor: false });
    const patched = await staff(request(s.url).patch(`/api/v1/access-points/${outdoor.body.id}`)).send({ indoor: true });
    expect(patched.body.properties).toMatchObject({ environment: 'indoor', indoor: true });
    const renamed = await staff(request(s.url).patch(`/api/v1/access-points/${outdoor.body.id}`)).send({ name: 'Renamed' });
    expect(renamed.body.properties.environment).toBe('indoor'); // a patch without either leaves it alone
  });

  it('when both are given and agree, then they are accepted and environment wins', async () => {
    expect((await create({ environment: 'outdoor_open', indoor: false })).body.properties).toMatchObject({ environment: 'outdoor_open', indoor: false });
  });

  it('when environment and indoor disagree, then 400 names both fields, on create, on patch and in a what-if', async () => {
    const created = await create({ environment: 'outdoor_open', indoor: true });
    expect(created.status).toBe(400);
    expect(created.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(paths(created.body)).toEqual(['environment', 'indoor']);

    const id = (await create({})).body.id;
    const before = (await request(s.url).get(`/api/v1/access-points/${id}`)).body;
    const patched = await staff(request(s.url).patch(`/api/v1/access-points/${id}`)).send({ environment: 'indoor', indoor: false, eirpDbm: 99 });
    expect(patched.status).toBe(400);
    expect(paths(patched.body)).toEqual(['eirpDbm', 'environment', 'indoor']);
    expect((await request(s.url).get(`/api/v1/access-points/${id}`)).body).toEqual(before);

    const whatIf = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({ add: [{ lon: -80.50, lat: 43.42, environment: 'outdoor_urban', indoor: true }] });
    expect(whatIf.status).toBe(400);
    expect(paths(whatIf.body)).toEqual(['add.0.environment', 'add.0.indoor']);
  });

  it('when the environment is not one of the vocabulary, then 400 at its path', async () => {
    const res = await create({ environment: 'rooftop' });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['environment']);
  });

  it('when two access points differ only in their venue text, then they reach equally far', async () => {
    for (const setting of [{ environment: 'outdoor_urban' }, { indoor: false }, {}]) {
      const park = await create({ ...setting, venue: 'Victoria Park' });
      const terminal = await create({ ...setting, venue: 'GRT terminal' });
      expect(park.body.properties.reachM, JSON.stringify(setting)).toBe(terminal.body.properties.reachM);
    }
  });

  it('when a what-if adds a site without an environment, then it is the default, as a recommended new site; another may be chosen', async () => {
    const at = { lon: -80.50, lat: 43.42 };
    const res = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({
      add: [at, { ...at, environment: 'outdoor_urban' }, { ...at, environment: 'outdoor_open' }, { ...at, indoor: false, venue: 'park' }],
    });
    expect(res.status).toBe(200);
    const [byDefault, street, open, flag] = res.body.added.map((a: { reachM: number }) => a.reachM);
    expect(byDefault).toBe(34);
    expect([street, open]).toEqual([92, 316]);
    expect(flag).toBe(92); // indoor: false is a street; the venue no longer opens it up
    const recommendations = await staff(request(s.url).get('/api/v1/planning/recommendations')).query({ k: 1 });
    expect(recommendations.body.newSiteReachM).toBe(byDefault);
  });

  it('when a scenario is saved and exported, then each added site carries its environment', async () => {
    const saved = await staff(request(s.url).post('/api/v1/scenarios')).send({ name: 'Park pole', scenario: { add: [{ lon: -80.50, lat: 43.42, environment: 'outdoor_open' }, { lon: -80.51, lat: 43.42 }] } });
    expect(saved.status).toBe(201);
    expect(saved.body.body.add.map((a: { environment: string }) => a.environment)).toEqual(['outdoor_open', 'indoor']);
    const exported = await staff(request(s.url).get(`/api/v1/scenarios/${saved.body.id}/geojson`));
    expect(exported.body.features.map((f: GeoJSON.Feature) => f.properties!.environment)).toEqual(['outdoor_open', 'indoor']);
  });

  it('when a scenario was saved before environments existed, then its older indoor flag is read as an environment', async () => {
    const id = s.store.scenarios.insert('Old', { add: [{ lon: -80.50, lat: 43.42, eirpDbm: 20, band: '2.4', indoor: false, rangeOverrideM: null }], move: [], remove: [], activate: [] } as never, 1, new Date().toISOString());
    const res = await staff(request(s.url).get(`/api/v1/scenarios/${id}`));
    expect(res.status).toBe(200);
    expect(res.body.body.add[0]).toMatchObject({ environment: 'outdoor_urban' });
    expect(res.body.body.add[0]).not.toHaveProperty('indoor');
    expect(res.body.result.changedCells).toBeGreaterThan(0);
  });

  it('when a CSV import has an environment column, then each row gets its environment, the older indoor column still works, and a disagreement is a row error', async () => {
    const csv = [
      'name,lon,lat,environment,indoor',
      'Open,-80.4700,43.4410,outdoor_open,',
      'Spelled loosely,-80.4710,43.4410,Outdoor urban,',
      'Nothing said,-80.4720,43.4410,,',
      'Flag only,-80.4730,43.4410,,no',
      'Disagrees,-80.4740,43.4410,indoor,no',
      'Unknown,-80.4750,43.4410,basement,',
    ].join('\n');
    const res = await staff(request(s.url).post('/api/v1/access-points/import')).send({ format: 'csv', content: csv });
    expect(res.status).toBe(200);
    const rows = res.body.preview as { ok: boolean; errors: Path[]; accessPoint: { environment: string } | null }[];
    expect(rows.slice(0, 4).map((r) => r.accessPoint?.environment)).toEqual(['outdoor_open', 'outdoor_urban', 'indoor', 'outdoor_urban']);
    expect(paths(rows[4])).toEqual(['environment', 'indoor']);
    expect(paths(rows[5])).toEqual(['environment']);
  });

  it('when a GeoJSON import carries environment, then the committed access points have it', async () => {
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-80.4760, 43.4420] }, properties: { name: 'Imported open', environment: 'outdoor_open' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-80.4770, 43.4420] }, properties: { name: 'Imported plain' } },
      ],
    });
    const res = await staff(request(s.url).post('/api/v1/access-points/import')).send({ format: 'geojson', content: geojson, commit: true });
    expect(res.status).toBe(201);
    const stored = await Promise.all(res.body.ids.map(async (id: number) => (await request(s.url).get(`/api/v1/access-points/${id}`)).body.properties));
    expect(stored.map((p) => [p.environment, p.reachM])).toEqual([['outdoor_open', 316], ['indoor', 34]]);
  });

  it('when the OpenAPI document describes access points and what-ifs, then environment is the vocabulary\'s enum', async () => {
    const { components } = (await request(s.url).get('/api/v1/openapi.json')).body;
    expect(components.schemas.AccessPointCreate.properties.environment.enum).toEqual([...AP_ENVIRONMENTS]);
    expect(components.schemas.AccessPointPatch.properties.environment.enum).toEqual([...AP_ENVIRONMENTS]);
    expect(components.schemas.WhatIf.properties.add.items.properties.environment.enum).toEqual([...AP_ENVIRONMENTS]);
    expect(components.schemas.AccessPointCreate.properties.environment.description).toMatch(/Default indoor/);
  });
});

describe('migration 013: environment from the indoor flag', () => {
  const MIGRATIONS = join(REPO, 'server/store/migrations');

  /** A database at the last version before 013, built from the real migration files. */
  function databaseBefore013() {
    const db = new Database(':memory:');
    registerCellFunctions(db); // later migrations' triggers call them, as on every connection the server opens
    const earlier = readdirSync(MIGRATIONS).filter((f) => /^\d{3}_.+\.sql$/.test(f) && Number(f.slice(0, 3)) < 13).sort();
    for (const file of earlier) db.exec(readFileSync(join(MIGRATIONS, file), 'utf8'));
    db.pragma(`user_version = ${Number(earlier.at(-1)!.slice(0, 3))}`);
    return db;
  }

  it('when rows predate the column, then indoor ones become indoor and outdoor ones follow the old venue rule, once', () => {
    const db = databaseBefore013();
    const insert = db.prepare(`INSERT INTO access_points (name, venue, indoor, status, lon, lat, eirp_dbm, band, confidence, created_at, updated_at)
      VALUES (?, ?, ?, 'active', -80.49, 43.45, 20, '2.4', 'unverified', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
    const rows: [string, string | null, number, string][] = [
      ['indoor library', 'library', 1, 'indoor'],
      ['indoor in a park', 'park', 1, 'indoor'], // the flag wins: inside the park's building
      ['park', 'Victoria Park', 0, 'outdoor_open'],
      ['plaza', 'Carl Zehr PLAZA', 0, 'outdoor_open'],
      ['square', 'square', 0, 'outdoor_open'],
      ['field', 'sports field', 0, 'outdoor_open'],
      ['trail', 'Iron Horse Trail', 0, 'outdoor_open'],
      ['market', 'market', 0, 'outdoor_urban'],
      ['terminal', 'GRT terminal', 0, 'outdoor_urban'],
      ['no venue', null, 0, 'outdoor_urban'],
    ];
    for (const [name, venue, indoor] of rows) insert.run(name, venue, indoor);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(13);
    const got = db.prepare('SELECT name, environment FROM access_points ORDER BY id').all() as { name: string; environment: string }[];
    expect(got.map((r) => [r.name, r.environment])).toEqual(rows.map(([name, , , environment]) => [name, environment]));
    const columns = (db.prepare('PRAGMA table_info(access_points)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('environment');
    expect(columns).not.toContain('indoor'); // one truth: indoor is derived from environment
    db.close();
  });

  it('when the schema is read, then its CHECK lists exactly the vocabulary, and a value outside it is refused', () => {
    const db = databaseBefore013();
    migrate(db);
    const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'access_points'").get() as { sql: string };
    const listed = /environment IN \(([^)]*)\)/.exec(sql)![1].split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
    expect(listed).toEqual([...AP_ENVIRONMENTS]);
    const insert = (environment: string) =>
      db.prepare(`INSERT INTO access_points (name, environment, status, lon, lat, eirp_dbm, band, confidence, created_at, updated_at)
        VALUES ('x', ?, 'active', -80.49, 43.45, 20, '2.4', 'unverified', 't', 't')`).run(environment);
    for (const environment of AP_ENVIRONMENTS) expect(() => insert(environment)).not.toThrow();
    expect(() => insert('rooftop')).toThrow(/CHECK constraint failed/);
    db.close();
  });
});
