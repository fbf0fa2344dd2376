// Device credentials over HTTP: the server mints them, verifies them, and counts independent voices
// by cohort, so one client with many tokens is one voice however many ids it invents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { DOWNTOWN, mintDevice, removeDir, startServer, type Running } from './harness';

const MINUTE_MS = 60_000;

describe('device credentials', () => {
  let s: Running;
  let at = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 1_000; // the server's clock, moved by the tests; a second into a minute
  const tick = (ms: number) => (at += ms);
  beforeAll(async () => {
    // 100 credentials per hour so a burst of 30 fits; X-Forwarded-For is trusted so phones can be on different networks.
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000', RATE_LIMIT_DEVICES_PER_HOUR: '100', TRUST_PROXY: 'true' }, undefined, () => new Date(at));
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  const report = async (token?: string, where = DOWNTOWN) => {
    const req = request(s.url).post('/api/v1/reports');
    return (await (token ? req.set('X-Device-Token', token) : req).send({ kind: 'no_wifi', ...where }).expect(201)).body as { id: number };
  };
  const meToo = (id: number, token?: string, body: Record<string, unknown> = {}) => {
    const req = request(s.url).post(`/api/v1/reports/${id}/confirmations`);
    return (token ? req.set('X-Device-Token', token) : req).send(body);
  };
  const burst = (n: number, from: string) => Promise.all(Array.from({ length: n }, () => mintDevice(s.url, from)));
  const cohorts = (tokens: string[]) => new Set(tokens.map((t) => t.split('.')[2])).size;

  it('when a device asks with an empty body or {}, then it gets a signed token and the time; anything else in the body is refused', async () => {
    const empty = await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '203.0.113.1');
    expect(empty.status).toBe(201);
    expect(empty.body).toEqual({ deviceToken: expect.stringMatching(/^d1\.[\w-]{22}\.[\w-]{22}\.[0-9a-z]+\.[\w-]{43}$/), issuedAt: new Date(at).toISOString() });
    expect(empty.headers['cache-control']).toBe('no-store');
    await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '203.0.113.1').send({}).expect(201);
    // No body at all, not even "Content-Length: 0" (what `curl -X POST` sends): the same.
    const { port } = new URL(s.url);
    const bare = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('POST /api/v1/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.1\r\nConnection: close\r\n\r\n'));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk)).on('end', () => resolve(answer)).on('error', reject);
    });
    expect(bare).toMatch(/^HTTP\/1\.1 201 /);
    expect(bare).toMatch(/"deviceToken":"d1\./);
    const named = await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '203.0.113.1').send({ email: 'a@b.c' });
    expect(named.status).toBe(400);
    expect(named.body.errors[0].path).toBe('email');
  });

  it('when one client mints 30 tokens in a burst, then they are one cohort, and their 30 "me too"s count as one voice', async () => {
    const reporter = await mintDevice(s.url, '203.0.113.2');
    const target = await report(reporter);
    const tokens = await burst(30, '203.0.113.3');
    const rows = s.store.db.prepare('SELECT count(*) AS devices, count(DISTINCT cohort_key) AS cohorts FROM devices WHERE issued_at = ?').get(new Date(at).toISOString());
    expect(rows).toMatchObject({ cohorts: 3 }); // the reporter's, the burst's, and the first test's client
    expect(new Set(tokens).size).toBe(30);
    expect(cohorts(tokens)).toBe(1);
    const answers = [];
    for (const token of tokens) answers.push(await meToo(target.id, token));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201)); // each "me too" is received, as before
    expect(answers[0].body.confirmation).toEqual({ counted: true, reason: 'counted' });
    expect(new Set(answers.slice(1).map((a) => a.body.confirmation.reason))).toEqual(new Set(['cohort-already-confirmed']));
    expect(answers[29].body.properties.confirmations).toBe(1);
    // Only counted voices are coverage evidence: the report and one confirmation at its place, not 31.
    const voices = s.store.db.prepare('SELECT count(*) AS n FROM report_confirmations WHERE report_id = ? AND counted = 1').get(target.id);
    expect(voices).toEqual({ n: 1 });
    const burstCohort = (s.store.db.prepare('SELECT DISTINCT cohort_key FROM report_confirmations WHERE report_id = ?').all(target.id) as { cohort_key: string }[]).map((r) => r.cohort_key);
    expect(burstCohort).toHaveLength(1);
    expect([...s.store.evidence.reports()].filter((r) => r.cohortKey === burstCohort[0])).toHaveLength(1); // what the model is handed
  });

  it('when one client "me too"s 11 reports in a burst, then only the first counts: a cohort speaks once per 10 minutes', async () => {
    tick(MINUTE_MS);
    const targets = [];
    for (let i = 0; i < 11; i++) targets.push(await report(await mintDevice(s.url, `198.51.100.${i + 1}`)));
    tick(MINUTE_MS);
    const tokens = await burst(11, '203.0.113.4');
    const counted = [];
    for (const [i, t] of targets.entries()) counted.push((await meToo(t.id, tokens[i])).body.confirmation);
    expect(counted[0]).toEqual({ counted: true, reason: 'counted' });
    expect(counted.slice(1)).toEqual(Array(10).fill({ counted: false, reason: 'cohort-confirmed-recently' }));
    tick(10 * MINUTE_MS); // readings spread over time do count
    expect((await meToo(targets[1].id, (await burst(1, '203.0.113.4'))[0])).body.confirmation.counted).toBe(true); // a new minute: a new cohort
    const sameCohortLater = await meToo(targets[2].id, tokens[0]); // the first cohort again, 10 minutes on
    expect(sameCohortLater.body.confirmation).toEqual({ counted: true, reason: 'counted' });
  });

  it('when tokens come from different minutes, then they are different cohorts and count as independent', async () => {
    const target = await report(await mintDevice(s.url, '203.0.113.5'));
    const tokens = [];
    for (let i = 0; i < 3; i++) {
      tick(MINUTE_MS);
      tokens.push(await mintDevice(s.url, '203.0.113.6'));
    }
    expect(cohorts(tokens)).toBe(3);
    const answers = [];
    for (const token of tokens) answers.push((await meToo(target.id, token)).body);
    expect(answers.map((a) => a.confirmation.counted)).toEqual([true, true, true]);
    expect(answers[2].properties.confirmations).toBe(3);
  });

  it('when a token was minted with the reporter\'s, then its "me too" does not count', async () => {
    tick(MINUTE_MS);
    const [mine, twin] = await burst(2, '203.0.113.7');
    const target = await report(mine);
    expect((await meToo(target.id, mine)).body.confirmation).toEqual({ counted: false, reason: 'own-report' });
    expect((await meToo(target.id, twin)).body.confirmation).toEqual({ counted: false, reason: 'same-cohort-as-reporter' });
  });

  it('when a write carries only the legacy deviceId, then it is accepted but is an unknown device that never counts', async () => {
    const target = await report();
    const old = await meToo(target.id, undefined, { deviceId: randomUUID(), clientId: randomUUID() });
    expect(old.status).toBe(201);
    expect(old.body.confirmation).toEqual({ counted: false, reason: 'no-device-credential' });
    expect(old.body.properties.confirmations).toBe(0);
    const obs = await request(s.url).post('/api/v1/observations').send({ ...DOWNTOWN, observedAt: new Date(at).toISOString(), noFreeNetwork: true, deviceId: randomUUID() });
    expect(obs.status).toBe(201);
    expect(s.store.db.prepare('SELECT device_key, cohort_key FROM observations WHERE id = ?').get(obs.body.id)).toEqual({ device_key: null, cohort_key: null });
  });

  it('when a token is forged or garbled, then every anonymous write answers 401 and stores nothing', async () => {
    const good = await mintDevice(s.url, '203.0.113.8');
    const [head, mac] = [good.slice(0, good.lastIndexOf('.')), good.slice(good.lastIndexOf('.') + 1)];
    const forged = [
      `${head}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`, // signature changed
      `d1.${'A'.repeat(22)}.${good.split('.')[2]}.${good.split('.')[3]}.${mac}`, // another device id under the same signature
      'not-a-token',
      'x'.repeat(500),
    ];
    const target = await report();
    const tables = () => s.store.db.prepare('SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM observations) + (SELECT count(*) FROM report_confirmations) AS n').get();
    const before = tables();
    const observation = { ...DOWNTOWN, observedAt: new Date(at).toISOString(), noFreeNetwork: true };
    for (const token of forged) {
      const writes = [
        request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN }),
        request(s.url).post('/api/v1/observations').send(observation),
        request(s.url).post('/api/v1/observations/batch').send({ observations: [observation] }),
        request(s.url).post(`/api/v1/reports/${target.id}/confirmations`).send({}),
        request(s.url).post(`/api/v1/reports/${target.id}/reopen`).send({}),
      ];
      for (const write of writes) {
        const res = await write.set('X-Device-Token', token);
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.detail).toBe('device token not recognised: request a new one with POST /api/v1/devices');
      }
      const open311 = await request(s.url).post('/open311/v2/requests.json').set('X-Device-Token', token).type('form').send({ api_key: 'x', service_code: 'no_wifi', lat: '43.45', long: '-80.49' });
      expect(open311.status).toBe(401);
      expect(open311.body[0].description).toMatch(/^device token not recognised/);
    }
    expect(tables()).toEqual(before);
  });

  it('when the OpenAPI document is read, then it describes POST /devices, the X-Device-Token header, 401 and the confirmation answer', async () => {
    const doc = (await request(s.url).get('/api/v1/openapi.json')).body;
    expect(doc.paths['/devices'].post.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/DeviceCredential');
    expect(doc.components.parameters.DeviceToken).toMatchObject({ name: 'X-Device-Token', in: 'header' });
    for (const path of ['/reports', '/observations', '/observations/batch', '/reports/{id}/confirmations', '/reports/{id}/reopen']) {
      expect(doc.paths[path].post.parameters, path).toContainEqual({ $ref: '#/components/parameters/DeviceToken' });
      expect(doc.paths[path].post.responses['401'], path).toBeDefined();
    }
    expect(doc.components.schemas.ConfirmationResult.properties.reason.enum).toContain('cohort-confirmed-recently');
  });

  it('when a credential is revoked, then its token is refused like a forged one', async () => {
    const token = await mintDevice(s.url, '203.0.113.9');
    await report(token);
    const { device_key } = s.store.db.prepare('SELECT device_key FROM devices ORDER BY rowid DESC LIMIT 1').get() as { device_key: string };
    expect(s.store.devices.revoke(device_key, new Date(at).toISOString())).toBe(true);
    const refused = await request(s.url).post('/api/v1/reports').set('X-Device-Token', token).send({ kind: 'no_wifi', ...DOWNTOWN });
    expect(refused.status).toBe(401);
  });

  it('when everything is stored, then no token, device id, cohort id or address is in the database file', async () => {
    const tokens = [await mintDevice(s.url, '192.0.2.77'), await mintDevice(s.url, '192.0.2.77')];
    for (const token of tokens) await report(token);
    s.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const files = readdirSync(s.dir).filter((f) => f.startsWith('test.db')).map((f) => readFileSync(`${s.dir}/${f}`));
    const secrets = ['192.0.2.77', '127.0.0.1', '203.0.113.3', ...tokens.flatMap((t) => t.split('.').slice(1, 3)), ...tokens.map((t) => t.split('.')[4])];
    for (const file of files) for (const secret of secrets) expect(file.includes(Buffer.from(secret)), secret).toBe(false);
  });
});

