import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { count, DOWNTOWN, removeDir, startServer, type Running } from './harness';

const obs = (extra: Record<string, unknown> = {}) => ({ ...DOWNTOWN, observedAt: new Date(Date.now() - 60_000).toISOString(), accuracyM: 8, ...extra });

describe('observations over HTTP', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when a signal reading is posted, then it is stored with its fields', async () => {
    const res = await request(s.url).post('/api/v1/observations').send(obs({ signalDbm: -71, ssid: 'KitchenerWiFi', bssid: 'AA-BB-CC-00-11-22', source: 'survey' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ signalDbm: -71, ssid: 'KitchenerWiFi', bssid: 'aa:bb:cc:00:11:22', source: 'survey', noFreeNetwork: false, created: true });
    expect(s.store.observations.get(res.body.id)?.signalDbm).toBe(-71);
  });

  it('when "no free network heard" or a connection test is posted, then each is accepted', async () => {
    expect((await request(s.url).post('/api/v1/observations').send(obs({ noFreeNetwork: true }))).status).toBe(201);
    const test = await request(s.url).post('/api/v1/observations').send(obs({ test: { latencyMs: 38, downMbps: 12.5, upMbps: 4.1, connectionType: 'wifi' } }));
    expect(test.status).toBe(201);
    expect(test.body.test).toEqual({ latencyMs: 38, downMbps: 12.5, upMbps: 4.1, connectionType: 'wifi' });
  });

  it('when the signal is outside −100…−10 dBm or missing everything, then 400 with the path', async () => {
    const weak = await request(s.url).post('/api/v1/observations').send(obs({ signalDbm: -120 }));
    expect(weak.body.errors).toEqual([{ path: 'signalDbm', message: 'must be at least -100 dBm' }]);
    const strong = await request(s.url).post('/api/v1/observations').send(obs({ signalDbm: 5 }));
    expect(strong.body.errors[0].path).toBe('signalDbm');
    const empty = await request(s.url).post('/api/v1/observations').send(obs());
    expect(empty.body.errors[0].message).toMatch(/needs signalDbm/);
    const both = await request(s.url).post('/api/v1/observations').send(obs({ signalDbm: -60, noFreeNetwork: true }));
    expect(both.status).toBe(400);
  });

  it('when a batch is posted, then all of it is stored in one go, and retried elements are not doubled', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const batch = { observations: ids.map((clientId, i) => obs({ clientId, signalDbm: -60 - i })) };
    const before = count(s.store, 'observations');
    const first = await request(s.url).post('/api/v1/observations/batch').send(batch);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ received: 3, created: 3, duplicates: 0 });
    const retry = await request(s.url).post('/api/v1/observations/batch').send(batch);
    expect(retry.body).toMatchObject({ received: 3, created: 0, duplicates: 3, ids: first.body.ids });
    expect(count(s.store, 'observations')).toBe(before + 3);
  });

  it('when one element of a batch is bad, then nothing of the batch is stored and the path points at it', async () => {
    const before = count(s.store, 'observations');
    const res = await request(s.url)
      .post('/api/v1/observations/batch')
      .send({ observations: [obs({ signalDbm: -60 }), obs({ signalDbm: -65 }), obs({ signalDbm: -300, lat: 'x' })] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['observations.2.lat', 'observations.2.signalDbm']);
    expect(count(s.store, 'observations')).toBe(before);
  });

  it('when a batch names an unknown access point, then nothing is stored', async () => {
    const before = count(s.store, 'observations');
    const res = await request(s.url).post('/api/v1/observations/batch').send({ observations: [obs({ signalDbm: -60 }), obs({ signalDbm: -60, accessPointId: 987654 })] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'observations.1.accessPointId', message: 'access point 987654 does not exist' }]);
    expect(count(s.store, 'observations')).toBe(before);
  });

  it('when a batch is empty or over 1,000, then 400', async () => {
    expect((await request(s.url).post('/api/v1/observations/batch').send({ observations: [] })).status).toBe(400);
    const big = { observations: Array.from({ length: 1001 }, () => obs({ signalDbm: -60 })) };
    const res = await request(s.url).post('/api/v1/observations/batch').send(big);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('observations');
  });
});
