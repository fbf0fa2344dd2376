// Every body parser answers a bad body with a 4xx that says what is wrong, never a 500: too many
// form fields, too many bytes, a body that does not decode, an encoding or charset not offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { DOWNTOWN, removeDir, startServer, type Running } from './harness';
import { SPEED_MAX_BYTES } from '../../server/http/routes/speed';

const GARBAGE = Buffer.from('this is not gzip at all, only text that says it is');

describe('bad request bodies', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ BODY_LIMIT_BYTES: '2048', RATE_LIMIT_WRITES_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  describe('Open311 form posts, answered in the spec error format', () => {
    const post = () => request(s.url).post('/open311/v2/requests.json');
    const expectOpen311 = (res: request.Response, status: number, description: RegExp) => {
      expect(res.status, res.text).toBe(status);
      expect(res.body).toEqual([{ code: status, description: expect.stringMatching(description) }]);
    };

    it('when a form has more than 50 fields, then 413 says how many are allowed', async () => {
      const fields = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`attribute[f${i}]`, 'x']));
      expectOpen311(await post().type('form').send({ ...fields }), 413, /at most 50 form fields/);
    });

    it('when a form is larger than 16 kB, then 413', async () => {
      expectOpen311(await post().type('form').send({ api_key: 'k', description: 'x'.repeat(17 * 1024) }), 413, /exceeds 16384 bytes/);
    });

    it('when a form says gzip but is not, then 400', async () => {
      expectOpen311(await post().type('form').set('Content-Encoding', 'gzip').send(GARBAGE), 400, /could not be decoded/);
    });

    it('when a form comes in an encoding or charset not offered, then 415', async () => {
      expectOpen311(await post().type('form').set('Content-Encoding', 'compress').send('a=1'), 415, /content encoding/);
      expectOpen311(await post().set('Content-Type', 'application/x-www-form-urlencoded; charset=koi8-r').send('a=1'), 415, /charset/);
    });

    it('when a form is gzip-compressed properly, then it is read like any other', async () => {
      const res = await fetch(`${s.url}/open311/v2/requests.json`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
        body: gzipSync(`service_code=no_wifi&lat=${DOWNTOWN.lat}&long=${DOWNTOWN.lon}`),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual([{ code: 400, description: expect.stringMatching(/api_key/) }]); // read: only the key is missing
    });
  });

  describe('JSON API bodies, answered as problem+json', () => {
    const post = () => request(s.url).post('/api/v1/reports');
    const expectProblem = (res: request.Response, status: number, detail: RegExp) => {
      expect(res.status, res.text).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(detail);
    };
    const report = JSON.stringify({ kind: 'no_wifi', lon: DOWNTOWN.lon, lat: DOWNTOWN.lat });

    it('when JSON is malformed or larger than BODY_LIMIT_BYTES, then 400 or 413', async () => {
      expectProblem(await post().type('json').send('{"kind": '), 400, /not valid JSON/);
      expectProblem(await post().type('json').send(JSON.stringify({ note: 'x'.repeat(4096) })), 413, /exceeds 2048 bytes/);
    });

    it('when a JSON body says gzip but is not, then 400', async () => {
      expectProblem(await post().type('json').set('Content-Encoding', 'gzip').send(GARBAGE), 400, /could not be decoded/);
    });

    it('when JSON is sent gzip-compressed, then it is read and stored', async () => {
      const res = await fetch(`${s.url}/api/v1/reports`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(report),
      });
      expect(res.status).toBe(201);
    });

    it('when JSON comes in an encoding or charset not offered, then 415', async () => {
      expectProblem(await post().type('json').set('Content-Encoding', 'compress').send(report), 415, /content encoding/);
      expectProblem(await post().set('Content-Type', 'application/json; charset=koi8-r').send(report), 415, /UTF-8/);
    });
  });

  describe('the speed test upload (raw bytes)', () => {
    const post = () => request(s.url).post('/api/v1/speed/upload').type('application/octet-stream');

    it('when the upload is larger than the speed test allows, then 413', async () => {
      const res = await post().send(Buffer.alloc(SPEED_MAX_BYTES + 1));
      expect(res.status).toBe(413);
      expect(res.body.detail).toMatch(new RegExp(`exceeds ${SPEED_MAX_BYTES} bytes`));
    });

    it('when the upload says gzip but is not, then 400', async () => {
      const res = await post().set('Content-Encoding', 'gzip').send(GARBAGE);
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/could not be decoded/);
    });
  });

  it('when a path parameter is not valid percent-encoding, then 400, in the format of each API', async () => {
    const api = await request(s.url).get('/api/v1/access-points/%E0%A4%A');
    expect(api.status).toBe(400);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const open311 = await request(s.url).get('/open311/v2/requests/%E0%A4%A.json');
    expect(open311.status).toBe(400);
    expect(open311.body).toEqual([{ code: 400, description: expect.stringMatching(/could not be read/) }]);
  });
});
