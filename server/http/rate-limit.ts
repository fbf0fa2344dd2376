// Per-client limits on anonymous writes, keyed by a daily HMAC of the address (http/client-key.ts).
import type { RequestHandler } from 'express';
import { createRateLimiter } from '../domain/rate-limit';
import { clientKeyer } from './client-key';
import { HttpProblem } from './problem';

export function rateLimit(perMinute: number, now: () => number = Date.now): RequestHandler {
  const limiter = createRateLimiter(perMinute);
  const keyOf = clientKeyer(now);
  return (req, _res, next) => {
    if (req.caller) return next(); // staff and API tokens are accountable; they are not throttled here
    const waitMs = limiter.take(keyOf(req), now());
    if (waitMs === 0) return next();
    const seconds = Math.ceil(waitMs / 1000);
    next(new HttpProblem({ title: 'Too many requests', status: 429, detail: `Please wait ${seconds} s before sending more.` }, { 'Retry-After': String(seconds) }));
  };
}