describe('device credential rate limit', () => {
  it('when one client asks for more than RATE_LIMIT_DEVICES_PER_HOUR (default 10), then 429 with Retry-After, and other clients still get theirs', async () => {
    const s = await startServer({ TRUST_PROXY: 'true' });
    try {
      const statuses = [];
      for (let i = 0; i < 11; i++) statuses.push((await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '203.0.113.10')).status);
      expect(statuses).toEqual([...Array(10).fill(201), 429]);
      const limited = await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '203.0.113.10');
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(300); // one credential per 6 minutes after the burst
      // Whoever feeds many phones from one machine learns here what else the server needs to tell them apart.
      expect(limited.body.detail).toMatch(/^Please wait \d+ s before sending more\. At most 10 device credentials per client per hour \(RATE_LIMIT_DEVICES_PER_HOUR\), and those one client mints within one clock minute count as one voice\. .*TRUST_PROXY=true .*X-Forwarded-For/);
      expect((await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '::ffff:203.0.113.10')).status).toBe(429); // the same address written as IPv6
      // What the client itself put in X-Forwarded-For stands left of what the proxy appended: it names nobody. Until
      // 2026-12-06 the leftmost address was the client, and a new one per request passed the limit (12 of 12 minted).
      for (const spoofed of ['198.51.100.7', '10.1.0.1', '2001:db8::1'])
        expect((await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', `${spoofed}, 203.0.113.10`)).status).toBe(429);
      expect((await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '203.0.113.11')).status).toBe(201);
      expect(s.store.db.prepare('SELECT count(*) AS n FROM devices').get()).toEqual({ n: 11 });
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });

  it('when one IPv6 customer asks from many addresses of its /64, then it is one client: one limit and one cohort; the next /64 is another client', async () => {
    // A provider hands each customer at least a /64: counted per address, one phone could mint without end.
    const s = await startServer({ TRUST_PROXY: 'true' });
    try {
      // One clock minute is one cohort: start the eleven requests in a fresh one (CI once crossed a minute mid-way: 2 cohorts).
      const leftMs = 60_000 - (Date.now() % 60_000);
      if (leftMs < 10_000) await new Promise((r) => setTimeout(r, leftMs + 100));
      const tokens = [], statuses = [];
      for (let i = 0; i < 11; i++) {
        const res = await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', `2001:db8:5:6:${(i + 1).toString(16)}::${i + 7}`);
        statuses.push(res.status);
        if (res.status === 201) tokens.push(res.body.deviceToken as string);
      }
      expect(statuses).toEqual([...Array(10).fill(201), 429]);
      expect(new Set(tokens.map((t) => t.split('.')[2])).size).toBe(1); // minted in one minute by one customer: one voice
      expect((await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '2001:db8:5:7::1')).status).toBe(201); // the neighbouring /64
      expect((await request(s.url).post('/api/v1/devices').set('X-Forwarded-For', '2001:DB8:5:6:0:0:0:1')).status).toBe(429); // the same /64 however written
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });
});
