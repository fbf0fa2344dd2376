// Anonymous write limits over real HTTP on a tiny app: per client, staff exempt, 429 with Retry-After.
import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { rateLimit, readingQuota } from '../../../server/http/rate-limit';
import { errorHandler } from '../../../server/http/problem';

/** An app whose clock the test sets; X-Forwarded-For stands in for different client addresses. */
function appWith(perMinute: number, clock: { t: number }, staff = false, why?: string) {
  const app = express();
  app.set('trust proxy', true);
  app.use((req, _res, next) => {
    if (staff) req.caller = { user: { id: 1, username: 'pat', role: 'planner' } as never, via: 'token' };
    next();
  });
  app.post('/w', rateLimit(perMinute, () => clock.t, undefined, perMinute, why), (_req, res) => void res.status(201).end());
  app.use(errorHandler(() => {}));
  return app;
}
const from = (app: express.Express, ip: string) => request(app).post('/w').set('X-Forwarded-For', ip);

describe('anonymous write limit', () => {
  it('when one client sends more than N in a minute, then the next gets 429 with Retry-After in whole seconds', async () => {
    const clock = { t: 1_000_000 };
    const app = appWith(2, clock); // one token per 30 s
    expect([(await from(app, '10.0.0.1')).status, (await from(app, '10.0.0.1')).status]).toEqual([201, 201]);
    clock.t += 100; // 0.1 s later: 29.9 s to the next token, rounded up
    const limited = await from(app, '10.0.0.1');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(limited.type).toBe('application/problem+json');
    expect(limited.body).toMatchObject({ title: 'Too many requests', status: 429, detail: 'Please wait 30 s before sending more.' });
    expect((await from(app, '10.0.0.2')).status).toBe(201); // another client is not held back
    clock.t += 29_900;
    expect((await from(app, '10.0.0.1')).status).toBe(201);
  });

  it('when the limit says what it is for, then its 429 says so after the wait', async () => {
    const app = appWith(1, { t: 0 }, false, 'At most 1 a minute (SOME_LIMIT).');
    await from(app, '10.0.0.1');
    expect((await from(app, '10.0.0.1')).body.detail).toBe('Please wait 60 s before sending more. At most 1 a minute (SOME_LIMIT).');
  });

  it('when staff or a token holder writes, then they are not throttled here', async () => {
    const app = appWith(1, { t: 0 }, true);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await from(app, '10.0.0.1')).status);
    expect(statuses).toEqual([201, 201, 201]);
  });

  it('when the day changes, then buckets are keyed under a new secret and a limited client starts afresh', async () => {
    const DAY = 86_400_000;
    const clock = { t: 5 * DAY - 10 };
    const app = appWith(1, clock);
    expect((await from(app, '10.0.0.1')).status).toBe(201);
    expect((await from(app, '10.0.0.1')).status).toBe(429);
    clock.t = 5 * DAY + 10; // 20 ms later, but a new day: yesterday's key cannot be matched any more
    expect((await from(app, '10.0.0.1')).status).toBe(201);
    expect((await from(app, '10.0.0.1')).status).toBe(429); // and the new day's bucket holds
  });
});

describe('anonymous readings quota', () => {
  /** An app that takes `n` readings per request (?n=), as the observation routes do after validating a batch. */
  function quotaApp(perHour: number, clock: { t: number }, staff = false) {
    const app = express();
    app.set('trust proxy', true);
    app.use((req, _res, next) => {
      if (staff) req.caller = { user: { id: 1, username: 'pat', role: 'planner' } as never, via: 'token' };
      next();
    });
    const take = readingQuota(perHour, () => clock.t);
    app.post('/r', (req, res) => {
      take(req, Number(req.query.n));
      res.status(201).end();
    });
    app.use(errorHandler(() => {}));
    return app;
  }
  const send = (app: express.Express, ip: string, n: number) => request(app).post(`/r?n=${n}`).set('X-Forwarded-For', ip);

  it('when a client\'s readings pass the hourly quota, then that request gets 429 with Retry-After for the readings it lacks, and nothing of it is taken', async () => {
    const clock = { t: 1_000_000 };
    const app = quotaApp(1000, clock); // 1,000 an hour: one per 3.6 s
    expect((await send(app, '10.0.0.1', 700)).status).toBe(201);
    const limited = await send(app, '10.0.0.1', 400);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('360'); // 100 short
    expect(limited.type).toBe('application/problem+json');
    expect(limited.body).toMatchObject({ title: 'Too many readings', status: 429, detail: 'Please wait 360 s before sending more. At most 1000 readings per client per hour (RATE_LIMIT_READINGS_PER_HOUR); nothing of this request was stored.' });
    expect((await send(app, '10.0.0.1', 300)).status).toBe(201); // the refused 400 took nothing: 300 were left
    expect((await send(app, '10.0.0.1', 1)).status).toBe(429);
    expect((await send(app, '10.0.0.2', 1000)).status).toBe(201); // another client has its own
    clock.t += 3_600_000;
    expect((await send(app, '10.0.0.1', 1000)).status).toBe(201); // an hour on, a whole quota again
  });

  it('when staff or a token holder sends readings, then the quota does not apply', async () => {
    const app = quotaApp(1000, { t: 0 }, true);
    expect([(await send(app, '10.0.0.1', 1000)).status, (await send(app, '10.0.0.1', 1000)).status]).toEqual([201, 201]);
  });
});
