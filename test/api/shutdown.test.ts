// SIGTERM under load (issue 11, item 14): requests in flight finish, later ones get a complete 503,
// and every write the server acknowledged is in the database afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { DOWNTOWN, removeDir } from './harness';
import { spawnServer } from './processes';
import { openStore } from '../../server/store';

interface Outcome { status: number; body: string } // status 0: reset or refused; -1: the response was cut off

/** Starts a POST and returns it with the promise of its outcome; the caller writes the body. */
function post(url: string, length: number, agent: Agent | false): { req: ClientRequest; outcome: Promise<Outcome> } {
  const target = new URL(url);
  let req!: ClientRequest;
  const outcome = new Promise<Outcome>((resolve) => {
    req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': length } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.complete ? res.statusCode! : -1, body: text }));
      res.on('error', (err) => resolve({ status: 0, body: String(err) }));
    });
    req.on('error', (err) => resolve({ status: 0, body: String(err) }));
  });
  return { req, outcome };
}

describe('SIGTERM while writes are in flight', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wifi-reach-shutdown-'));
  });
  afterAll(() => removeDir(dir));

  it('when 40 batches of 1,000 observations are still uploading at SIGTERM, then each gets a whole 201 or 503, and every 201 is stored', async () => {
    const server = await spawnServer(dir, { RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_READINGS_PER_HOUR: '100000000' });
    const url = `${server.url}/api/v1/observations/batch`;
    const batches = Array.from({ length: 40 }, () =>
      Array.from({ length: 1_000 }, (_, k) => ({ ...DOWNTOWN, observedAt: new Date(Date.now() - 60_000).toISOString(), accuracyM: 8, signalDbm: -60 - (k % 30), clientId: randomUUID() })));
    const bodies = batches.map((observations) => Buffer.from(JSON.stringify({ observations })));

    // A keep-alive connection that has made one request: its next request comes after the signal.
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    const warm = post(url, bodies[0].length, keepAlive);
    warm.req.end(bodies[0]);
    expect((await warm.outcome).status).toBe(201);

    // 39 uploads on slow connections: half of each body now, the rest after the signal.
    const uploads = bodies.slice(1).map((body) => {
      const upload = post(url, body.length, false);
      upload.req.write(body.subarray(0, body.length / 2));
      return upload;
    });
    await fetch(`${server.url}/api/v1/health`).then((r) => r.json()); // answered after the 39 requests' headers were read
    server.process.kill('SIGTERM');
    while (!/SIGTERM: finishing/.test(server.output())) await sleep(10);
    await sleep(3_000); // slow phones: the uploads go on for 3 s after the signal (the old shutdown cut them off at 2 s)
    for (const [i, upload] of uploads.entries()) upload.req.end(bodies[i + 1].subarray(bodies[i + 1].length / 2));
    const late = post(url, bodies[0].length, keepAlive); // a new request on an open connection after the signal
    late.req.end(bodies[0]);

    const outcomes = [await warm.outcome, ...(await Promise.all(uploads.map((u) => u.outcome)))];
    const lateOutcome = await late.outcome;
    const exit = await server.exited;
    keepAlive.destroy();

    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 503)).toEqual([]);
    expect(lateOutcome.status === 503 || lateOutcome.status === 0).toBe(true); // 503, or refused if the server had already exited
    expect(server.output()).toMatch(/SIGTERM: finishing 39 requests in flight \(up to 10 s\), then closing/);
    expect(outcomes.every((o) => o.status === 201)).toBe(true); // all 39 were in flight: all were finished
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    const store = openStore(join(dir, 'test.db'));
    try {
      const stored = new Set((store.db.prepare('SELECT client_id FROM observations').pluck().all() as string[]));
      batches.forEach((observations, i) => {
        const kept = observations.filter((o) => stored.has(o.clientId)).length;
        expect(kept, `batch ${i} answered ${outcomes[i].status}`).toBe(outcomes[i].status === 201 ? 1_000 : 0);
      });
    } finally {
      store.close();
    }
  });
});
