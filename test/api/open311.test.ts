// Open311 GeoReport v2: services, requests (GET with filters and near-me, POST with an API key), errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { addStaff, count, DOWNTOWN, removeDir, signIn, startServer, TORONTO, type Running } from './harness';
import { publicPosition } from '../../server/domain/service-area';
import { PUBLIC_CELL_M } from '../../server/domain/limits';
import { REPORT_KINDS } from '../../server/domain/vocabulary';

describe('Open311 GeoReport v2', () => {
  let s: Running;
  let apiKey: string;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000' });
    await addStaff(s, 'partner', 'volunteer');
    const { cookie, csrfToken } = await signIn(s.url, 'partner');
    apiKey = (await request(s.url).post('/api/v1/tokens').set('Cookie', cookie).set('x-csrf-token', csrfToken).send({ name: '311 app' })).body.token;
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });
  const post = (fields: Record<string, string | number>) => request(s.url).post('/open311/v2/requests.json').type('form').send(fields);

  it('when services are listed, then each report kind is a realtime service without metadata', async () => {
    const res = await request(s.url).get('/open311/v2/services.json');
    expect(res.status).toBe(200);
    expect(res.body.map((x: { service_code: string }) => x.service_code)).toEqual([...REPORT_KINDS]);
    expect(res.body[0]).toMatchObject({ service_name: 'No free Wi-Fi here', metadata: false, type: 'realtime' });
    const definition = await request(s.url).get('/open311/v2/services/no_wifi.json');
    expect(definition.status).toBe(200);
    expect(definition.body).toEqual({ service_code: 'no_wifi', attributes: [] });
    expect((await request(s.url).get('/open311/v2/services/pothole.json')).body).toEqual([{ code: 404, description: 'service_code pothole was not found' }]);
  });

  it('when a partner posts a form-encoded request with a valid api_key, then it becomes a report, personal fields dropped', async () => {
    const res = await post({ api_key: apiKey, service_code: 'too_weak', lat: DOWNTOWN.lat, long: DOWNTOWN.lon, description: 'weak by the fountain', email: 'jane@example.org', first_name: 'Jane', 'attribute[floor]': '1' });
    expect(res.status).toBe(201);
    const [{ service_request_id }] = res.body;
    const report = s.store.reports.get(Number(service_request_id))!;
    expect(report).toMatchObject({ kind: 'too_weak', note: 'weak by the fountain' });
    const row = JSON.stringify(s.store.db.prepare('SELECT * FROM reports WHERE id = ?').get(report.id));
    expect(row).not.toMatch(/jane|Jane/);
  });

  it('when a partner posts no_wifi, then the coverage model hears it like a report from the app (issue 11)', async () => {
    const spot = { lon: -80.4655, lat: 43.4312 }; // no other evidence here in this file
    const [lon, lat] = publicPosition([spot.lon, spot.lat], PUBLIC_CELL_M); // where the report enters the model
    const explain = async () => (await request(s.url).get('/api/v1/coverage/explain').query({ lon, lat })).body.evidence;
    const before = await explain();
    expect((await post({ api_key: apiKey, service_code: 'no_wifi', lat: spot.lat, long: spot.lon })).status).toBe(201);
    const after = await explain();
    expect(after.reports).toBe(before.reports + 1);
    expect(after.weight).toBeGreaterThan(before.weight); // heard; undated, as one unknown device's evidence is
  });

  it('when the api_key is missing or wrong, then 400 or 403 in the spec error format, nothing stored', async () => {
    const before = count(s.store, 'reports');
    const missing = await post({ service_code: 'no_wifi', lat: DOWNTOWN.lat, long: DOWNTOWN.lon });
    expect(missing.status).toBe(400);
    expect(missing.body[0]).toMatchObject({ code: 400, description: expect.stringMatching(/api_key/) });
    const wrong = await post({ api_key: 'nope', service_code: 'no_wifi', lat: DOWNTOWN.lat, long: DOWNTOWN.lon });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual([{ code: 403, description: 'the api_key is not valid' }]);
    const outside = await post({ api_key: apiKey, service_code: 'no_wifi', lat: TORONTO.lat, long: TORONTO.lon });
    expect(outside.status).toBe(400);
    expect(outside.body[0].description).toMatch(/outside Kitchener/);
    const bad = await post({ api_key: apiKey, service_code: 'pothole', lat: 'north', long: DOWNTOWN.lon, colour: 'red' });
    expect(bad.body.map((e: { description: string }) => e.description.split(':')[0]).sort()).toEqual(['colour', 'lat', 'service_code']);
    expect(count(s.store, 'reports')).toBe(before);
  });

  it('when requests are listed with filters and the near-me extension, then only matching ones come back', async () => {
    const [{ service_request_id: nearId }] = (await post({ api_key: apiKey, service_code: 'no_wifi', lat: 43.4200, long: -80.4700 })).body;
    const [{ service_request_id: farId }] = (await post({ api_key: apiKey, service_code: 'hotspot_down', lat: 43.4500, long: -80.5000 })).body;
    const near = (await request(s.url).get('/open311/v2/requests.json').query({ lat: 43.4201, long: -80.4701, radius: 100 })).body;
    expect(near.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([nearId]);
    const byCode = (await request(s.url).get('/open311/v2/requests.json').query({ service_code: 'hotspot_down' })).body;
    expect(byCode.map((r: { service_request_id: string }) => r.service_request_id)).toContain(farId);
    expect(byCode.every((r: { service_code: string }) => r.service_code === 'hotspot_down')).toBe(true);
    const byIds = (await request(s.url).get('/open311/v2/requests.json').query({ service_request_id: `${nearId},${farId}` })).body;
    expect(byIds).toHaveLength(2);
    const closed = (await request(s.url).get('/open311/v2/requests.json').query({ status: 'closed' })).body;
    expect(closed).toEqual([]);
    const later = (await request(s.url).get('/open311/v2/requests.json').query({ start_date: '2100-01-01T00:00:00Z' })).body;
    expect(later).toEqual([]);
  });

  it('when one request is fetched, then it is a one-element array with public fields; unknown ids are 404 errors', async () => {
    const [{ service_request_id }] = (await post({ api_key: apiKey, service_code: 'cant_connect', lat: DOWNTOWN.lat, long: DOWNTOWN.lon, description: 'private words' })).body;
    const res = await request(s.url).get(`/open311/v2/requests/${service_request_id}.json`);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ service_request_id, status: 'open', service_code: 'cant_connect', description: null, agency_responsible: 'City of Kitchener' });
    const missing = await request(s.url).get('/open311/v2/requests/999999.json');
    expect(missing.status).toBe(404);
    expect(missing.body[0].code).toBe(404);
  });

  it('when a bad query or an unknown path is asked for, then errors come in the spec format', async () => {
    const bad = await request(s.url).get('/open311/v2/requests.json').query({ radius: 100 });
    expect(bad.status).toBe(400);
    expect(bad.body[0].description).toMatch(/lat and long/);
    const unknown = await request(s.url).get('/open311/v2/nothing.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body[0].code).toBe(404);
  });
});
