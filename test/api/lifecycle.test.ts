// A report's life: "me too", staff status changes with public notes, merge, hide, "still not working".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { addStaff, DOWNTOWN, mintDevice, removeDir, signIn, startServer, type Running } from './harness';

describe('report lifecycle over HTTP', () => {
  let s: Running;
  let staff: (r: request.Test) => request.Test;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000', TRUST_PROXY: 'true' }); // phones on different networks: X-Forwarded-For
    await addStaff(s, 'tri', 'planner');
    const { cookie, csrfToken } = await signIn(s.url, 'tri');
    staff = (r) => r.set('Cookie', cookie).set('x-csrf-token', csrfToken);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });
  const file = async (extra: Record<string, unknown> = {}) =>
    (await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN, deviceId: randomUUID(), ...extra })).body;

  it('when nearby open reports of the same kind are asked for, then those within the radius come nearest first', async () => {
    const here = await file({ lon: -80.4700, lat: 43.4400 });
    const near = await file({ lon: -80.4703, lat: 43.4401 }); // ~26 m away
    const far = await file({ lon: -80.4760, lat: 43.4400 }); // ~480 m away
    const res = await request(s.url).get('/api/v1/reports').query({ near: '-80.4701,43.4400', radiusM: 50, kind: 'no_wifi', status: 'open' });
    const ids = res.body.features.map((f: { id: number }) => f.id);
    expect(ids).toEqual([here.id, near.id]);
    expect(ids).not.toContain(far.id);
  });

  it('when residents say "me too", then confirmations count each device once and a retry is not counted twice', async () => {
    const report = await file();
    const clientId = randomUUID();
    const phone = await mintDevice(s.url, '198.51.100.1');
    const confirm = (token: string, id = randomUUID()) =>
      request(s.url).post(`/api/v1/reports/${report.id}/confirmations`).set('X-Device-Token', token).send({ clientId: id });
    const first = await confirm(phone, clientId);
    expect(first.status).toBe(201);
    expect(first.body.properties.confirmations).toBe(1);
    expect(first.body.confirmation).toEqual({ counted: true, reason: 'counted' });
    const retry = await confirm(phone, clientId);
    expect(retry.status).toBe(200);
    expect(retry.body.confirmation).toEqual({ counted: true, reason: 'retry' });
    const sameDevice = await confirm(phone);
    expect(sameDevice.body.properties.confirmations).toBe(1);
    expect(sameDevice.body.confirmation).toEqual({ counted: false, reason: 'already-confirmed' });
    const other = await confirm(await mintDevice(s.url, '198.51.100.2'));
    expect(other.body.properties.confirmations).toBe(2);
  });

  it('when staff acknowledge, plan and resolve a report with public notes, then "my reports" shows status and notes, and history lists each step', async () => {
    const report = await file({ note: 'near my house' });
    await staff(request(s.url).patch(`/api/v1/reports/${report.id}`)).send({ status: 'acknowledged', publicNote: 'Thanks, we are looking at it.' }).expect(200);
    await staff(request(s.url).patch(`/api/v1/reports/${report.id}`)).send({ status: 'planned', publicNote: 'An access point is planned for spring.' }).expect(200);
    const mine = await request(s.url).get('/api/v1/reports').query({ ids: `${report.id}` });
    expect(mine.body.features[0].properties).toMatchObject({ status: 'planned', publicNote: 'An access point is planned for spring.', note: null });
    const history = (await request(s.url).get(`/api/v1/reports/${report.id}/history`)).body;
    expect(history.map((h: { status: string }) => h.status)).toEqual(['open', 'acknowledged', 'planned']);
  });

  it('when staff publish a note, then the public sees it', async () => {
    const report = await file({ note: 'the login page never loads' });
    await staff(request(s.url).patch(`/api/v1/reports/${report.id}`)).send({ status: 'open', notePublished: true }).expect(200);
    expect((await request(s.url).get(`/api/v1/reports/${report.id}`)).body.properties.note).toBe('the login page never loads');
  });

  it('when a resolved report is answered "still not working", then it opens again; an open one cannot be reopened into anything else', async () => {
    const report = await file();
    await staff(request(s.url).patch(`/api/v1/reports/${report.id}`)).send({ status: 'resolved', publicNote: 'New access point installed.' }).expect(200);
    const reopened = await request(s.url).post(`/api/v1/reports/${report.id}/reopen`).send({});
    expect(reopened.status).toBe(200);
    expect(reopened.body.properties.status).toBe('open');
    const planned = await file();
    await staff(request(s.url).patch(`/api/v1/reports/${planned.id}`)).send({ status: 'planned' }).expect(200);
    expect((await request(s.url).post(`/api/v1/reports/${planned.id}/reopen`).send({})).status).toBe(400);
  });

  it('when staff merge a duplicate, then it points at the original and adds a confirmation there', async () => {
    const original = await file();
    const dup = await file();
    const merged = await staff(request(s.url).patch(`/api/v1/reports/${dup.id}`)).send({ status: 'duplicate', mergedInto: original.id });
    expect(merged.body.properties).toMatchObject({ status: 'duplicate', mergedInto: original.id });
    expect((await request(s.url).get(`/api/v1/reports/${original.id}`)).body.properties.confirmations).toBe(1);
    const noTarget = await staff(request(s.url).patch(`/api/v1/reports/${original.id}`)).send({ status: 'duplicate' });
    expect(noTarget.body.errors[0].path).toBe('mergedInto');
  });

  it('when staff hide an abusive report, then the public can no longer see it; staff still can', async () => {
    const report = await file({ note: 'abuse' });
    await staff(request(s.url).patch(`/api/v1/reports/${report.id}`)).send({ status: 'hidden' }).expect(200);
    expect((await request(s.url).get(`/api/v1/reports/${report.id}`)).status).toBe(404);
    expect((await request(s.url).get('/api/v1/reports')).body.features.map((f: { id: number }) => f.id)).not.toContain(report.id);
    expect((await staff(request(s.url).get(`/api/v1/reports/${report.id}`))).status).toBe(200);
  });

  it('when a resident tries a staff change, then 401, and a disallowed transition is 400', async () => {
    const report = await file();
    expect((await request(s.url).patch(`/api/v1/reports/${report.id}`).send({ status: 'resolved' })).status).toBe(401);
    await staff(request(s.url).patch(`/api/v1/reports/${report.id}`)).send({ status: 'resolved' }).expect(200);
    const bad = await staff(request(s.url).patch(`/api/v1/reports/${report.id}`)).send({ status: 'planned' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toEqual({ path: 'status', message: 'a resolved report cannot become planned' });
  });

  it('when a report carries a device token, then only keyed hashes are kept, and staff never see them', async () => {
    const token = await mintDevice(s.url, '198.51.100.3');
    const report = (await request(s.url).post('/api/v1/reports').set('X-Device-Token', token).send({ kind: 'no_wifi', ...DOWNTOWN })).body;
    const row = s.store.db.prepare('SELECT device_key, cohort_key FROM reports WHERE id = ?').get(report.id) as { device_key: string; cohort_key: string };
    expect(row.device_key).toBeTruthy();
    expect(row.cohort_key).toBeTruthy();
    for (const part of token.split('.')) expect(`${row.device_key} ${row.cohort_key}`).not.toContain(part.slice(0, 8));
    const staffView = (await staff(request(s.url).get(`/api/v1/reports/${report.id}`))).body.properties;
    expect('deviceKey' in staffView || 'cohortKey' in staffView).toBe(false);
  });

  it('when a report carries only the legacy deviceId, then it is accepted as an unknown device', async () => {
    const report = await file({ deviceId: randomUUID() });
    expect(report.id).toBeGreaterThan(0);
    const row = s.store.db.prepare('SELECT device_key, cohort_key FROM reports WHERE id = ?').get(report.id);
    expect(row).toEqual({ device_key: null, cohort_key: null });
  });
});

