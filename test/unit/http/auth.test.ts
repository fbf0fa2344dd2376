// Who may do what, over real HTTP on a tiny app: the staff session cookie, its CSRF header on
// every unsafe method, API tokens (no CSRF: no browser sends them on its own), and roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { CSRF_HEADER, identify, readCookie, requireRole, SESSION_COOKIE } from '../../../server/http/auth';
import { errorHandler } from '../../../server/http/problem';
import { addUser, createAuth } from '../../../server/services/auth';
import { openStore, type Store } from '../../../server/store';

const PASSWORD = 'correct horse battery staple';

describe('identify and requireRole', () => {
  let store: Store;
  let app: express.Express;
  let planner: { cookie: string; csrf: string };
  let volunteerToken: string;

  beforeAll(async () => {
    store = openStore(':memory:');
    const auth = createAuth(store);
    const at = new Date().toISOString();
    await addUser(store, 'pat', 'planner', PASSWORD, at);
    await addUser(store, 'val', 'volunteer', PASSWORD, at);
    const signedIn = await auth.signIn('pat', PASSWORD, 'test client');
    if (!signedIn.ok) throw new Error('sign-in failed');
    planner = { cookie: `${SESSION_COOKIE}=${encodeURIComponent(signedIn.sessionToken)}`, csrf: signedIn.csrfToken };
    volunteerToken = auth.createToken(store.staff.userByName('val')!, 'phone').token;

    app = express();
    app.use(identify(auth));
    const who = (req: express.Request, res: express.Response) => void res.json({ user: req.caller?.user.username ?? null, via: req.caller?.via ?? null });
    app.get('/anyone', who);
    app.all('/planning', requireRole('planner', 'admin'), who);
    app.post('/uploads', requireRole('planner', 'volunteer'), who);
    app.use(errorHandler(() => {}));
  });
  afterAll(() => store.close());

  it('when nobody signs in, then reads pass anonymously and staff routes answer 401', async () => {
    expect((await request(app).get('/anyone')).body).toEqual({ user: null, via: null });
    const res = await request(app).get('/planning');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ title: 'Unauthorized', detail: 'Sign in as City staff to do this.' });
    const upload = await request(app).post('/uploads'); // volunteers may do this, with an API token
    expect(upload.status).toBe(401);
    expect(upload.body.detail).toBe('This needs a volunteer or City staff API token (Authorization: Bearer <token>), or a signed-in staff session.');
    expect(upload.headers['www-authenticate']).toBe('Bearer');
  });

  it('when a session cookie reads, then no CSRF header is needed', async () => {
    const res = await request(app).get('/planning').set('Cookie', planner.cookie);
    expect(res.body).toEqual({ user: 'pat', via: 'session' });
  });

  for (const method of ['post', 'put', 'patch', 'delete'] as const)
    it(`when a session cookie sends ${method.toUpperCase()}, then it needs the session's own CSRF token: missing or wrong → 403`, async () => {
      const missing = await request(app)[method]('/planning').set('Cookie', planner.cookie);
      expect(missing.status).toBe(403);
      expect(missing.body.detail).toBe(`Missing or wrong ${CSRF_HEADER} header for a signed-in change.`);
      expect(missing.body).toMatchObject({ title: 'Forbidden', status: 403 });
      const wrong = await request(app)[method]('/planning').set('Cookie', planner.cookie).set(CSRF_HEADER, `${planner.csrf}x`);
      expect(wrong.status).toBe(403);
      const right = await request(app)[method]('/planning').set('Cookie', planner.cookie).set(CSRF_HEADER, planner.csrf);
      expect(right.status).toBe(200);
    });

  it('when a session cookie sends HEAD or OPTIONS, then no CSRF header is needed (they change nothing)', async () => {
    expect((await request(app).head('/planning').set('Cookie', planner.cookie)).status).toBe(200);
    expect((await request(app).options('/planning').set('Cookie', planner.cookie)).status).toBe(200);
  });

  it('when an API token writes, then no CSRF header is needed, and the role still counts', async () => {
    const upload = await request(app).post('/uploads').set('Authorization', `Bearer ${volunteerToken}`);
    expect(upload.body).toEqual({ user: 'val', via: 'token' });
    const planning = await request(app).post('/planning').set('Authorization', `bearer   ${volunteerToken}`);
    expect(planning.status).toBe(403);
    expect(planning.body.detail).toBe('This needs the role planner or admin; you are volunteer.');
    expect(planning.body).toMatchObject({ title: 'Forbidden', status: 403 });
  });

  it('when an API token is unknown, then 401 with WWW-Authenticate: Bearer, even on a public route', async () => {
    const res = await request(app).get('/anyone').set('Authorization', 'Bearer wr_not-a-token');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body.detail).toBe('The API token is not valid, has expired or has been revoked.');
    expect(res.body).toMatchObject({ title: 'Unauthorized', status: 401 });
  });

  it('when the Authorization header is not a bearer token, then it is ignored and the cookie decides', async () => {
    expect((await request(app).get('/anyone').set('Authorization', 'Basic cGF0OnB3')).body).toEqual({ user: null, via: null });
    expect((await request(app).get('/anyone').set('Authorization', 'Bearer').set('Cookie', planner.cookie)).body).toEqual({ user: 'pat', via: 'session' });
  });

  it('when the session cookie is unknown, then the caller is anonymous', async () => {
    expect((await request(app).get('/anyone').set('Cookie', `${SESSION_COOKIE}=forged`)).body).toEqual({ user: null, via: null });
  });
});

describe('readCookie', () => {
  const req = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as express.Request;

  it('when several cookies are sent, then the named one is found, trimmed and decoded', () => {
    expect(readCookie(req('a=1; wr_session=abc%3D%3D ; b=2'), 'wr_session')).toBe('abc==');
    expect(readCookie(req('wr_session=x=y'), 'wr_session')).toBe('x=y'); // only the first = splits
  });

  it('when the name is only a prefix or suffix of another, or absent, or the header is missing, then undefined', () => {
    expect(readCookie(req('wr_session_old=1; my_wr_session=2'), 'wr_session')).toBeUndefined();
    expect(readCookie(req('=nameless; other=1'), 'wr_session')).toBeUndefined();
    expect(readCookie(req('=nameless'), '')).toBeUndefined(); // a part must have a name before its =
    expect(readCookie(req('wr_sessionX'), 'wr_session')).toBeUndefined(); // a part without = is no cookie
    expect(readCookie(req(), 'wr_session')).toBeUndefined();
  });
});
