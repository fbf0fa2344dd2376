// Expensive anonymous reads (issue 11, items 9 and 10): the public observations layer served from
// maintained per-cell aggregates and paged by keyset; a per-client read budget and a global cap on
// expensive anonymous reads, staff exempt; downloads that stop reading neither pin the WAL nor live on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { get as httpGet, type ClientRequest, type IncomingMessage } from 'node:http';
import { statSync } from 'node:fs';
import { addStaff, DOWNTOWN, mintPhone, removeDir, signIn, startServer, type Running } from './harness';
import { cellId, cellOf } from '../../server/domain/public-cells';
import { mulberry32 } from '../../server/domain/coverage/random';
import { WAL_SIZE_LIMIT_BYTES } from '../../server/store/db';

interface Page { numberMatched: number; numberReturned: number; features: GeoJSON.Feature[]; links: { rel: string; href: string }[] }
const pathOf = (href: string) => href.replace(/^https?:\/\/[^/]+/, '');

/** The public cells computed from scratch from every stored observation: the oracle for the maintained table. */
function recompute(s: Running) {
  const rows = s.store.db.prepare("SELECT lon, lat, source, signal_dbm, no_free_network, observed_at, coalesce(cohort_key, device_key, '') AS device FROM observations").all() as {
    lon: number; lat: number; source: string; signal_dbm: number | null; no_free_network: number; observed_at: string; device: string;
  }[];
  const devices = new Map<string, Set<string>>();
  const cells = new Map<string, { observations: number; signalReadings: number; sum: number; noFreeNetwork: number; firstAt: string; newestAt: string }>();
  for (const r of rows) {
    if (r.source === 'simulated') continue;
    const id = cellId(cellOf([r.lon, r.lat], 25));
    const c = cells.get(id) ?? { observations: 0, signalReadings: 0, sum: 0, noFreeNetwork: 0, firstAt: r.observed_at, newestAt: r.observed_at };
    c.observations += 1;
    if (r.signal_dbm !== null) {
      c.signalReadings += 1;
      c.sum += r.signal_dbm;
    }
    c.noFreeNetwork += r.no_free_network;
    if (r.observed_at < c.firstAt) c.firstAt = r.observed_at;
    if (r.observed_at > c.newestAt) c.newestAt = r.observed_at;
    cells.set(id, c);
    devices.set(id, (devices.get(id) ?? new Set()).add(r.device));
  }
  const day = (iso: string) => `${iso.slice(0, 10)}T00:00:00Z`; // published to the day
  // Published only where two devices measured: one phone alone is its owner's path.
  return new Map([...cells].filter(([id]) => devices.get(id)!.size >= 2).map(([id, c]) => [id, {
    observations: c.observations, signalReadings: c.signalReadings, noFreeNetwork: c.noFreeNetwork, firstAt: day(c.firstAt), newestAt: day(c.newestAt),
    meanDbm: c.signalReadings ? Math.round((c.sum / c.signalReadings) * 10) / 10 : null,
  }]));
}

/** How many 25 m cells hold real readings at all. */
const cellsStored = (s: Running) => (s.store.db.prepare(
  "SELECT count(*) AS n FROM (SELECT DISTINCT public_cell_row(lat), public_cell_col(lon, lat) FROM observations WHERE source <> 'simulated')").get() as { n: number }).n;

