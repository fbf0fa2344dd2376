// Per-client limits on anonymous writes, keyed by a daily HMAC of the address (client-key.ts).
import type { Request, RequestHandler } from 'express';
import { createRateLimiter } from '../domain/rate-limit';
import { clientKeyer, type ClientKey } from './client-key';
import { HttpProblem } from './problem';

export function rateLimit(
  perMinute: number, // sustained rate per client
  now: () => number = Date.now,
  clientKey: ClientKey = clientKeyer(now),
  burst = perMinute, // requests a client may send at once; an hourly limit (device credentials) needs a burst above its per-minute rate
  why = '', // what the limit is and how to live with it, after "Please wait…"
): RequestHandler {
  const limiter = createRateLimiter(perMinute, undefined, burst);
  return (req, _res, next) => {
    if (req.caller) return next(); // staff and API tokens are accountable; they are not throttled here
    const waitMs = limiter.take(clientKey(req), now());
    if (waitMs === 0) return next();
    next(tooMany('Too many requests', waitMs, why));
  };
}

/**
 * Per-client limit on the readings anonymous writes carry, not only on their requests: a request may carry 1,000, and
 * one address sending 60 such batches a minute (72,000 readings) grew the database by 15 MB a minute. Throws 429.
 */
export function readingQuota(perHour: number, now: () => number = Date.now, clientKey: ClientKey = clientKeyer(now)): (req: Request, readings: number) => void {
  const limiter = createRateLimiter(perHour / 60, undefined, perHour);
  return (req, readings) => {
    if (req.caller) return; // staff and API tokens are accountable
    const waitMs = limiter.take(clientKey(req), now(), readings);
    if (waitMs === 0) return;
    throw tooMany('Too many readings', waitMs, `At most ${perHour} readings per client per hour (RATE_LIMIT_READINGS_PER_HOUR); nothing of this request was stored.`);
  };
}

/** A 429 that says how long to wait, in whole seconds (also as Retry-After), then what the limit is for. */
function tooMany(title: string, waitMs: number, why: string): HttpProblem {
  const seconds = Math.ceil(waitMs / 1000);
  return new HttpProblem({ title, status: 429, detail: `Please wait ${seconds} s before sending more.${why ? ` ${why}` : ''}` }, { 'Retry-After': String(seconds) });
}
