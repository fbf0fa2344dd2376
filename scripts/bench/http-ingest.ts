// The "http.ingest" benchmark section: the real server (node --import tsx server/main.ts on a temporary
// database, anonymous write limit raised) and, in the same run, a minimal Express + better-sqlite3 batch
// endpoint (ingest-yardstick.ts, same durability), both driven by autocannon over loopback with batches of
// 100 and 1,000 observations on 4 connections. Then map reads (GET /api/v1/access-points) alone and under
// ingest, and how far the coverage model lags behind what was acknowledged.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Result } from 'autocannon';
import { mulberry32 } from '../../server/domain/coverage/random';
import type { BenchRow } from './wigle';

const SEED = 20261127; // as the rest of the benchmark
const REPO = new URL('../..', import.meta.url).pathname;
const CONNECTIONS = 4;
const BATCHES = [100, 1000]; // observations per request
const DURATION_S = Number(process.env.BENCH_INGEST_SECONDS ?? 6); // s per measured run
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 3); // interleaved rounds; the median is quoted
const BODIES = 16; // distinct request bodies per batch size, cycled by each connection
const PATH = '/api/v1/observations/batch';
const WIGLE_ROWS = 200_000; // a long wardriving night
const PASSWORD = 'bench password, not a secret';

interface Server { url: string; child: ChildProcess; output: () => string }

/** Starts a node process that prints "listening on URL"; `BENCH_SERVER_NODE_ARGS` adds flags (e.g. --cpu-prof) to the product's. */
async function start(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd: REPO, env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' } });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout!.on('data', look);
    child.on('exit', () => reject(new Error(`${script} exited before listening: ${output}`)));
  });
  return { url, child, output: () => output };
}

async function stop({ child }: Server): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Seeded survey readings around the seeded access points: BSSIDs, the City's SSID, "no free network". */
function bodies(batch: number, positions: [number, number][]): string[] {
  const random = mulberry32(SEED + batch);
  const hex = () => Math.floor(random() * 256).toString(16).padStart(2, '0');
  const bssids = Array.from({ length: 200 }, () => Array.from({ length: 6 }, hex).join(':'));
  const now = Date.now();
  return Array.from({ length: BODIES }, () => {
    const observations = Array.from({ length: batch }, () => {
      const [lon, lat] = positions[Math.floor(random() * positions.length)];
      const d = 300 * Math.sqrt(random()), angle = 2 * Math.PI * random();
      const at = { lon: Math.round((lon + (d * Math.cos(angle)) / 80_800) * 1e6) / 1e6, lat: Math.round((lat + (d * Math.sin(angle)) / 111_320) * 1e6) / 1e6 };
      const base = { ...at, observedAt: new Date(now - Math.floor(random() * 86_400_000)).toISOString(), accuracyM: 5 + Math.round(25 * random()), source: 'survey' };
      const u = random();
      if (u < 0.5) return { ...base, signalDbm: -40 - Math.round(50 * random()), ssid: 'KitchenerWiFi', bssid: bssids[Math.floor(random() * bssids.length)] };
      if (u < 0.8) return { ...base, signalDbm: -40 - Math.round(50 * random()), ssid: 'KitchenerWiFi' };
      return { ...base, noFreeNetwork: true };
    });
    return JSON.stringify({ observations });
  });
}

const requests = (list: string[], headers: Record<string, string>) => list.map((body) => ({ method: 'POST', path: PATH, body, headers: { 'content-type': 'application/json', ...headers } }));

async function drive(url: string, list: string[], headers: Record<string, string>, seconds: number): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: requests(list, headers) });
}

const obsPerS = (r: Result, batch: number) => (r['2xx'] * batch) / r.duration;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
const pct = (r: Result) => `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`;
const codes = (r: Result) => Object.entries(r.statusCodeStats).map(([code, s]) => `${code}×${s.count}`).join(' ');

interface HealthCoverage { coverage?: { pending: number; lagMs: number } }

/** Polls the product's health while `during` runs: the largest model lag seen (ms) and the largest queue. */
async function watchLag<T>(url: string, during: Promise<T>): Promise<{ result: T; maxLagMs: number; maxPending: number }> {
  let done = false, maxLagMs = 0, maxPending = 0;
  const watcher = (async () => {
    while (!done) {
      const health = (await (await fetch(`${url}/api/v1/health`)).json()) as HealthCoverage;
      if (health.coverage) {
        maxLagMs = Math.max(maxLagMs, health.coverage.lagMs);
        maxPending = Math.max(maxPending, health.coverage.pending);
      }
      await sleep(100);
    }
  })();
  const result = await during;
  done = true;
  await watcher;
  return { result, maxLagMs, maxPending };
}

