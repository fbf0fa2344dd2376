// A registry change is stored and taken into the coverage model as one: if the model refuses the registry,
// nothing is stored and the answer says so; the schema refuses what the model would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { addStaff, count, DOWNTOWN, removeDir, signIn, startServer, type Running } from './harness';

const newAp = (name: string) => ({ name, ssid: 'KitchenerWiFi', ...DOWNTOWN, indoor: false });

describe('registry writes and the coverage model', () => {
  let s: Running;
  let planner: { cookie: string; csrfToken: string };
  const post = (body: object) => request(s.url).post('/api/v1/access-points').set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken).send(body);
  const names = async () => ((await request(s.url).get('/api/v1/access-points')).body.features as GeoJSON.Feature[]).map((f) => f.properties!.name as string);
  const legacyOverride = (id: number, metres: number | null) => s.store.db.prepare('UPDATE access_points SET range_override_m = ? WHERE id = ?').run(metres, id);

  beforeAll(async () => {
    s = await startServer();
    await addStaff(s, 'pat', 'planner');
    planner = await signIn(s.url, 'pat');
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when a reach override the model refuses (≤ 1 m) is posted, then 400 names the field and nothing is stored', async () => {
    const before = count(s.store, 'access_points');
    const res = await post({ ...newAp('Half-metre hotspot'), rangeOverrideM: 0.5 });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['rangeOverrideM']);
    expect(count(s.store, 'access_points')).toBe(before);
    expect((await post(newAp('Next hotspot'))).status).toBe(201); // the registry still takes changes
  });

  it('when the model refuses the registry a write would make, then nothing is stored and the problem says so', async () => {
    // A row the model refuses, as the schema let through before it checked the override's floor.
    const victim = s.store.accessPoints.list()[0];
    legacyOverride(victim.id, 0.5);
    const before = { rows: count(s.store, 'access_points'), audit: count(s.store, 'audit_log'), version: s.coverage.version };
    const res = await post(newAp('Refused with the registry'));
    expect(res.status).toBe(500);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toMatch(/nothing was stored/);
    expect(count(s.store, 'access_points')).toBe(before.rows);
    expect(count(s.store, 'audit_log')).toBe(before.audit);
    expect(await names()).not.toContain('Refused with the registry');
    expect(s.coverage.version).toBe(before.version); // the model kept its last good registry

    const patched = await request(s.url).patch(`/api/v1/access-points/${victim.id}`).set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken).send({ name: 'Renamed' });
    expect(patched.status).toBe(500);
    expect(s.store.accessPoints.get(victim.id)!.name).toBe(victim.name); // the rename rolled back with it

    legacyOverride(victim.id, null);
    const created = await post(newAp('Taken once the registry is good'));
    expect(created.status).toBe(201);
    expect(s.coverage.hasAccessPoint(created.body.id)).toBe(true);
  });

  it('when a database holding such a row is opened, then migration 021 clears the override and the server starts', async () => {
    const victim = s.store.accessPoints.list()[0];
    legacyOverride(victim.id, 0.5);
    s.store.db.pragma('user_version = 20'); // as a database written before 021
    await s.stop();
    s = await startServer({}, s.dir); // would throw while building the model if the row were still there
    expect(s.store.accessPoints.get(victim.id)!.rangeOverrideM).toBeNull();
    expect(s.coverage.hasAccessPoint(victim.id)).toBe(true);
  });
});
