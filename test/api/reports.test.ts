import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { addStaff, count, DOWNTOWN, removeDir, signIn, startServer, type Running } from './harness';

describe('residents\' reports over HTTP', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when a resident files a report, then it is stored and listed as a GeoJSON point', async () => {
    const res = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN, accuracyM: 12, note: 'nothing at the bus shelter' });
    expect(res.status).toBe(201);
    expect(res.type).toBe('application/geo+json');
    expect(res.body).toMatchObject({ type: 'Feature', geometry: { type: 'Point' }, properties: { kind: 'no_wifi', status: 'open', note: 'nothing at the bus shelter' } });
    const list = await request(s.url).get('/api/v1/reports');
    expect(list.body.features.map((f: { id: number }) => f.id)).toContain(res.body.id);
  });

  it('when the public lists reports, then positions are rounded to a 25 m cell and notes stay private', async () => {
    const res = await request(s.url).post('/api/v1/reports').send({ kind: 'too_weak', lon: -80.49011, lat: 43.45102, note: 'my home is at 12 Example St' });
    const listed = (await request(s.url).get('/api/v1/reports')).body.features.find((f: { id: number }) => f.id === res.body.id);
    expect(listed.properties.note).toBeNull();
    const [lon, lat] = listed.geometry.coordinates;
    const dxM = (lon + 80.49011) * 111_320 * Math.cos((43.451 * Math.PI) / 180);
    const dyM = (lat - 43.45102) * 111_320;
    expect(Math.hypot(dxM, dyM)).toBeLessThanOrEqual(18); // half the diagonal of a 25 m cell
    expect([lon, lat]).not.toEqual([-80.49011, 43.45102]);
  });

  it('when staff list reports, then they see the exact position and the note', async () => {
    await addStaff(s, 'triage', 'planner');
    const { cookie } = await signIn(s.url, 'triage');
    const res = await request(s.url).post('/api/v1/reports').send({ kind: 'cant_connect', lon: -80.49022, lat: 43.45111, note: 'portal loops' });
    const staffRes = await request(s.url).get('/api/v1/reports').set('Cookie', cookie);
    expect(staffRes.headers['cache-control']).toBe('private, no-store'); // exact positions never land in a cache
    const staffView = staffRes.body.features.find((f: { id: number }) => f.id === res.body.id);
    expect(staffView.geometry.coordinates).toEqual([-80.49022, 43.45111]);
    expect(staffView.properties.note).toBe('portal loops');
  });

  it('when the same report is sent twice with one clientId, then one row exists and the retry gets the first result', async () => {
    const clientId = randomUUID();
    const before = count(s.store, 'reports');
    const first = await request(s.url).post('/api/v1/reports').send({ kind: 'hotspot_down', ...DOWNTOWN, clientId });
    const retry = await request(s.url).post('/api/v1/reports').send({ kind: 'hotspot_down', ...DOWNTOWN, clientId });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(count(s.store, 'reports')).toBe(before + 1);
  });

  it('when reports are filtered by bbox, time and status, then only matching ones are returned', async () => {
    const far = await request(s.url).post('/api/v1/reports').send({ kind: 'works', lon: -80.53, lat: 43.40 });
    const near = (await request(s.url).get('/api/v1/reports').query({ bbox: '-80.50,43.44,-80.47,43.46' })).body.features;
    expect(near.some((f: { id: number }) => f.id === far.body.id)).toBe(false);
    expect(near.length).toBeGreaterThan(0);
    const future = (await request(s.url).get('/api/v1/reports').query({ since: '2100-01-01T00:00:00Z' })).body.features;
    expect(future).toEqual([]);
    const resolved = (await request(s.url).get('/api/v1/reports').query({ status: 'resolved' })).body.features;
    expect(resolved).toEqual([]);
  });

  it('when a report is fetched by id, then it is returned, and an unknown id is a 404 problem', async () => {
    const created = await request(s.url).post('/api/v1/reports').send({ kind: 'works', ...DOWNTOWN });
    expect((await request(s.url).get(`/api/v1/reports/${created.body.id}`)).body.properties.kind).toBe('works');
    const missing = await request(s.url).get('/api/v1/reports/999999');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');
  });

  it('when the server restarts on the same file, then every report is still there', async () => {
    const created = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN });
    const total = count(s.store, 'reports');
    await s.stop();
    s = await startServer({}, s.dir);
    expect(count(s.store, 'reports')).toBe(total);
    expect((await request(s.url).get(`/api/v1/reports/${created.body.id}`)).status).toBe(200);
  });
});
