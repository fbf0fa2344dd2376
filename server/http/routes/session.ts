// Staff sign-in and sign-out (session cookie), and API tokens for scripts.
import { Router, type Request, type Response } from 'express';
import { parse } from '../validate';
import { HttpProblem } from '../problem';
import { requireRole, SESSION_COOKIE } from '../auth';
import { SESSION_TTL_MS } from '../../services/auth';
import type { HttpDeps } from '../deps';

function setSessionCookie(req: Request, res: Response, value: string, maxAgeMs: number) {
  res.cookie(SESSION_COOKIE, value, {
    httpOnly: true, // scripts on the page can never read it
    sameSite: 'strict', // never sent on requests started by another site
    secure: req.secure, // Secure whenever served over HTTPS (behind a proxy with TRUST_PROXY=true)
    path: '/',
    maxAge: maxAgeMs,
  });
}

const THROTTLED = {
  account: 'Too many failed sign-ins for this account from here',
  client: 'Too many failed sign-ins from here',
  rate: 'Too many sign-in attempts from here',
};

export function sessionRoutes({ auth, schemas, clientKey }: HttpDeps): Router {
  const router = Router();
  router.post('/session', async (req, res) => {
    const { username, password } = parse(schemas.signIn, req.body);
    const result = await auth.signIn(username, password, clientKey(req));
    if (!result.ok && result.reason === 'throttled') {
      const seconds = Math.ceil(result.retryAfterMs / 1000);
      throw new HttpProblem({ title: 'Too many attempts', status: 429, detail: `${THROTTLED[result.scope]}; try again in ${seconds} s.` }, { 'Retry-After': String(seconds) });
    }
    if (!result.ok && result.reason === 'busy') {
      const seconds = Math.ceil(result.retryAfterMs / 1000);
      throw new HttpProblem({ title: 'Busy', status: 503, detail: `Many sign-ins are being checked right now; try again in ${seconds} s.` }, { 'Retry-After': String(seconds) });
    }
    if (!result.ok) throw new HttpProblem({ title: 'Unauthorized', status: 401, detail: 'Wrong username or password.' });
    setSessionCookie(req, res, result.sessionToken, SESSION_TTL_MS);
    res.status(201).json({ username: result.user.username, role: result.user.role, csrfToken: result.csrfToken, expiresAt: result.expiresAt });
  });
  router.get('/session', (req, res) => {
    const caller = req.caller;
    if (!caller) throw new HttpProblem({ title: 'Unauthorized', status: 401, detail: 'Not signed in.' });
    res.json({ username: caller.user.username, role: caller.user.role, csrfToken: caller.csrfToken ?? null, via: caller.via });
  });
  router.delete('/session', (req, res) => {
    if (req.caller?.sessionToken) auth.signOut(req.caller.sessionToken);
    setSessionCookie(req, res, '', 0);
    res.status(204).end();
  });
  router.post('/tokens', requireRole('planner', 'admin', 'volunteer'), (req, res) => {
    const { name, expiresInDays } = parse(schemas.tokenCreate, req.body);
    const { id, token, expiresAt } = auth.createToken(req.caller!.user, name, expiresInDays);
    res.status(201).json({ id, name, token, expiresAt, note: 'Store this token now: it is shown only once.' });
  });
  return router;
}
