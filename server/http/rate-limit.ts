// Per-client limits on anonymous writes without keeping IP addresses: the address is turned into an
// HMAC under a secret that lives only in memory and changes every day, and only that key is held.
import { createHmac, randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { createRateLimiter } from '../domain/rate-limit';
import { HttpProblem } from './problem';

const DAY_MS = 86_400_000;

/** The client's key for today: a keyed hash of its address under a secret kept only in memory. */
export function clientKeyer(now: () => number = Date.now): (req: Request) => string {
  let secret = randomBytes(32);
  let day = Math.floor(now() / DAY_MS);
  return (req) => {
    const today = Math.floor(now() / DAY_MS);
    if (today !== day) [secret, day] = [randomBytes(32), today];
    return createHmac('sha256', secret).update(req.ip ?? '').digest('base64url');
  };
}

export function rateLimit(
  perMinute: number, // sustained rate per client
  now: () => number = Date.now,
  burst = perMinute, // requests a client may send at once
  keyOf: (req: Request) => string = clientKeyer(now),
): RequestHandler {
  const limiter = createRateLimiter(perMinute, undefined, burst);
  return (req, _res, next) => {
    if (req.caller) return next(); // staff and API tokens are accountable; they are not throttled here
    const waitMs = limiter.take(keyOf(req), now());
    if (waitMs === 0) return next();
    const seconds = Math.ceil(waitMs / 1000);
    next(new HttpProblem({ title: 'Too many requests', status: 429, detail: `Please wait ${seconds} s before sending more.` }, { 'Retry-After': String(seconds) }));
  };
}