/** A planner's API token for the uploads, made with the command line as an operator would (`npm run user`). */
function plannerToken(databasePath: string): string {
  const run = (...args: string[]) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], { cwd: REPO, env: { ...process.env, DATABASE_PATH: databasePath, WIFI_REACH_PASSWORD: PASSWORD }, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`npm run user -- ${args.join(' ')} failed: ${out.stderr}`);
    return out.stdout;
  };
  run('add', 'bench', 'planner');
  return run('token', 'bench', 'bench uploads').trim().split('\n').at(-1)!;
}

/** WiGLE 1.6 rows passing the seeded sites: a quarter the City's SSID nearby (kept), the rest private networks (dropped). */
function wigleFile(positions: [number, number][]): Buffer {
  const random = mulberry32(SEED + 3);
  const hex = () => Math.floor(random() * 256).toString(16).padStart(2, '0');
  const hex2 = (n: number) => n.toString(16).padStart(2, '0');
  const start = Date.now() - 2 * 86_400_000;
  const lines = ['WigleWifi-1.6,appRelease=2.70,model=Pixel 7,release=14', 'MAC,SSID,AuthMode,FirstSeen,Channel,Frequency,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,RCOIs,MfgrId,Type'];
  for (let i = 0; i < WIGLE_ROWS; i++) {
    const site = Math.floor(random() * positions.length), [lon, lat] = positions[site];
    const d = 250 * random(), angle = 2 * Math.PI * random();
    const at = `${(lat + (d * Math.sin(angle)) / 111_320).toFixed(7)},${(lon + (d * Math.cos(angle)) / 80_800).toFixed(7)}`;
    const time = new Date(start + i * 400).toISOString().slice(0, 19).replace('T', ' ');
    const city = random() < 0.25; // the site's own two radios, or a home router nearby
    const mac = city ? `02:00:00:00:${hex2(site)}:0${Math.floor(random() * 2)}` : Array.from({ length: 6 }, hex).join(':');
    const ssid = city ? 'KitchenerWiFi' : `Home ${Math.floor(random() * 5000)}`;
    lines.push(`${mac},${ssid},[ESS],${time},6,2437,${-45 - Math.floor(50 * random())},${at},330,${(3 + 30 * random()).toFixed(1)},,,WIFI`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** Uploads the file over HTTP while one connection reads the map; the longest a read waited is the stall. */
async function wigleUpload(url: string, token: string, file: Buffer): Promise<BenchRow[]> {
  let uploading = true;
  const waits: number[] = [];
  const reader = (async () => {
    while (uploading) {
      const t0 = performance.now();
      await (await fetch(`${url}/api/v1/access-points`)).arrayBuffer();
      waits.push(performance.now() - t0);
    }
  })();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/imports/wigle`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` }, body: new Blob([new Uint8Array(file)]) });
  const summary = (await res.json()) as { rows?: { read: number; kept: number } };
  const took = performance.now() - t0;
  uploading = false;
  await reader;
  const sorted = waits.sort((a, b) => a - b), p99 = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))];
  return [{
    benchmark: 'WiGLE upload over HTTP (streamed: parse, match, store, model off the request path)', size: `${WIGLE_ROWS.toLocaleString('en-US')} rows, ${(file.length / 2 ** 20).toFixed(1)} MiB`,
    median: `${Math.round(took)} ms`, runs: '1',
    notes: `${res.status}; ${k((WIGLE_ROWS / took) * 1000)} rows/s (target ≥ 100k); ${summary.rows?.kept.toLocaleString('en-US')} kept; map reads meanwhile: ${waits.length}, p99 ${Math.round(p99)} ms, longest ${Math.round(sorted.at(-1) ?? 0)} ms`,
  }];
}

