import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { addStaff, count, PASSWORD, removeDir, signIn, startServer, type Running } from './harness';
import { hashingLoad } from '../../server/services/passwords';

/** Signs in as one client: with TRUST_PROXY=true the server tells clients apart by X-Forwarded-For. */
const attempt = (url: string, from: string, username: string, password: string) =>
  fetch(`${url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify({ username, password }),
  });

describe('staff sign-in', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ TRUST_PROXY: 'true', RATE_LIMIT_SIGN_INS_PER_MINUTE: '1000' }); // the rate itself is tested below
    await addStaff(s, 'alex', 'admin');
    await addStaff(s, 'locked', 'planner');
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when staff sign in, then the cookie is HttpOnly and SameSite=Strict, and the password is stored hashed', async () => {
    const { setCookie, cookie } = await signIn(s.url, 'alex');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain http here
    const me = await request(s.url).get('/api/v1/session').set('Cookie', cookie);
    expect(me.body).toMatchObject({ username: 'alex', role: 'admin' });
    const row = s.store.db.prepare("SELECT password_hash FROM users WHERE username = 'alex'").get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('when served behind HTTPS, then the cookie is also Secure', async () => {
    const res = await request(s.url).post('/api/v1/session').set('X-Forwarded-Proto', 'https').send({ username: 'alex', password: PASSWORD });
    expect(res.headers['set-cookie'][0]).toMatch(/Secure/);
  });

  it('when a sign-in body is larger than 16 KB, then 413 before it is read; a password of 1,000 escaped characters still fits', async () => {
    const padded = await request(s.url).post('/api/v1/session').send({ username: 'alex', password: PASSWORD, pad: 'x'.repeat(17 * 1024) });
    expect(padded.status).toBe(413);
    expect(padded.type).toBe('application/problem+json');
    const escaped = `{"username":"alex","password":"${'\\u00e9'.repeat(1000)}"}`; // 6 bytes per character
    const long = await fetch(`${s.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: escaped });
    expect(escaped.length).toBeGreaterThan(6000);
    expect(long.status).toBe(401); // read and checked: wrong password
  });

  it('when the password is wrong, then 401 without saying which part was wrong', async () => {
    const wrong = await request(s.url).post('/api/v1/session').send({ username: 'alex', password: 'nope' });
    const nobody = await request(s.url).post('/api/v1/session').send({ username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(wrong.body.detail).toBe(nobody.body.detail);
  });

  it('when one client fails an account five times, then its further attempts are throttled with Retry-After, even the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await request(s.url).post('/api/v1/session').send({ username: 'locked', password: `guess ${i}` })).status).toBe(401);
    const res = await request(s.url).post('/api/v1/session').send({ username: 'locked', password: PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(s.url).post('/api/v1/session').send({ username: 'alex', password: PASSWORD })).status).toBe(201);
  });

  it('when staff sign out, then the session no longer works', async () => {
    const { cookie } = await signIn(s.url, 'alex');
    expect((await request(s.url).delete('/api/v1/session').set('Cookie', cookie)).status).toBe(204);
    expect((await request(s.url).get('/api/v1/session').set('Cookie', cookie)).status).toBe(401);
  });
});

describe('sign-in lock-out cannot be turned against a planner', () => {
  let s: Running;
  const OWNER = '198.51.100.7'; // the planner's own office
  beforeAll(async () => {
    s = await startServer({ TRUST_PROXY: 'true', RATE_LIMIT_SIGN_INS_PER_MINUTE: '1000' });
    await addStaff(s, 'pat', 'planner');
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when a stranger hammers an account, then the stranger is locked out of it and the planner still signs in from their own client', async () => {
    const STRANGER = '203.0.113.66';
    for (let i = 0; i < 5; i++) expect((await attempt(s.url, STRANGER, 'pat', `guess ${i}`)).status).toBe(401);
    const locked = await attempt(s.url, STRANGER, 'pat', PASSWORD); // even the right password, from the stranger's client
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await locked.json()).detail).toMatch(/for this account from here/);
    expect((await attempt(s.url, OWNER, 'pat', PASSWORD)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await attempt(s.url, STRANGER, 'pat', `more ${i}`)).status).toBe(429); // still hammering
    expect((await attempt(s.url, OWNER, 'pat', 'one typo')).status).toBe(401);
    expect((await attempt(s.url, OWNER, 'pat', PASSWORD)).status).toBe(201);
  });

  it('when one client sprays many usernames, then after 20 failures it waits for every account, and other clients do not', async () => {
    const SPRAYER = '203.0.113.99';
    for (let i = 0; i < 20; i++) expect((await attempt(s.url, SPRAYER, `user${i}`, 'password1')).status).toBe(401);
    const res = await attempt(s.url, SPRAYER, 'pat', PASSWORD);
    expect(res.status).toBe(429);
    expect((await res.json()).detail).toMatch(/Too many failed sign-ins from here/);
    expect((await attempt(s.url, OWNER, 'pat', PASSWORD)).status).toBe(201);
  });

  it('when 50 failures on one account come from 10 clients, then the audit log flags it once and the account stays open', async () => {
    const before = count(s.store, 'audit_log');
    for (let c = 0; c < 10; c++) for (let i = 0; i < 5; i++) await attempt(s.url, `192.0.2.${c + 1}`, 'pat', `spread ${c}.${i}`);
    const flags = s.store.audit.recent(100).filter((e) => e.action === 'session.failures');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ username: null, entity: 'user', detail: { failures: 50, withinMinutes: 15 } });
    expect(count(s.store, 'audit_log')).toBeGreaterThan(before);
    expect((await attempt(s.url, OWNER, 'pat', PASSWORD)).status).toBe(201);
  }, 60_000);
});

describe('a sign-in flood', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ TRUST_PROXY: 'true' }); // the default: 10 sign-in attempts per client per minute
    await addStaff(s, 'pat', 'planner');
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when one client sends 30 sign-ins at once, then 10 are checked and 20 get 429 with Retry-After, before any hashing', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(s.url, '203.0.113.5', 'pat', `flood ${i}`)));
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(20);
    for (const r of refused) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answers.filter((r) => r.status === 401 || r.status === 503)).toHaveLength(10);
    expect((await refused[0].json()).detail).toMatch(/Too many sign-in attempts from here/);
  });

  it('when 40 clients sign in at once, then one hash runs at a time, the excess gets 503 with Retry-After, and the map still answers', async () => {
    let signInsAnswered = 0;
    const signIns = Array.from({ length: 40 }, (_, i) =>
      attempt(s.url, `198.51.100.${i + 10}`, 'pat', i % 4 === 0 ? PASSWORD : `wrong ${i}`).then((r) => (signInsAnswered++, r)));
    const map = await fetch(`${s.url}/api/v1/access-points`);
    const answeredBeforeMap = signInsAnswered;
    const answers = await Promise.all(signIns);
    expect(map.status).toBe(200);
    expect(answeredBeforeMap).toBeLessThan(40); // the read did not wait for the queue of hashes
    expect(hashingLoad().peak).toBe(1);
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) expect(r.headers.get('retry-after')).toBe('1');
    expect(answers.every((r) => [201, 401, 503].includes(r.status))).toBe(true);
    expect(hashingLoad()).toMatchObject({ running: 0, waiting: 0 });
  }, 60_000);
});
