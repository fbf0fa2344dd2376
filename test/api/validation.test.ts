// Bad input of every kind: a 4xx problem that names each bad field, and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, DOWNTOWN, removeDir, startServer, TORONTO, type Running } from './harness';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

describe('input validation at the edge', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ BODY_LIMIT_BYTES: String(64 * 1024) });
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  const expectNothingStored = async (fn: () => Promise<void>) => {
    const before = { reports: count(s.store, 'reports'), observations: count(s.store, 'observations') };
    await fn();
    expect({ reports: count(s.store, 'reports'), observations: count(s.store, 'observations') }).toEqual(before);
  };

  it('when the JSON is malformed, then 400 "Malformed JSON"', () =>
    expectNothingStored(async () => {
      const res = await request(s.url).post('/api/v1/reports').set('content-type', 'application/json').send('{"kind": "no_wifi", "lon": ');
      expect(res.status).toBe(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.title).toBe('Malformed JSON');
    }));

  it('when fields are missing, then each missing field is listed', () =>
    expectNothingStored(async () => {
      const res = await request(s.url).post('/api/v1/reports').send({});
      expect(res.status).toBe(400);
      expect(paths(res.body)).toEqual(['kind', 'lat', 'lon']);
    }));

  it('when an unknown field is sent, then it is rejected by name', () =>
    expectNothingStored(async () => {
      const res = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN, name: 'Jane', email: 'j@x.ca' });
      expect(res.status).toBe(400);
      expect(paths(res.body)).toEqual(['email', 'name']);
    }));

  it('when numbers are NaN, strings or out of range, then every bad field is reported together', () =>
    expectNothingStored(async () => {
      const res = await request(s.url)
        .post('/api/v1/reports')
        .send({ kind: 'nothing', lon: 'NaN', lat: 95, accuracyM: -3, note: 'x'.repeat(501), clientId: 'not-a-uuid' });
      expect(res.status).toBe(400);
      expect(paths(res.body)).toEqual(['accuracyM', 'clientId', 'kind', 'lat', 'lon', 'note']);
      expect(res.body.detail).toMatch(/and 3 more/);
    }));

  it('when the position is outside Kitchener, then the message says so clearly', () =>
    expectNothingStored(async () => {
      const res = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...TORONTO });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'lon', message: expect.stringMatching(/outside Kitchener/) }]);
    }));

  it('when the position is just outside the city limit, within the 1 km margin, then it is accepted; beyond it, refused', async () => {
    // Straight south of the boundary's southernmost vertex (-80.50595, 43.353856): 484 m and 1,096 m from the city limit.
    const inside = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon: -80.50595, lat: 43.3495 });
    expect(inside.status).toBe(201);
    const beyond = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon: -80.50595, lat: 43.344 });
    expect(beyond.status).toBe(400);
    expect(beyond.body.errors).toEqual([{ path: 'lon', message: expect.stringMatching(/outside Kitchener/) }]);
  });

  it('when a time is in the future or from an unset clock, then it is refused', () =>
    expectNothingStored(async () => {
      const future = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN, observedAt: '2999-01-01T00:00:00Z' });
      expect(future.body.errors).toEqual([{ path: 'observedAt', message: expect.stringMatching(/future/) }]);
      const epoch = await request(s.url).post('/api/v1/observations').send({ ...DOWNTOWN, observedAt: '1970-01-01T00:00:00Z', signalDbm: -60 });
      expect(epoch.body.errors).toEqual([{ path: 'observedAt', message: expect.stringMatching(/clock/) }]);
    }));

  it('when a body has thousands of bad fields, then the first 100 are listed and the rest counted, not each listed', () =>
    expectNothingStored(async () => {
      const unknown = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));
      const exactly = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN, ...unknown(100) });
      expect(exactly.body.errors).toHaveLength(100);
      expect(exactly.body.errors.at(-1)).toEqual({ path: 'k99', message: 'unknown field' });
      const many = await request(s.url).post('/api/v1/reports').send({ ...unknown(5000), note: 7 });
      expect(many.status).toBe(400);
      expect(many.body.errors).toHaveLength(101);
      expect(many.body.errors.slice(0, 4).map((e: { path: string }) => e.path)).toEqual(['kind', 'lon', 'lat', 'note']);
      expect(many.body.errors[4]).toEqual({ path: 'k0', message: 'unknown field' });
      expect(many.body.errors.at(-1)).toEqual({ path: '', message: 'and 4,904 more problems not listed' });
      expect(many.text.length).toBeLessThan(8_000); // 5,000 listed once answered 220 KB
    }));

  it('when the body is larger than the limit, then 413 and nothing stored', () =>
    expectNothingStored(async () => {
      const res = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN, note: 'x'.repeat(70 * 1024) });
      expect(res.status).toBe(413);
      expect(res.type).toBe('application/problem+json');
    }));

  it('when the body is not JSON, then 415', () =>
    expectNothingStored(async () => {
      const res = await request(s.url).post('/api/v1/reports').type('form').send('kind=no_wifi&lon=-80.48&lat=43.45');
      expect(res.status).toBe(415);
    }));

  it('when the body is a JSON array or a bare value, then 400', () =>
    expectNothingStored(async () => {
      const res = await request(s.url).post('/api/v1/reports').set('content-type', 'application/json').send('[1,2]');
      expect(res.status).toBe(400);
      const bare = await request(s.url).post('/api/v1/observations').set('content-type', 'application/json').send('"hello"');
      expect(bare.status).toBe(400);
    }));

  it('when a query parameter is malformed or unknown, then 400 names it', async () => {
    const res = await request(s.url).get('/api/v1/access-points').query({ bbox: '1,2,3', colour: 'red' });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['bbox', 'colour']);
    const reversed = await request(s.url).get('/api/v1/reports').query({ since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' });
    expect(paths(reversed.body)).toEqual(['until']);
  });

  it('when an id is not a number, then 400; when it is unknown, 404', async () => {
    expect((await request(s.url).get('/api/v1/access-points/abc')).status).toBe(400);
    expect((await request(s.url).get('/api/v1/access-points/424242')).status).toBe(404);
  });

  it('when an unknown API path is requested, then a 404 problem, not the web page', async () => {
    const res = await request(s.url).get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
  });
});
