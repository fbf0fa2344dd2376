// Planners' workspace API: triage filters, registry import with preview, saved scenarios, history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { addStaff, count, mintDevice, removeDir, signIn, startServer, type Running } from './harness';

describe('planner workspace API', () => {
  let s: Running;
  let staff: (r: request.Test) => request.Test;
  let admin: (r: request.Test) => request.Test;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000', TRUST_PROXY: 'true' }); // phones on different networks: X-Forwarded-For
    await addStaff(s, 'plan', 'planner');
    await addStaff(s, 'boss', 'admin');
    await addStaff(s, 'vol', 'volunteer');
    const p = await signIn(s.url, 'plan');
    const a = await signIn(s.url, 'boss');
    staff = (r) => r.set('Cookie', p.cookie).set('x-csrf-token', p.csrfToken);
    admin = (r) => r.set('Cookie', a.cookie).set('x-csrf-token', a.csrfToken);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when triaging by ward, then only reports inside that ward come back; sorting by confirmations puts the most confirmed first', async () => {
    // Central Library (ward 10 in the 2018 wards) and a point in the far south-west (ward 5)
    const downtown = (await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon: -80.4862, lat: 43.4527 })).body;
    const south = (await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon: -80.5200, lat: 43.3950 })).body;
    for (let i = 0; i < 2; i++) {
      const token = await mintDevice(s.url, `198.51.100.${i + 1}`);
      await request(s.url).post(`/api/v1/reports/${south.id}/confirmations`).set('X-Device-Token', token).send({}).expect(201);
    }
    const wards = (await request(s.url).get('/api/v1/areas')).body.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'ward');
    const turf = await import('@turf/turf');
    const wardOf = (lon: number, lat: number) => wards.find((w: GeoJSON.Feature<GeoJSON.Polygon>) => turf.booleanPointInPolygon([lon, lat], w)).properties.ward;
    const inDowntownWard = (await staff(request(s.url).get('/api/v1/reports')).query({ ward: wardOf(-80.4862, 43.4527) })).body.features.map((f: { id: number }) => f.id);
    expect(inDowntownWard).toContain(downtown.id);
    expect(inDowntownWard).not.toContain(south.id);
    const sorted = (await staff(request(s.url).get('/api/v1/reports')).query({ sort: 'confirmations' })).body.features;
    expect(sorted[0].id).toBe(south.id);
    const old = (await staff(request(s.url).get('/api/v1/reports')).query({ olderThanDays: 1 })).body.features;
    expect(old).toEqual([]);
  });

  it('when a planner previews a CSV import, then each row shows its errors and nothing is written', async () => {
    const csv = 'name,latitude,longitude,ssid,indoor,eirp\nRockway Gardens,43.4410,-80.4700,KitchenerWiFi,no,23\n"Bad, row",95,-80.47,,maybe,\nToronto,43.65,-79.38,,,\n';
    const before = count(s.store, 'access_points');
    const res = await staff(request(s.url).post('/api/v1/access-points/import')).send({ format: 'csv', content: csv });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 3, valid: 1, invalid: 2, committed: false });
    expect(res.body.preview[0].accessPoint).toMatchObject({ name: 'Rockway Gardens', environment: 'outdoor_urban', eirpDbm: 23, ssid: 'KitchenerWiFi' }); // indoor "no": outdoors among buildings
    expect(res.body.preview[1].errors.map((e: { path: string }) => e.path).sort()).toEqual(['indoor', 'lat']);
    expect(res.body.preview[2].errors[0].message).toMatch(/outside Kitchener/);
    const commit = await staff(request(s.url).post('/api/v1/access-points/import')).send({ format: 'csv', content: csv, commit: true });
    expect(commit.status).toBe(400);
    expect(commit.body.errors.map((e: { path: string }) => e.path)).toContain('rows.2.lat');
    expect(count(s.store, 'access_points')).toBe(before);
  });

  it('when a planner commits a valid GeoJSON import, then every access point lands, is audited and counts as coverage', async () => {
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-80.5005, 43.4205] }, properties: { name: 'Imported A', indoor: false } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-80.5105, 43.4105] }, properties: { name: 'Imported B', status: 'planned' } },
      ],
    });
    const stats = (await request(s.url).get('/api/v1/coverage/stats')).body.city.coveredAreaM2;
    const res = await staff(request(s.url).post('/api/v1/access-points/import')).send({ format: 'geojson', content: geojson, commit: true });
    expect(res.status).toBe(201);
    expect(res.body.ids).toHaveLength(2);
    expect(s.store.audit.recent(5).filter((a) => a.action === 'access_point.import')).toHaveLength(2);
    expect((await request(s.url).get('/api/v1/coverage/stats')).body.city.coveredAreaM2).toBeGreaterThan(stats);
  });

  it('when an anonymous caller or a volunteer imports, then 401 / 403', async () => {
    expect((await request(s.url).post('/api/v1/access-points/import').send({ format: 'csv', content: 'x' })).status).toBe(401);
    const v = await signIn(s.url, 'vol');
    const res = await request(s.url).post('/api/v1/access-points/import').set('Cookie', v.cookie).set('x-csrf-token', v.csrfToken).send({ format: 'csv', content: 'x' });
    expect(res.status).toBe(403);
  });

  it('when a planner saves scenarios, then they can be listed, compared, exported as GeoJSON and deleted', async () => {
    const one = await staff(request(s.url).post('/api/v1/scenarios')).send({ name: 'One pole in Victoria Park', scenario: { add: [{ lon: -80.4990, lat: 43.4460 }] } });
    expect(one.status).toBe(201);
    const two = await admin(request(s.url).post('/api/v1/scenarios')).send({ name: 'Two poles south', scenario: { add: [{ lon: -80.47, lat: 43.40 }, { lon: -80.48, lat: 43.40 }] } });
    expect(two.body.result.coveredAreaM2.change).toBeGreaterThan(one.body.result.coveredAreaM2.change);
    const list = (await staff(request(s.url).get('/api/v1/scenarios'))).body;
    expect(list.map((x: { name: string }) => x.name)).toEqual(['Two poles south', 'One pole in Victoria Park']);
    const exported = await staff(request(s.url).get(`/api/v1/scenarios/${two.body.id}/geojson`));
    expect(exported.headers['content-disposition']).toBe(`attachment; filename=two-poles-south-${two.body.id}.geojson`); // named after the scenario
    expect(JSON.parse(exported.text).features).toHaveLength(2);
    const bad = await staff(request(s.url).post('/api/v1/scenarios')).send({ name: 'x', scenario: { add: [{ lon: 0, lat: 0 }] } });
    expect(bad.status).toBe(400);
    await staff(request(s.url).delete(`/api/v1/scenarios/${one.body.id}`)).expect(204);
    expect((await staff(request(s.url).get(`/api/v1/scenarios/${one.body.id}`))).status).toBe(404);
    expect((await request(s.url).get('/api/v1/scenarios')).status).toBe(401);
  });

  it('when evidence accumulates, then the history shows measurements per month and the share that found usable Wi-Fi', async () => {
    const lastMonth = new Date(Date.now() - 35 * 86_400_000).toISOString();
    await request(s.url).post('/api/v1/observations/batch').send({
      observations: [
        { lon: -80.4862, lat: 43.4527, observedAt: lastMonth, signalDbm: -60 },
        { lon: -80.4862, lat: 43.4527, observedAt: lastMonth, signalDbm: -90 },
        { lon: -80.4862, lat: 43.4527, observedAt: new Date().toISOString(), noFreeNetwork: true },
      ],
    }).expect(201);
    const history = (await request(s.url).get('/api/v1/coverage/history').query({ months: 3 })).body;
    expect(history.months).toHaveLength(3);
    const prev = history.months.find((m: { month: string }) => m.month === lastMonth.slice(0, 7));
    expect(prev).toMatchObject({ measurements: 2, usableShare: 0.5 });
    expect(history.months.at(-1).measurements).toBe(1);
    expect(history.months.at(-1).reports.no_wifi).toBeGreaterThan(0);
  });
});