/** The product server on a fresh database (and a planner token for it), for `use`; stopped and removed afterwards. */
async function withProduct<T>(use: (url: string, token: string, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'wifi-reach-bench-ingest-'));
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  try {
    const token = plannerToken(join(dir, 'product.db'));
    const product = await start('server/main.ts', {
      DATABASE_PATH: join(dir, 'product.db'), DATA_DIR: join(REPO, 'data'), CLIENT_DIR: join(dir, 'no-client'),
      RATE_LIMIT_WRITES_PER_MINUTE: '1000000000', // one client sends everything: the bench measures ingest, not the limits
      RATE_LIMIT_READINGS_PER_HOUR: '100000000000',
    }, nodeArgs);
    try {
      return await use(product.url, token, dir);
    } catch (err) {
      throw new Error(`${(err as Error).message}; the server said:\n${product.output().slice(-2000)}`, { cause: err });
    } finally {
      await stop(product);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sitePositions = async (url: string) =>
  ((await (await fetch(`${url}/api/v1/access-points`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Point>).features.map((f) => f.geometry.coordinates as [number, number]);

/** The "http.ingest" section: batches over HTTP, the server next to the yardstick, then map reads under ingest. */
export const httpIngestBench = (): Promise<BenchRow[]> => withProduct(async (url, _token, dir) => {
  const yardstick = await start('scripts/bench/ingest-yardstick.ts', { DATABASE_PATH: join(dir, 'yardstick.db') });
  try {
    const device = await fetch(`${url}/api/v1/devices`, { method: 'POST' });
    const { deviceToken } = (await device.json()) as { deviceToken: string };
    const headers = { 'X-Device-Token': deviceToken }; // a survey phone with a credential, as the trust rules ask
    const positions = await sitePositions(url);
    const rows: BenchRow[] = [];
    for (const batch of BATCHES) {
      const list = bodies(batch, positions);
      for (const target of [url, yardstick.url]) await drive(target, list, headers, 2); // warm-up: JIT, page cache
      const runs = { product: [] as Result[], yardstick: [] as Result[], lag: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        const watched = await watchLag(url, drive(url, list, headers, DURATION_S));
        runs.product.push(watched.result);
        runs.lag.push(watched.maxLagMs);
        runs.yardstick.push(await drive(yardstick.url, list, headers, DURATION_S));
      }
      const [p, y] = [runs.product, runs.yardstick].map((rs) => rs.map((r) => obsPerS(r, batch)));
      const pm = median(p), ym = median(y);
      const pr = runs.product[p.indexOf(pm)], yr = runs.yardstick[y.indexOf(ym)];
      rows.push({ benchmark: 'HTTP batch ingest, the server (validate, device credential, match, store durably; model off the request path)', size: `batches of ${batch.toLocaleString('en-US')}, ${CONNECTIONS} connections`, median: `${k(pm)} obs/s`, runs: `${ROUNDS} × ${DURATION_S} s`, notes: `${pct(pr)}; ${codes(pr)}; model lag max ${Math.max(...runs.lag)} ms; target ≥ ${batch >= 1000 ? '100k' : '50k'}/s` });
      rows.push({ benchmark: '… yardstick: minimal Express + better-sqlite3 endpoint, same durability', size: '', median: `${k(ym)} obs/s`, runs: `${ROUNDS} × ${DURATION_S} s`, notes: `${pct(yr)}; ${codes(yr)}; the server does **${(pm / ym).toFixed(2)}×** the yardstick` });
    }
    rows.push(...(await readsUnderIngest(url, bodies(1000, positions), headers)));
    return rows;
  } finally {
    await stop(yardstick);
  }
});

/** The "http.wigle" section: a 200,000-row WiGLE file uploaded over HTTP while the map is read. */
export const httpWigleBench = (): Promise<BenchRow[]> => withProduct(async (url, token) => wigleUpload(url, token, wigleFile(await sitePositions(url))));

/** GET /api/v1/access-points (the map's first read) alone, then while 4 connections post batches of 1,000. */
async function readsUnderIngest(url: string, list: string[], headers: Record<string, string>): Promise<BenchRow[]> {
  const read = () => autocannon({ url: `${url}/api/v1/access-points`, connections: 1, duration: DURATION_S });
  const alone = await read();
  const [under, ingest] = await Promise.all([read(), drive(url, list, headers, DURATION_S)]);
  return [
    { benchmark: 'map read GET /api/v1/access-points alone', size: '1 connection', median: `${alone.latency.p50} ms`, runs: `${DURATION_S} s`, notes: `p99 ${alone.latency.p99} ms; ${codes(alone)}` },
    { benchmark: '… while 4 connections post batches of 1,000', size: '1 + 4 connections', median: `${under.latency.p50} ms`, runs: `${DURATION_S} s`, notes: `p99 ${under.latency.p99} ms (target < 100 ms); ${codes(under)}; ingest meanwhile ${k(obsPerS(ingest, 1000))} obs/s (${codes(ingest)})` },
  ];
}
