import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { addStaff, PASSWORD, removeDir, signIn, startServer, type Running } from './harness';

describe('staff sign-in', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ TRUST_PROXY: 'true' });
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

  it('when the password is wrong, then 401 without saying which part was wrong', async () => {
    const wrong = await request(s.url).post('/api/v1/session').send({ username: 'alex', password: 'nope' });
    const nobody = await request(s.url).post('/api/v1/session').send({ username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(wrong.body.detail).toBe(nobody.body.detail);
  });

  it('when one account fails five times, then further attempts are throttled with Retry-After, even the right password', async () => {
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
