// Bulk ingest over real HTTP: every acknowledged reading is stored and reaches the coverage model, map
// reads keep being answered meanwhile, a full queue answers 503 + Retry-After without storing anything,
// and a restart takes in whatever was stored but not yet in the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, DOWNTOWN, mintDevice, modelCaughtUp, removeDir, startServer, type Running } from './harness';
import { mulberry32 } from '../../server/domain/coverage/random';

const BATCH = 1_000;
const TOTAL = 100_000;
const POSTERS = 4; // connections posting at once, as the bench drives it
const PROBE = { lon: -80.4862, lat: 43.444 }; // ~500 m south of where the other readings fall: only the probe readings are in its cell

/** Seeded UUID v4 text: clientIds that are the same on every run. */
const uuid = (random: () => number) => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * Batch `k` of seeded readings within ~600 m of downtown (signal or "no free network"); its first 5 hear no free
 * network at the probe (a level would be held back there when physics says no hotspot could be that loud).
 */
function batch(k: number): Record<string, unknown>[] {
  const random = mulberry32(20261202 + k);
  const observedAt = new Date(Date.now() - 3_600_000).toISOString();
  return Array.from({ length: BATCH }, (_, i) => {
    const clientId = uuid(random);
    if (i < 5) return { ...PROBE, observedAt, accuracyM: 5, source: 'survey', clientId, noFreeNetwork: true };
    const at = { lon: DOWNTOWN.lon + (random() - 0.5) * 0.012, lat: DOWNTOWN.lat + (random() - 0.5) * 0.008 };
    const reading = random() < 0.7 ? { signalDbm: -45 - Math.round(45 * random()), ssid: 'KitchenerWiFi' } : { noFreeNetwork: true };
    return { ...at, observedAt, accuracyM: 5, source: 'survey', clientId, ...reading };
  });
}

const stats = async (url: string) => (await (await fetch(`${url}/api/v1/coverage/stats`)).json()) as { ingest: { modelObservations: number; pending: number; settling: boolean } };
const probeSamples = async (url: string) =>
  ((await (await fetch(`${url}/api/v1/coverage/explain?lon=${PROBE.lon}&lat=${PROBE.lat}`)).json()) as { evidence: { samples: number } }).evidence.samples;

describe('bulk ingest', () => {
  let s: Running;
  let token: string;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_READINGS_PER_HOUR: '100000000' }); // one client sends everything here
    token = await mintDevice(s.url);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  const send = (observations: Record<string, unknown>[]) =>
    fetch(`${s.url}/api/v1/observations/batch`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'X-Device-Token': token }, body: JSON.stringify({ observations }),
    });

  it('when 100,000 readings are posted in batches of 1,000 while the map is read, then every acknowledged one is stored and in /coverage/stats', async () => {
    const before = await stats(s.url);
    const acknowledged: number[] = [];
    let retried = 0;
    let next = 0;
    const poster = async () => {
      for (let k = next++; k < TOTAL / BATCH; k = next++) {
        const observations = batch(k);
        for (;;) {
          const res = await send(observations);
          if (res.status === 503) { // back-pressure: wait as told, send the same readings again
            retried++;
            await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
            continue;
          }
          expect(res.status).toBe(201);
          const body = (await res.json()) as { created: number; ids: number[] };
          expect(body.created).toBe(BATCH);
          acknowledged.push(...body.ids);
          break;
        }
      }
    };
    let posting = true;
    const reads: number[] = [];
    const reader = async () => {
      while (posting) reads.push((await fetch(`${s.url}/api/v1/access-points`)).status, (await fetch(`${s.url}/api/v1/coverage/stats`)).status);
    };
    const reading = reader();
    await Promise.all(Array.from({ length: POSTERS }, poster));
    posting = false;
    await reading;

    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((status) => status === 200)).toBe(true);
    expect(new Set(acknowledged).size).toBe(TOTAL);
    const stored = s.store.db.prepare('SELECT count(*) AS n FROM observations WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(acknowledged)) as { n: number };
    expect(stored.n).toBe(TOTAL);
    await modelCaughtUp(s.url);
    const after = await stats(s.url);
    expect(after.ingest.pending).toBe(0);
    expect(after.ingest.modelObservations - before.ingest.modelObservations).toBe(TOTAL);
    expect(await probeSamples(s.url)).toBe(5 * (TOTAL / BATCH)); // the model has each one, once
    // Then it says when it has stopped changing without new input: no readings queued, no refresh due.
    let settled = false;
    for (const until = Date.now() + 30_000; !settled && Date.now() < until; await new Promise((r) => setTimeout(r, 200))) settled = (await stats(s.url)).ingest.settling === false;
    expect(settled).toBe(true);
    console.log(`ingest test: ${retried} batches sent again after 503`);
  }, 300_000);

  it('when the queue to the model is full, then a batch gets 503 with Retry-After and nothing of it is stored; once there is room it is stored once', async () => {
    await modelCaughtUp(s.url);
    const rows = count(s.store, 'observations');
    const held = s.coverage.admit(50_000 - 500)!; // readings on their way to the model (another client's), leaving room for 500
    expect(held).not.toBeNull();
    const observations = batch(1_000).slice(0, 600);
    const full = await send(observations);
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('1');
    expect(full.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(count(s.store, 'observations')).toBe(rows);
    held.cancel();
    const again = await send(observations);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { created: number }).created).toBe(600);
    expect(count(s.store, 'observations')).toBe(rows + 600);
  });
});

describe('a restart', () => {
  it('when readings were acknowledged and the server stops before the model took them in, then the restarted model has every one', async () => {
    const first = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_READINGS_PER_HOUR: '100000000' });
    const token = await mintDevice(first.url);
    const posts = await Promise.all([0, 1, 2].map((k) =>
      fetch(`${first.url}/api/v1/observations/batch`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Device-Token': token }, body: JSON.stringify({ observations: batch(2_000 + k) }) })));
    expect(posts.map((r) => r.status)).toEqual([201, 201, 201]);
    const pendingAtStop = first.coverage.ingestState().pending; // usually > 0: the model applies 100 ms after storing
    await first.stop();
    const again = await startServer({}, first.dir);
    try {
      const { ingest } = await stats(again.url);
      expect(ingest.pending).toBe(0);
      expect(ingest.modelObservations).toBe(3 * BATCH);
      expect(await probeSamples(again.url)).toBe(3 * 5);
      console.log(`restart test: ${pendingAtStop} readings were not yet in the model at the stop`);
    } finally {
      await again.stop();
      removeDir(first.dir);
    }
  });
});
