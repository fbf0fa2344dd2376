import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { count, DOWNTOWN, mintDevice, modelSettled, removeDir, startServer, type Running } from './harness';

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

  it('when a device posts a scan (several BSSIDs at one time and place), then the place\'s level is the loudest one\'s, as if only it had been read', async () => {
    // Three spots far from every hotspot, alike before the readings.
    const scanned = { lon: -80.47, lat: 43.405 }, loudOnly = { lon: -80.48, lat: 43.40 }, anonymous = { lon: -80.46, lat: 43.41 };
    const fused = async (p: { lon: number; lat: number }) => (await request(s.url).get('/api/v1/coverage/explain').query(p)).body.fusedDbm as number;
    expect(await fused(scanned)).toBe(await fused(loudOnly));
    expect(await fused(anonymous)).toBe(await fused(loudOnly));
    // One clock reading for all rows: a scan is its rows' device, time and place, and a millisecond's tick between
    // two rows of one scan made them two scans (the quieter row then counted: a flake seen on CI).
    const start = Date.now() - 86_400_000;
    const at = (p: { lon: number; lat: number }, k: number) => ({ lon: p.lon, lat: Number((p.lat + k * 0.00005).toFixed(5)), accuracyM: 5, source: 'survey', ssid: 'KitchenerWiFi',
      observedAt: new Date(start + k * 60_000).toISOString() });
    const scans = (p: { lon: number; lat: number }) => [0, 1, 2].flatMap((k) => [{ ...at(p, k), bssid: 'ab:cd:ef:00:00:01', signalDbm: -77 }, { ...at(p, k), bssid: 'ab:cd:ef:00:00:02', signalDbm: -93 }]);
    const token = await mintDevice(s.url);
    const sent = await request(s.url).post('/api/v1/observations/batch').set('X-Device-Token', token)
      .send({ observations: [...scans(scanned), ...[0, 1, 2].map((k) => ({ ...at(loudOnly, k), bssid: 'ab:cd:ef:00:00:01', signalDbm: -77 }))] });
    expect(sent.status).toBe(201);
    // Control: the same rows with no device behind them cannot be told from repeated readings, so both count.
    expect((await request(s.url).post('/api/v1/observations/batch').send({ observations: scans(anonymous) })).status).toBe(201);
    await modelSettled(s.url); // a refresh between two answers would compare two maps (a failure seen once under load)
    expect(await fused(scanned)).toBeGreaterThan(-90); // the readings moved it…
    expect(await fused(scanned)).toBe(await fused(loudOnly)); // …and the quieter network of each scan did not pull it down
    expect(await fused(anonymous)).toBeLessThan(await fused(loudOnly) - 1);
    // A server started on the same database reads the rows back as the same scans.
    const again = await startServer({}, s.dir);
    try {
      const fusedAgain = async (p: { lon: number; lat: number }) => (await request(again.url).get('/api/v1/coverage/explain').query(p)).body.fusedDbm as number;
      expect(await fusedAgain(scanned)).toBe(await fusedAgain(loudOnly));
      expect(await fusedAgain(scanned)).toBe(await fused(scanned));
    } finally {
      await again.stop();
    }
  });
});

describe('readings per client', () => {
  it('when one client sends more readings in an hour than RATE_LIMIT_READINGS_PER_HOUR, then the batch that passes it is refused whole (429, Retry-After) and other clients still send', async () => {
    const s = await startServer({ RATE_LIMIT_READINGS_PER_HOUR: '1000', TRUST_PROXY: 'true' });
    try {
      const batch = (n: number) => ({ observations: Array.from({ length: n }, (_, k) => ({ lon: DOWNTOWN.lon + k * 1e-5, lat: DOWNTOWN.lat, observedAt: new Date().toISOString(), accuracyM: 10, signalDbm: -60 - (k % 30) })) });
      const send = (from: string, n: number) => request(s.url).post('/api/v1/observations/batch').set('X-Forwarded-For', from).send(batch(n));
      expect((await send('203.0.113.20', 600)).status).toBe(201);
      const stored = count(s.store, 'observations');
      const refused = await send('203.0.113.20', 600); // the requests are well within their own limit; the readings are not
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(700); // 200 readings more at 1,000 an hour: 12 minutes
      expect(refused.body.detail).toMatch(/At most 1000 readings per client per hour \(RATE_LIMIT_READINGS_PER_HOUR\); nothing of this request was stored/);
      expect(count(s.store, 'observations')).toBe(stored);
      expect((await request(s.url).post('/api/v1/observations').set('X-Forwarded-For', '203.0.113.20').send(batch(1).observations[0])).status).toBe(201); // 400 left
      expect((await send('203.0.113.21', 1000)).status).toBe(201); // another client has its own
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });
});
