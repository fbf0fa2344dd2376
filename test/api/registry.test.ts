// The access-point registry: public reads, role-checked writes, CSRF on cookie writes, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { addStaff, count, DOWNTOWN, REPO, removeDir, signIn, startServer, type Running } from './harness';

const seeded = JSON.parse(readFileSync(`${REPO}data/access-points.geojson`, 'utf8')) as GeoJSON.FeatureCollection;
const newAp = { name: 'Test Plaza hotspot', ssid: 'KitchenerWiFi', ...DOWNTOWN, indoor: false };

describe('access-point registry over HTTP', () => {
  let s: Running;
  let planner: { cookie: string; csrfToken: string };
  let volunteer: { cookie: string; csrfToken: string };
  beforeAll(async () => {
    s = await startServer();
    await addStaff(s, 'pat', 'planner');
    await addStaff(s, 'val', 'volunteer');
    planner = await signIn(s.url, 'pat');
    volunteer = await signIn(s.url, 'val');
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when the registry is listed, then it holds every seeded access point with its reach and evidence', async () => {
    const res = await request(s.url).get('/api/v1/access-points');
    expect(res.status).toBe(200);
    expect(res.body.features).toHaveLength(seeded.features.length);
    for (const f of res.body.features) {
      expect(f.properties.reachM).toBeGreaterThan(10);
      expect(['documented', 'probable']).toContain(f.properties.confidence);
      expect(f.properties.status).toBe('active');
    }
  });

  it('when the registry is read again, then the same answer; after any write to it (a rename moves no model), the new one', async () => {
    const list = async (query: Record<string, string> = {}) => (await request(s.url).get('/api/v1/access-points').query(query).expect(200)).text;
    const first = await list();
    expect(await list()).toBe(first);
    const ap = JSON.parse(first).features[1];
    s.store.accessPoints.update(ap.id, { name: 'Renamed in the store' }, new Date().toISOString());
    const renamed = JSON.parse(await list()).features.find((f: GeoJSON.Feature) => f.id === ap.id);
    expect(renamed.properties.name).toBe('Renamed in the store');
    // Each query its own answer: a status filter is not served the whole registry.
    expect(JSON.parse(await list({ status: 'retired' })).features).toEqual([]);
    expect(JSON.parse(await list()).features).toHaveLength(seeded.features.length);
    s.store.accessPoints.update(ap.id, { name: ap.properties.name }, new Date().toISOString());
  });

  it('when filtered by a bbox, then only access points inside it are returned', async () => {
    const bbox = [-80.50, 43.44, -80.47, 43.46];
    const res = await request(s.url).get('/api/v1/access-points').query({ bbox: bbox.join(',') });
    const inside = seeded.features.filter((f) => {
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
      return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
    });
    expect(res.body.features).toHaveLength(inside.length);
    expect(inside.length).toBeGreaterThan(0);
  });

  it('when one access point is fetched, then its name, SSID, venue, status and evidence are there', async () => {
    const [first] = (await request(s.url).get('/api/v1/access-points')).body.features;
    const res = await request(s.url).get(`/api/v1/access-points/${first.id}`);
    expect(res.body.properties).toMatchObject({ name: expect.any(String), venue: expect.any(String), status: 'active', source: expect.any(String) });
    expect('ssid' in res.body.properties).toBe(true);
  });

  it('when an anonymous caller writes, then 401; a volunteer, 403; nothing changes', async () => {
    const before = count(s.store, 'access_points');
    expect((await request(s.url).post('/api/v1/access-points').send(newAp)).status).toBe(401);
    const forbidden = await request(s.url).post('/api/v1/access-points').set('Cookie', volunteer.cookie).set('x-csrf-token', volunteer.csrfToken).send(newAp);
    expect(forbidden.status).toBe(403);
    expect((await request(s.url).delete('/api/v1/access-points/1')).status).toBe(401);
    expect(count(s.store, 'access_points')).toBe(before);
  });

  it('when a planner writes with the cookie but without the CSRF token, then 403', async () => {
    const res = await request(s.url).post('/api/v1/access-points').set('Cookie', planner.cookie).send(newAp);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/x-csrf-token/);
  });

  it('when a planner adds, edits, moves and retires an access point, then each change lands and is audited', async () => {
    const auth = (r: request.Test) => r.set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken);
    const created = await auth(request(s.url).post('/api/v1/access-points')).send(newAp);
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({ name: newAp.name, status: 'active', confidence: 'unverified', eirpDbm: 20 });
    const id = created.body.id;
    const moved = await auth(request(s.url).patch(`/api/v1/access-points/${id}`)).send({ lon: -80.4870, lat: 43.4530, eirpDbm: 23 });
    expect(moved.body.geometry.coordinates).toEqual([-80.487, 43.453]);
    expect(moved.body.properties.reachM).toBeGreaterThan(created.body.properties.reachM); // more power, farther reach
    const retired = await auth(request(s.url).delete(`/api/v1/access-points/${id}`));
    expect(retired.body.properties.status).toBe('retired');
    const actions = s.store.audit.recent(10).filter((a) => a.entityId === String(id)).map((a) => a.action);
    expect(actions).toEqual(['access_point.update', 'access_point.update', 'access_point.create']);
    const moveEntry = s.store.audit.recent(10).find((a) => a.entityId === String(id) && (a.detail as { after: { eirpDbm?: number } }).after.eirpDbm === 23);
    expect(moveEntry?.username).toBe('pat');
  });

  it('when an edit is invalid or moves only one coordinate, then 400 and the record is unchanged', async () => {
    const auth = (r: request.Test) => r.set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken);
    const before = (await request(s.url).get('/api/v1/access-points/1')).body;
    const res = await auth(request(s.url).patch('/api/v1/access-points/1')).send({ lon: -80.49, eirpDbm: 99, status: 'exploded' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['eirpDbm', 'lat', 'status']);
    expect((await request(s.url).get('/api/v1/access-points/1')).body).toEqual(before);
  });

  it('when a script uses an API token, then it can write without a cookie or CSRF token; a bad token is 401', async () => {
    const tokenRes = await request(s.url).post('/api/v1/tokens').set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken).send({ name: 'monitoring' });
    expect(tokenRes.status).toBe(201);
    const token = tokenRes.body.token as string;
    const stored = s.store.db.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').get(tokenRes.body.id) as { token_hash: string };
    expect(stored.token_hash).not.toContain(token); // only the hash is stored
    const res = await request(s.url).patch('/api/v1/access-points/1').set('Authorization', `Bearer ${token}`).send({ status: 'down' });
    expect(res.status).toBe(200);
    expect(res.body.properties.status).toBe('down');
    expect((await request(s.url).patch('/api/v1/access-points/1').set('Authorization', 'Bearer wr_nope').send({ status: 'active' })).status).toBe(401);
  });
});