/** Every page of a collection, following next links; the ids in the order they came. */
async function allPages(s: Running, first: string, between?: (page: number) => Promise<void>) {
  const features: GeoJSON.Feature[] = [];
  let path: string | undefined = first;
  for (let n = 0; path; n++) {
    const res = await request(s.url).get(path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as Page;
    features.push(...page.features);
    path = page.links.find((l) => l.rel === 'next')?.href;
    path = path && pathOf(path);
    await between?.(n);
  }
  return features;
}

describe('the public observations layer, from maintained aggregates', () => {
  let s: Running;
  const random = mulberry32(11);
  // 60 spots on a 5 × 12 grid of ~60 m steps downtown: several readings per 25 m cell, some cells alone.
  const spot = () => ({ lon: DOWNTOWN.lon + Math.floor(random() * 12) * 0.0008, lat: DOWNTOWN.lat + Math.floor(random() * 5) * 0.0005 });
  const observation = (i: number) => ({
    ...spot(), observedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 30 * 86_400_000)).toISOString(), accuracyM: 5,
    ...(random() < 0.2 ? { noFreeNetwork: true } : { signalDbm: -45 - Math.round(random() * 50) }),
    ...(i % 7 === 0 && { source: 'simulated' }), clientId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  });
  const phones: string[] = []; // 4 devices and unknown ones (no token): cells with one device stay hidden
  const post = async (from: number, n: number) => {
    for (let k = 0; k <= phones.length; k++) {
      const part = Array.from({ length: n }, (_, i) => from + i).filter((i) => i % (phones.length + 1) === k).map(observation);
      const req = request(s.url).post('/api/v1/observations/batch');
      const res = await (k < phones.length ? req.set('X-Device-Token', phones[k]) : req).send({ observations: part });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  };

  beforeAll(async () => {
    s = await startServer({ READ_BUDGET_FEATURES_PER_MINUTE: '1000000' });
    for (let i = 0; i < 4; i++) phones.push(await mintPhone(s.url));
    await post(0, 400);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  const published = async (query = '') => {
    const features = await allPages(s, `/ogc/collections/observations/items?limit=1000${query}`);
    return new Map(features.map((f) => {
      const p = f.properties!;
      return [String(f.id), { observations: p.observations, signalReadings: p.signalReadings, noFreeNetwork: p.noFreeNetwork, firstAt: p.firstAt, newestAt: p.newestAt, meanDbm: p.meanDbm }];
    }));
  };

  it('when observations are inserted (simulated ones among them), then the cells equal a recomputation from scratch and leave the simulated out', async () => {
    const oracle = recompute(s);
    expect(oracle.size).toBeGreaterThan(30);
    expect(oracle.size).toBeLessThan(cellsStored(s)); // some cells hold one device's readings only
    expect(await published()).toEqual(oracle);
    // A simulated reading alone in a cell of its own never makes that cell public.
    await request(s.url).post('/api/v1/observations').send({ lon: -80.5200, lat: 43.4300, observedAt: '2026-01-05T00:00:00Z', signalDbm: -40, source: 'simulated' }).expect(201);
    expect((await published()).has(cellId(cellOf([-80.52, 43.43], 25)))).toBe(false);
    // The time-window path aggregates the readings themselves: the same figures when the window holds them all.
    expect(await published('&datetime=2025-01-01T00:00:00Z/2027-01-01T00:00:00Z')).toEqual(oracle);
  });

  it('when more arrive and a failed import\'s rows are taken back, then the cells still equal a recomputation', async () => {
    await post(400, 300);
    const ids = (s.store.db.prepare("SELECT id FROM observations WHERE source <> 'simulated' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const taken = ids.filter((_, i) => i % 3 === 0);
    s.store.transaction(() => {
      for (const id of taken) s.store.db.prepare('DELETE FROM observations WHERE id = ?').run(id); // what removeRows does to a failed import
    });
    expect(await published()).toEqual(recompute(s));
  });

  it('when the layer is paged by its next links while cells are added, then no cell is lost or repeated', async () => {
    const before = recompute(s);
    const seen: string[] = [];
    const features = await allPages(s, '/ogc/collections/observations/items?limit=7', async (n) => {
      // A new cell south of everything read so far: an offset would now shift every later page by one.
      if (n === 1) for (const phone of phones.slice(0, 2)) // two phones: a cell the public sees
        await request(s.url).post('/api/v1/observations').set('X-Device-Token', phone).send({ lon: DOWNTOWN.lon, lat: DOWNTOWN.lat - 0.01, observedAt: '2026-01-06T00:00:00Z', signalDbm: -70 }).expect(201);
    });
    seen.push(...features.map((f) => String(f.id)));
    expect(seen).not.toContain(cellId(cellOf([DOWNTOWN.lon, DOWNTOWN.lat - 0.01], 25))); // before the cursor when it came
    expect((await published()).has(cellId(cellOf([DOWNTOWN.lon, DOWNTOWN.lat - 0.01], 25)))).toBe(true); // public, so an offset would have shifted
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before.keys()) expect(seen).toContain(id);
    const next = (await request(s.url).get('/ogc/collections/observations/items?limit=7')).body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(new URL(next.href).searchParams.get('after')).toMatch(/^\d+_-\d+$/); // a keyset cursor, not an offset
  });

  it('when a bbox is given, then exactly the cells that meet it, over all its pages', async () => {
    const box = [DOWNTOWN.lon + 0.001, DOWNTOWN.lat + 0.0004, DOWNTOWN.lon + 0.006, DOWNTOWN.lat + 0.0016];
    const inBox = await allPages(s, `/ogc/collections/observations/items?limit=5&bbox=${box.join(',')}`);
    const all = await allPages(s, '/ogc/collections/observations/items?limit=1000');
    const meets = (f: GeoJSON.Feature) => {
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0];
      return Math.min(...ring.map((p) => p[0])) <= box[2] && Math.max(...ring.map((p) => p[0])) >= box[0] &&
        Math.min(...ring.map((p) => p[1])) <= box[3] && Math.max(...ring.map((p) => p[1])) >= box[1];
    };
    expect(inBox.map((f) => f.id).sort()).toEqual(all.filter(meets).map((f) => f.id).sort());
    expect(inBox.length).toBeGreaterThan(3);
    const first = (await request(s.url).get(`/ogc/collections/observations/items?limit=5&bbox=${box.join(',')}`)).body as Page;
    expect(first.numberMatched).toBe(inBox.length);
  });
});

/** Starts a download, takes its first chunk, then stops reading. */
function stallDownload(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ req: ClientRequest; res: IncomingMessage; closed: Promise<void> }>((resolve, reject) => {
    const req = httpGet(url, { headers }, (res) => {
      const closed = new Promise<void>((done) => {
        res.once('close', () => done());
        res.once('error', () => done());
      });
      res.once('data', () => {
        res.pause();
        resolve({ req, res, closed });
      });
    });
    req.on('error', reject);
  });
}

/** 100,000 reports straight into the file: an export of ~30 MB, far more than socket buffers hold. */
function manyReports(s: Running, n = 100_000) {
  const insert = s.store.db.prepare("INSERT INTO reports (kind, lon, lat, observed_at, created_at, updated_at) VALUES ('no_wifi', ?, ?, ?, ?, ?)");
  s.store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
      insert.run(-80.55 + (i % 400) * 0.0002, 43.40 + Math.floor(i / 400) * 0.0002, at, at, at);
    }
  });
}

