// The one error handler: each kind of error becomes one problem+json response (RFC 9457).
import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { errorHandler, HttpProblem } from '../../../server/http/problem';
import { parse } from '../../../server/http/validate';
import { InvalidInput, NotFound, StoredButNotApplied } from '../../../server/domain/errors';
import { afterStored } from '../../../server/services/model-sync';

function appThrowing(err: unknown, logged: string[] = []) {
  const app = express();
  app.use(express.json({ limit: 100 }));
  app.post('/', () => {
    throw err;
  });
  app.use(errorHandler((m) => logged.push(m)));
  return app;
}

describe('problem+json', () => {
  it('when input is invalid, then 400 lists every field and the detail names the first three and how many more', async () => {
    const errors = ['a', 'b', 'c', 'd', 'e'].map((path) => ({ path, message: `bad ${path}` }));
    const res = await request(appThrowing(new InvalidInput(errors))).post('/');
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toEqual({ type: 'about:blank', title: 'Invalid input', status: 400, detail: 'a: bad a; b: bad b; c: bad c; and 2 more', errors });
    const three = await request(appThrowing(new InvalidInput(errors.slice(0, 3)))).post('/');
    expect(three.body.detail).toBe('a: bad a; b: bad b; c: bad c');
    const pathless = await request(appThrowing(new InvalidInput([{ path: '', message: 'empty body' }]))).post('/');
    expect(pathless.body.detail).toBe('empty body');
  });

  it('when something does not exist, then 404 says what', async () => {
    const res = await request(appThrowing(new NotFound('report', 7))).post('/');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Not found', status: 404, detail: 'report 7 does not exist' });
  });

  it('when a route raises an HttpProblem, then its status, body and headers are sent as they are', async () => {
    const res = await request(appThrowing(new HttpProblem({ title: 'Too many requests', status: 429, detail: 'wait' }, { 'Retry-After': '9' }))).post('/');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('9');
    expect(res.body).toEqual({ type: 'about:blank', title: 'Too many requests', status: 429, detail: 'wait' });
  });

  it('when the JSON body is malformed or too large, then 400 or 413 says which', async () => {
    const app = appThrowing(new Error('unreached'));
    const malformed = await request(app).post('/').set('Content-Type', 'application/json').send('{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ title: 'Malformed JSON', detail: 'The request body is not valid JSON.' });
    const large = await request(app).post('/').set('Content-Type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(200) }));
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ title: 'Body too large', detail: 'The request body exceeds 100 bytes.' });
  });

  it('when the body is in an encoding or charset not supported, then 415', async () => {
    const app = appThrowing(new Error('unreached'));
    const charset = await request(app).post('/').set('Content-Type', 'application/json; charset=latin-9').send('{}');
    expect(charset.status).toBe(415);
    expect(charset.body).toMatchObject({ title: 'Unsupported charset', detail: 'The charset "latin-9" is not offered: send the body as UTF-8.' });
    const encoding = await request(app).post('/').set('Content-Type', 'application/json').set('Content-Encoding', 'br-weird').send('{}');
    expect(encoding.status).toBe(415);
    expect(encoding.body).toMatchObject({ title: 'Unsupported encoding', detail: 'The content encoding "br-weird" is not offered: send the body uncompressed, or as gzip, deflate or br.' });
  });

  it('when a step fails after a write committed, then 500 says what was stored and where, never that nothing was', async () => {
    const logged: string[] = [];
    let thrown: unknown;
    try {
      afterStored('Report 7', '/api/v1/reports/7', () => JSON.parse('{')); // the model's step throws
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StoredButNotApplied);
    const res = await request(appThrowing(thrown, logged)).post('/');
    expect(res.status).toBe(500);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.stored).toEqual({ what: 'Report 7', location: '/api/v1/reports/7' });
    expect(res.body.detail).toMatch(/^Report 7 was stored \(\/api\/v1\/reports\/7\)/);
    expect(res.body.detail).not.toMatch(/nothing/);
    expect(logged.join('\n')).toMatch(/SyntaxError/); // the cause reaches the log
  });

  it('when anything else goes wrong, then 500 says nothing was stored and the log gets the stack', async () => {
    const logged: string[] = [];
    const res = await request(appThrowing(new Error('disk on fire'), logged)).post('/');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ type: 'about:blank', title: 'Internal error', status: 500, detail: 'Something went wrong on our side; nothing was stored.' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^unhandled error: Error: disk on fire\n\s+at /);
  });
});

describe('HttpProblem', () => {
  it('when it has a detail, then that is its message; else its title', () => {
    expect(new HttpProblem({ title: 'Gone', status: 410, detail: 'it moved' }).message).toBe('it moved');
    expect(new HttpProblem({ title: 'Gone', status: 410 }).message).toBe('Gone');
  });
});

describe('problem+json after a response has begun', () => {
  it('when an error comes after the headers went out (a streamed export), then the response is ended, not given a second status', async () => {
    const logged: string[] = [];
    const app = express();
    app.get('/', (_req, res, next) => {
      res.status(200).type('text/csv');
      res.write('a,b\n');
      next(new Error('the database went away mid-stream'));
    });
    app.use(errorHandler((m) => logged.push(m)));
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('a,b\n');
    expect(logged).toEqual([]);
  });
});

describe('parse (validation at the edge)', () => {
  it('when the value fits, then the parsed value comes back; else InvalidInput lists every field', () => {
    const schema = z.strictObject({ n: z.number().max(3), s: z.string() });
    expect(parse(schema, { n: 2, s: 'x' })).toEqual({ n: 2, s: 'x' });
    try {
      parse(schema, { n: 4, s: 1, extra: true });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidInput);
      expect((err as InvalidInput).errors.map((e) => e.path)).toEqual(['n', 's', 'extra']);
    }
  });
});