describe('limits on anonymous writes', () => {
  it('when one client floods reports, then 429 with Retry-After, and no IP address is stored anywhere', async () => {
    const s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '5' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN })).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
      const limited = await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', ...DOWNTOWN });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const { readFileSync } = await import('node:fs');
      s.store.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(readFileSync(`${s.dir}/test.db`).includes(Buffer.from('127.0.0.1'))).toBe(false);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });
});

describe('the connection test endpoints', () => {
  it('when a device measures, then ping answers, download sends the bytes asked (bounded) and upload counts them', async () => {
    const s = await startServer();
    try {
      expect((await request(s.url).get('/api/v1/speed/ping')).status).toBe(204);
      const down = await fetch(`${s.url}/api/v1/speed/download?bytes=200000`);
      expect(down.headers.get('cache-control')).toBe('no-store, no-transform');
      expect((await down.arrayBuffer()).byteLength).toBe(200_000);
      expect((await request(s.url).get('/api/v1/speed/download').query({ bytes: 50_000_000 })).status).toBe(400);
      const up = await fetch(`${s.url}/api/v1/speed/upload`, { method: 'POST', body: new Uint8Array(300_000), headers: { 'content-type': 'application/octet-stream' } });
      expect(await up.json()).toEqual({ bytes: 300_000 });
      const tooBig = await fetch(`${s.url}/api/v1/speed/upload`, { method: 'POST', body: new Uint8Array(6 * 1024 * 1024), headers: { 'content-type': 'application/octet-stream' } });
      expect(tooBig.status).toBe(413);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });
});