describe('limits on anonymous reads', () => {
  it('when an anonymous client has read its budget of features, then 429 with Retry-After; signed-in staff read on', async () => {
    const s = await startServer({ READ_BUDGET_FEATURES_PER_MINUTE: '30' });
    try {
      await addStaff(s, 'reader', 'planner');
      const { cookie } = await signIn(s.url, 'reader');
      const page = '/ogc/collections/transit-stops/items?limit=20';
      expect((await request(s.url).get(page)).status).toBe(200); // 20 of 30
      expect((await request(s.url).get(page)).status).toBe(200); // 40: in debt, known only once it ran
      const spent = await request(s.url).get(page);
      expect(spent.status).toBe(429);
      expect(spent.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(spent.headers['retry-after'])).toBeGreaterThan(0);
      expect((await request(s.url).get('/api/v1/coverage/cells?zoom=11')).status).toBe(429); // one budget across endpoints
      for (let i = 0; i < 3; i++) expect((await request(s.url).get(page).set('Cookie', cookie)).status).toBe(200);
      expect((await request(s.url).get('/api/v1/coverage/cells?zoom=11').set('Cookie', cookie)).status).toBe(200);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });

  it('when an anonymous partner lists Open311 requests, then they count against the same budget, refused in Open311\'s own format', async () => {
    const s = await startServer({ READ_BUDGET_FEATURES_PER_MINUTE: '30', RATE_LIMIT_WRITES_PER_MINUTE: '1000' });
    try {
      for (let i = 0; i < 20; i++)
        expect((await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon: DOWNTOWN.lon + i * 0.002, lat: DOWNTOWN.lat })).status).toBe(201);
      const list = '/open311/v2/requests.json';
      expect((await request(s.url).get(list)).body).toHaveLength(20); // 20 of 30
      expect((await request(s.url).get(list)).status).toBe(200); // 40: in debt
      const spent = await request(s.url).get(list);
      expect(spent.status).toBe(429);
      expect(spent.body).toEqual([{ code: 429, description: expect.stringMatching(/budget of 30 features/) }]);
      expect(Number(spent.headers['retry-after'])).toBeGreaterThan(0);
      expect((await request(s.url).get('/open311/v2/requests.xml')).text).toMatch(/<code>429<\/code>/);
      expect((await request(s.url).get('/ogc/collections/transit-stops/items?limit=1')).status).toBe(429); // one budget across APIs
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });

  it('when the cap of downloads is taken by a download, then another anonymous download gets 503 with Retry-After until it ends, while OGC pages still answer; staff do not wait', async () => {
    // TRUST_PROXY: X-Forwarded-For names the client, so two clients can be told apart from one host.
    const s = await startServer({ EXPENSIVE_READS_MAX: '1', EXPENSIVE_READS_WAIT_MS: '0', READ_BUDGET_FEATURES_PER_MINUTE: '10000000', TRUST_PROXY: 'true' });
    try {
      await addStaff(s, 'reader', 'planner');
      const { cookie } = await signIn(s.url, 'reader');
      manyReports(s);
      const held = await stallDownload(`${s.url}/api/v1/exports/reports.geojson`, { 'X-Forwarded-For': '198.51.100.1' });
      const other = () => request(s.url).get('/api/v1/exports/wards.geojson').set('X-Forwarded-For', '198.51.100.2');
      const busy = await other();
      expect(busy.status).toBe(503);
      expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
      // Pages have slots of their own: until 2026-12-06 two slowly read downloads held every slot, and pages got 503.
      expect((await request(s.url).get('/ogc/collections/places/items').set('X-Forwarded-For', '198.51.100.3')).status).toBe(200);
      expect((await request(s.url).get('/api/v1/exports/wards.geojson').set('Cookie', cookie)).status).toBe(200);
      expect((await request(s.url).get('/api/v1/access-points').set('X-Forwarded-For', '198.51.100.2')).status).toBe(200); // cheap reads are never queued
      held.req.destroy();
      await held.closed;
      await expect.poll(async () => (await other()).status).toBe(200);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });

  it('when one anonymous client already runs an expensive read, then its second gets 503 though slots are free; another client\'s does not', async () => {
    const s = await startServer({ EXPENSIVE_READS_MAX: '2', EXPENSIVE_READS_WAIT_MS: '0', READ_BUDGET_FEATURES_PER_MINUTE: '10000000', TRUST_PROXY: 'true' });
    try {
      manyReports(s);
      const held = await stallDownload(`${s.url}/api/v1/exports/reports.geojson`, { 'X-Forwarded-For': '198.51.100.1' });
      const second = await request(s.url).get('/ogc/collections/places/items').set('X-Forwarded-For', '198.51.100.1');
      expect(second.status).toBe(503);
      expect(second.body.detail).toMatch(/one at a time/);
      expect((await request(s.url).get('/ogc/collections/places/items').set('X-Forwarded-For', '198.51.100.2')).status).toBe(200);
      held.req.destroy();
      await held.closed;
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });
});

describe('a download that stops reading', () => {
  it('when an export stalls while observations keep coming, then checkpoints keep the WAL small and the export is closed after the timeout', async () => {
    // One slot for expensive anonymous reads: it comes free only when the server closes the stalled download.
    const s = await startServer({ EXPORT_STALL_TIMEOUT_MS: '1000', EXPENSIVE_READS_MAX: '1', EXPENSIVE_READS_WAIT_MS: '0' });
    try {
      manyReports(s);
      s.store.db.pragma('wal_checkpoint(TRUNCATE)');
      const stalled = await stallDownload(`${s.url}/api/v1/exports/reports.geojson`);
      expect((await request(s.url).get('/ogc/collections/places/items')).status).toBe(503);
      const wal = () => statSync(`${s.config.databasePath}-wal`).size;
      // 800 transactions of 50 observations: ~40 MB of WAL frames if a reader kept checkpoints from resetting it.
      const random = mulberry32(10);
      const insert = s.store.db.prepare(
        "INSERT INTO observations (observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm, ssid) VALUES (?, ?, ?, ?, 10, 'survey', ?, ?)");
      let largest = 0;
      for (let t = 0; t < 800; t++) {
        s.store.transaction(() => {
          for (let i = 0; i < 50; i++)
            insert.run('2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z', -80.55 + random() * 0.1, 43.40 + random() * 0.07, -60, 'x'.repeat(200));
        });
        largest = Math.max(largest, wal());
      }
      const [checkpoint] = s.store.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      expect(checkpoint.checkpointed).toBe(checkpoint.log); // no reader holds an older snapshot
      expect(largest).toBeLessThan(2 * WAL_SIZE_LIMIT_BYTES); // the size limit plus one autocheckpoint's worth (1,000 pages, 4 MB)
      // The server closes the stalled response: its slot comes free. Waited for, not timed.
      await expect.poll(async () => (await request(s.url).get('/ogc/collections/places/items')).status, { timeout: 30_000, interval: 200 }).toBe(200);
      stalled.res.resume(); // read what was buffered: the body ends short
      await stalled.closed;
      expect(stalled.res.complete).toBe(false);
    } finally {
      await s.stop();
      removeDir(s.dir);
    }
  });
});
