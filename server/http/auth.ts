// Who is calling: a staff session cookie, an API token (Authorization: Bearer), or an anonymous resident.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpProblem } from './problem';
import type { Auth } from '../services/auth';
import type { Role } from '../domain/types';
import type { User } from '../store/staff';

export const SESSION_COOKIE = 'wr_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface Caller {
  user: User;
  via: 'session' | 'token';
  csrfToken?: string;
  sessionToken?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

/** Parses the Cookie header; a few lines here rather than one more dependency. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function identify(auth: Auth): RequestHandler {
  return (req, _res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const user = auth.userForToken(bearer);
      if (!user) return next(new HttpProblem({ title: 'Unauthorized', status: 401, detail: 'The API token is not valid, has expired or has been revoked.' }, { 'WWW-Authenticate': 'Bearer' }));
      req.caller = { user, via: 'token' };
      return next();
    }
    const sessionToken = readCookie(req, SESSION_COOKIE);
    const session = sessionToken ? auth.session(sessionToken) : undefined;
    if (session) req.caller = { user: session.user, via: 'session', csrfToken: session.csrfToken, sessionToken };
    next();
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Says who may do it: volunteers (WiGLE uploads, API tokens) come with an API token, staff sign in or do the same. */
function unauthorized(roles: Role[]): HttpProblem {
  if (!roles.includes('volunteer')) return new HttpProblem({ title: 'Unauthorized', status: 401, detail: 'Sign in as City staff to do this.' });
  return new HttpProblem(
    { title: 'Unauthorized', status: 401, detail: 'This needs a volunteer or City staff API token (Authorization: Bearer <token>), or a signed-in staff session.' },
    { 'WWW-Authenticate': 'Bearer' },
  );
}

/**
 * Requires a signed-in caller with one of the roles. A cookie-authenticated write must also
 * carry the session's CSRF token in a header, which another site's page cannot read.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const caller = req.caller;
    if (!caller) return next(unauthorized(roles));
    if (!roles.includes(caller.user.role))
      return next(new HttpProblem({ title: 'Forbidden', status: 403, detail: `This needs the role ${roles.join(' or ')}; you are ${caller.user.role}.` }));
    if (caller.via === 'session' && UNSAFE.has(req.method) && req.get(CSRF_HEADER) !== caller.csrfToken)
      return next(new HttpProblem({ title: 'Forbidden', status: 403, detail: `Missing or wrong ${CSRF_HEADER} header for a signed-in change.` }));
    next();
  };
}
