// API tokens: an optional expiry (API and command line), enforced; last use recorded; revocation audited.
// Absolute links start with PUBLIC_BASE_URL, never with the Host header a client sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { addStaff, REPO, removeDir, signIn, startServer, type Running } from './harness';
import { readConfig } from '../../server/config';

const DAY_MS = 86_400_000;

describe('API tokens', () => {
  let s: Running;
  let planner: { cookie: string; csrfToken: string };
  const create = (body: object) =>
    request(s.url).post('/api/v1/tokens').set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken).send(body);
  const asToken = (token: string) => request(s.url).get('/api/v1/session').set('Authorization', `Bearer ${token}`);
  const row = (id: number) => s.store.staff.tokens().find((t) => t.id === id)!;
  const user = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], { cwd: REPO, env: { ...process.env, DATABASE_PATH: join(s.dir, 'test.db') }, encoding: 'utf8' });

  beforeAll(async () => {
    s = await startServer();
    await addStaff(s, 'pat', 'planner');
    planner = await signIn(s.url, 'pat');
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when a token is made with expiresInDays, then it says when it expires and works until then', async () => {
    const before = Date.now();
    const res = await create({ name: 'survey script', expiresInDays: 90 });
    expect(res.status).toBe(201);
    const expires = Date.parse(res.body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 90 * DAY_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + 90 * DAY_MS);
    expect(row(res.body.id).expiresAt).toBe(res.body.expiresAt);
    expect((await asToken(res.body.token)).body).toMatchObject({ username: 'pat', via: 'token' });
    const forever = await create({ name: 'dashboard' });
    expect(forever.body.expiresAt).toBeNull();
  });

  it('when a token has expired, then it is refused with 401 like a revoked one', async () => {
    const { body } = await create({ name: 'short lived', expiresInDays: 1 });
    expect((await asToken(body.token)).status).toBe(200);
    s.store.db.prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), body.id); // a day has passed
    const res = await asToken(body.token);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('when expiresInDays is not 1 to 730 whole days, then 400 names the field', async () => {
    for (const expiresInDays of [0, 731, 1.5, '30']) {
      const res = await create({ name: 'bad', expiresInDays });
      expect(res.status, String(expiresInDays)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['expiresInDays']);
    }
  });

  it('when a token is used, then its last use is recorded today, at most once a minute', async () => {
    const { body } = await create({ name: 'monitor' });
    expect(row(body.id).lastUsedAt).toBeNull();
    await asToken(body.token);
    const first = row(body.id).lastUsedAt!;
    expect(first.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    await asToken(body.token);
    expect(row(body.id).lastUsedAt).toBe(first); // within the minute: no second write
    s.store.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run('2025-01-01T00:00:00.000Z', body.id);
    await asToken(body.token);
    expect(row(body.id).lastUsedAt!.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
  });

  it('when an admin uses `npm run user -- token … --days 90`, `tokens` and `revoke`, then expiry and last use are listed and the revocation is audited', async () => {
    const made = user('token', 'pat', 'nightly export', '--days', '90');
    expect(made).toMatch(/token \d+ for "pat" \(nightly export\), expires \d{4}-\d{2}-\d{2}T/);
    const [, id, token] = /token (\d+)[\s\S]*\n(wr_\S+)/.exec(made)!;
    expect(row(Number(id)).name).toBe('nightly export');
    await asToken(token);
    const listed = user('tokens').split('\n').find((line) => line.startsWith(`${id}\t`))!;
    expect(listed).toMatch(/\tpat\tnightly export\tcreated \S+\texpires \d{4}-\d{2}-\d{2}T\S+\tlast used \d{4}-\d{2}-\d{2}T\S+$/);
    expect(user('revoke', id)).toMatch(`revoked token ${id}`);
    expect((await asToken(token)).status).toBe(401);
    const audit = s.store.audit.recent(10).find((e) => e.action === 'api_token.revoke');
    expect(audit).toMatchObject({ entity: 'api_token', entityId: id, detail: { name: 'nightly export', by: 'command line' } });
    expect(user('tokens')).toMatch(new RegExp(`^${id}\\t.*\\trevoked$`, 'm'));
  }, 60_000);
});

const LICENCE_TEXTS = ['https://www.kitchener.ca/en/insidecityhall/Open-data-license.asp', 'https://creativecommons.org/licenses/by-sa/4.0/'];

describe('PUBLIC_BASE_URL', () => {
  it('when it is set, then every OGC link starts with it whatever Host the client sends', async () => {
    const s = await startServer({ PUBLIC_BASE_URL: 'https://wifi.example.org/maps/' });
    try {
      for (const path of ['/ogc', '/ogc/collections', '/ogc/collections/access-points', '/ogc/collections/access-points/items?limit=1']) {
        const res = await request(s.url).get(path).set('Host', 'attacker.example');
        const hrefs = (JSON.stringify(res.body).match(/"href":"[^"]*"/g) ?? []).map((h) => h.slice(8, -1));
        expect(hrefs.length, path).toBeGreaterThan(0);
        // Every link but the data licences' own texts (on their publishers' sites).
        for (const href of hrefs.filter((h) => !LICENCE_TEXTS.includes(h))) expect(href, path).toMatch(/^https:\/\/wifi\.example\.org\/maps\/(ogc|api\/v1)(\/|\?|$)/);
      }
      const page = await request(s.url).get('/ogc/api.html').set('Host', 'attacker.example');
      expect(page.text).not.toContain('attacker.example');
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });

  it('when it is not set, then links come from the request (scheme and Host)', async () => {
    const s = await startServer();
    try {
      const res = await request(s.url).get('/ogc').set('Host', 'wifi.local:8080');
      expect(res.body.links.filter((l: { rel: string }) => l.rel !== 'license').every((l: { href: string }) => l.href.startsWith('http://wifi.local:8080/ogc'))).toBe(true);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });

  it('when it is not an http(s) URL without query or fragment, then the server refuses to start and says so', () => {
    for (const bad of ['wifi.example.org', 'ftp://wifi.example.org', 'https://wifi.example.org/?a=1', 'https://wifi.example.org/#top'])
      expect(() => readConfig({ PUBLIC_BASE_URL: bad })).toThrow(`PUBLIC_BASE_URL "${bad}" must be an http(s) URL`);
    expect(readConfig({ PUBLIC_BASE_URL: 'https://wifi.example.org/' }).publicBaseUrl).toBe('https://wifi.example.org');
  });
});
