// First start seeds the database; a second start adds nothing twice; the CLI creates staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, REPO, removeDir, signIn, startServer, type Running } from './harness';
import { readConfig } from '../../server/config';
import { REPORT_KINDS } from '../../server/domain/vocabulary';

const features = (file: string) => (JSON.parse(readFileSync(`${REPO}data/${file}`, 'utf8')) as GeoJSON.FeatureCollection).features;

describe('start-up, seed data and the staff command', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when the server first starts, then the seed files are loaded: boundary, 10 wards, access points, places', async () => {
    const areas = (await request(s.url).get('/api/v1/areas')).body.features;
    expect(areas.filter((a: { properties: { kind: string } }) => a.properties.kind === 'city')).toHaveLength(1);
    expect(areas.filter((a: { properties: { kind: string } }) => a.properties.kind === 'ward')).toHaveLength(10);
    expect(count(s.store, 'access_points')).toBe(features('access-points.geojson').length);
    const places = (await request(s.url).get('/api/v1/places')).body.features;
    expect(places).toHaveLength(features('places.geojson').length + features('transit-stops.geojson').length);
    const libraries = (await request(s.url).get('/api/v1/places').query({ kind: 'library' })).body.features;
    expect(libraries.length).toBeGreaterThanOrEqual(5);
  });

  it('when the server starts a second time on the same file, then nothing is added twice and edits are kept', async () => {
    s.store.accessPoints.update(1, { name: 'Renamed by a planner' }, new Date().toISOString());
    const before = { aps: count(s.store, 'access_points'), places: (await request(s.url).get('/api/v1/places')).body.features.length };
    await s.stop();
    s = await startServer({}, s.dir);
    expect(count(s.store, 'access_points')).toBe(before.aps);
    expect((await request(s.url).get('/api/v1/places')).body.features).toHaveLength(before.places);
    expect(s.store.accessPoints.get(1)?.name).toBe('Renamed by a planner');
  });

  it('when the OpenAPI document is requested, then it describes every route with the request schemas', async () => {
    const doc = (await request(s.url).get('/api/v1/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/reports', '/observations', '/observations/batch', '/access-points', '/access-points/{id}', '/session']));
    expect(doc.components.schemas.ReportCreate.properties.kind.enum).toEqual([...REPORT_KINDS]); // the one vocabulary, as the document says it
    expect(doc.components.schemas.ReportCreate.additionalProperties).toBe(false);
  });

  it('when the client is not built, then the page says how to build it; security headers are set', async () => {
    const res = await request(s.url).get('/');
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/npm run build/);
    expect(res.headers['content-security-policy']).toMatch(/worker-src 'self' blob:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('when an admin runs `npm run user -- add`, then that account can sign in', async () => {
    const env = { ...process.env, DATABASE_PATH: join(s.dir, 'test.db'), WIFI_REACH_PASSWORD: 'a long enough password' };
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'add', 'casey', 'planner'], { cwd: REPO, env, encoding: 'utf8' });
    expect(out).toMatch(/added planner "casey"/);
    const { cookie } = await signIn(s.url, 'casey', 'a long enough password');
    expect((await request(s.url).get('/api/v1/session').set('Cookie', cookie)).body.role).toBe('planner');
    let failed = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'add', 'shorty', 'planner'], { cwd: REPO, env: { ...env, WIFI_REACH_PASSWORD: 'short' }, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      failed = String((err as { stderr: string }).stderr);
    }
    expect(failed).toMatch(/at least 12 characters/);
  });
});

describe('the coverage grid from configuration', () => {
  it('when COVERAGE_CELL_SIZE_M and COVERAGE_GAP_TILE_M are set, then the model uses 50 m cells and gaps split at ward lines only', async () => {
    const s = await startServer({ COVERAGE_CELL_SIZE_M: '50', COVERAGE_GAP_TILE_M: '0' });
    try {
      const stats = (await request(s.url).get('/api/v1/coverage/stats')).body;
      expect(stats.city.areaM2 / 1e6).toBeCloseTo(138.3, 0); // the same city
      expect(stats.cells.inside).toBeGreaterThan(0.24 * 221_205); // a quarter of the 25 m cells
      expect(stats.cells.inside).toBeLessThan(0.26 * 221_205);
      const street = (await request(s.url).get('/api/v1/coverage/cells').query({ bbox: '-80.49,43.45,-80.48,43.455', zoom: 17 })).body;
      expect(street.cellSizeM).toBe(50);
      const gaps = (await request(s.url).get('/api/v1/coverage/gaps').query({ format: 'json', limit: 1000 })).body as { areaM2: number; ward: { id: string } }[];
      expect(gaps.length).toBeLessThan(60); // wards and what the hotspots cut off, not 1 km squares
      expect(Math.max(...gaps.map((g) => g.areaM2))).toBeGreaterThan(5e6);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });

  it('when a coverage setting is out of range, then the server refuses to start and says which', async () => {
    expect(() => readConfig({ COVERAGE_CELL_SIZE_M: '2' })).toThrow(/COVERAGE_CELL_SIZE_M "2" must be 5–200/);
    expect(() => readConfig({ COVERAGE_CELL_SIZE_M: '25', COVERAGE_GAP_TILE_M: '10' })).toThrow(/COVERAGE_GAP_TILE_M "10" must be 0, or from the cell size/);
  });

  it('when the device credential limit is missing or invalid, then it is 10 an hour, or the server refuses to start', () => {
    expect(readConfig({}).devicesPerHour).toBe(10);
    expect(readConfig({ RATE_LIMIT_DEVICES_PER_HOUR: '3' }).devicesPerHour).toBe(3);
    expect(() => readConfig({ RATE_LIMIT_DEVICES_PER_HOUR: '0.5' })).toThrow(/RATE_LIMIT_DEVICES_PER_HOUR "0.5" must be a number ≥ 1/);
    expect(() => readConfig({ RATE_LIMIT_DEVICES_PER_HOUR: 'lots' })).toThrow(/RATE_LIMIT_DEVICES_PER_HOUR "lots"/);
  });

  it('when TRUST_PROXY is set, then it counts the proxies in front ("true" is one), or the server refuses to start', () => {
    expect([readConfig({}).trustProxy, readConfig({ TRUST_PROXY: 'false' }).trustProxy, readConfig({ TRUST_PROXY: 'true' }).trustProxy, readConfig({ TRUST_PROXY: '2' }).trustProxy]).toEqual([0, 0, 1, 2]);
    expect(() => readConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY "yes" must be true, false or the number of proxies/);
    expect(() => readConfig({ TRUST_PROXY: '0.5' })).toThrow(/TRUST_PROXY "0.5"/);
  });

  it('when the readings quota is missing or below one full batch, then it is 6,000 an hour, or the server refuses to start', () => {
    expect(readConfig({}).readingsPerHour).toBe(6000);
    expect(readConfig({ RATE_LIMIT_READINGS_PER_HOUR: '20000' }).readingsPerHour).toBe(20000);
    expect(() => readConfig({ RATE_LIMIT_READINGS_PER_HOUR: '999' })).toThrow(/RATE_LIMIT_READINGS_PER_HOUR "999" must be a number ≥ 1000 \(one full batch\)/);
  });
});
