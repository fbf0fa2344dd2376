// Fault and abuse figures for the README: the real server as a process on 127.0.0.1, a seeded
// database, and bounded runs of normal map reads with and without one abusive anonymous client,
// memory after long list parameters, the WAL while downloads stall, errors while the WiGLE command
// imports during report writes, and acknowledged writes lost to kill -9.
//   npm run soak               (~2.5 minutes: 200,000 observations, 12 s phases)
//   npm run soak -- --quick    (~1 minute: 50,000 observations, 4 s phases)
// Writes scripts/soak-results.md. No load-generator package: fixed-concurrency loops over node:http.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openStore } from '../server/store';
import { readSeed, seedDatabase } from '../server/services/seed';
import { addUser } from '../server/services/auth';
import { mulberry32 } from '../server/domain/coverage/random';
import { publicCellsCounter, type CountedRow } from '../server/store/public-cells';

const QUICK = process.argv.includes('--quick');
const SEED = 20261202;
const OBSERVATIONS = QUICK ? 50_000 : 200_000; // seeded straight into the file before the server starts (faster than 200 batch requests)
const REPORTS = 5_000; // residents' reports, seeded likewise
const PHASE_MS = QUICK ? 4_000 : 12_000; // ms per load phase
const NORMAL_CONCURRENCY = 8; // residents' map reads in flight at once
const ATTACK_CONCURRENCY = 2; // the abusive client's requests in flight at once
const WIGLE_ROWS = QUICK ? 20_000 : 100_000; // rows of the generated WiGLE file
const LIST_REQUESTS = 3_000; // /reports?ids=1,1,… with 1 … 3,000 ids
const START_TIMEOUT_MS = 120_000; // the server builds its coverage model from every observation before it listens
const IMPORT_TIMEOUT_MS = 90_000; // the import is stopped if it runs longer
const CITY = [-80.55, 43.39, -80.40, 43.49]; // lon/lat box over Kitchener for random positions
const DOWNTOWN_VIEW = '-80.51,43.435,-80.47,43.46'; // a phone's view of the map at city zoom (zoom 13: 100 m blocks)
const DOWNTOWN_REPORTS = '-80.50,43.44,-80.47,43.46';
const REPO = new URL('..', import.meta.url).pathname;
const PASSWORD = 'soak test password 2026';

const random = mulberry32(SEED);
const between = (a: number, b: number) => a + (b - a) * random();
const residentAddress = () => `10.${Math.floor(random() * 40)}.${Math.floor(random() * 250)}.${1 + Math.floor(random() * 250)}`; // many residents
const abuser = (phase: number) => `192.0.2.${phase + 1}`; // one anonymous client per attack (TEST-NET-1), each with a fresh budget

// ---------------------------------------------------------------- HTTP

interface Result { status: number; ms: number; bytes: number }

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function send(base: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Result> {
  const started = performance.now();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve) => {
    const req = httpRequest(`${base}${path}`, {
      method: options.method ?? 'GET', agent,
      headers: { ...options.headers, ...(body && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) },
    }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
      res.on('error', () => resolve({ status: -1, ms: performance.now() - started, bytes }));
    });
    req.on('error', () => resolve({ status: -1, ms: performance.now() - started, bytes: 0 })); // connection refused or reset
    req.end(body);
  });
}

interface Load { requests: number; perSecond: number; p50: number; p99: number; max: number; statuses: Record<number, number> }

/** `concurrency` loops, each sending one request after another until the deadline (or `stop()`). */
async function load(concurrency: number, durationMs: number, next: () => Promise<Result>, stop = () => false): Promise<Load> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline && !stop()) {
      const r = await next();
      times.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
  }));
  const elapsed = performance.now() - started;
  times.sort((a, b) => a - b);
  const q = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))] : NaN);
  return { requests: times.length, perSecond: (times.length / elapsed) * 1000, p50: q(0.5), p99: q(0.99), max: times.at(-1) ?? NaN, statuses };
}

// ---------------------------------------------------------------- the server as a process

interface Server { proc: ChildProcess; url: string; log: string[]; exited: Promise<number | null> }

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in ${START_TIMEOUT_MS} ms:\n${log.join('')}`)), START_TIMEOUT_MS);
    const listen = (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.join('').includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', listen);
    proc.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${log.join('')}`)));
  });
  return { proc, url: `http://127.0.0.1:${port}`, log, exited };
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const walMiB = (db: string) => (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size / 2 ** 20 : 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- data

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** The city's registry, with one BSSID per access point so WiGLE rows can match it, and seeded evidence. */
async function seed(db: string) {
  const store = openStore(db);
  const now = new Date();
  seedDatabase(store, readSeed(join(REPO, 'data')), now);
  const at = now.toISOString();
  const aps = store.accessPoints.list();
  aps.forEach((ap, i) => store.accessPoints.update(ap.id, { bssids: [`02:00:00:00:00:${hex2(i)}`] }, at));
  const obs = store.db.prepare(`INSERT INTO observations (observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm, no_free_network, device_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const t0 = Date.now() - 300 * 86_400_000;
  const count = publicCellsCounter(store.db); // as the server's inserters do: the public layer counts every stored row
  for (let done = 0; done < OBSERVATIONS; done += 10_000)
    store.transaction(() => {
      const rows: CountedRow[] = [];
      for (let i = done; i < Math.min(OBSERVATIONS, done + 10_000); i++) {
        const none = random() < 0.1;
        const row = { observedAt: new Date(t0 + random() * 290 * 86_400_000).toISOString(), lon: between(CITY[0], CITY[2]), lat: between(CITY[1], CITY[3]),
          accuracyM: Math.round(between(3, 40)), source: random() < 0.02 ? 'simulated' : 'survey', signalDbm: none ? null : Math.round(between(-95, -40)), noFreeNetwork: none, deviceKey: `soak-${Math.floor(random() * 2_000)}` }; // 2,000 phones
        obs.run(row.observedAt, at, row.lon, row.lat, row.accuracyM, row.source, row.signalDbm, none ? 1 : 0, row.deviceKey);
        rows.push(row);
      }
      count(rows);
    });
  const rep = store.db.prepare("INSERT INTO reports (kind, lon, lat, observed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
  store.transaction(() => {
    for (let i = 0; i < REPORTS; i++) {
      const when = new Date(t0 + random() * 290 * 86_400_000).toISOString();
      rep.run(['no_wifi', 'too_weak', 'cant_connect', 'works'][i % 4], between(CITY[0], CITY[2]), between(CITY[1], CITY[3]), when, when, when);
    }
  });
  await addUser(store, 'soak-planner', 'planner', PASSWORD, at);
  const sites = aps.map((ap, i) => ({ position: ap.position, ssid: ap.ssid, bssid: `02:00:00:00:00:${hex2(i)}` }));
  store.checkpoint();
  store.close();
  return sites;
}

/** A WiGLE 1.6 file: a third sightings of registered networks near their sites, the rest private networks. */
function wigleFile(sites: { position: readonly [number, number]; ssid: string | null; bssid: string }[], rows: number): string {
  const lines = [
    'WigleWifi-1.6,appRelease=2.84,model=Pixel 7,release=14,device=panther,display=soak,board=panther,brand=google,star=Sol,body=3,subBody=0',
    'MAC,SSID,AuthMode,FirstSeen,Channel,Frequency,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,RCOIs,MfgrId,Type',
  ];
  const start = Date.now() - 10 * 86_400_000;
  for (let i = 0; i < rows; i++) {
    const site = sites[Math.floor(random() * sites.length)];
    const d = 200 * random(), angle = 2 * Math.PI * random();
    const lat = (site.position[1] + (d * Math.sin(angle)) / 111_320).toFixed(7);
    const lon = (site.position[0] + (d * Math.cos(angle)) / (111_320 * Math.cos((site.position[1] * Math.PI) / 180))).toFixed(7);
    const time = new Date(start + i * 1000).toISOString().slice(0, 19).replace('T', ' ');
    const rssi = -45 - Math.floor(50 * random());
    const mac = random() < 0.33 ? site.bssid : Array.from({ length: 6 }, () => hex2(Math.floor(random() * 256))).join(':');
    lines.push(`${mac},${mac === site.bssid ? site.ssid ?? 'KitchenerWiFi' : `Home ${i}`},[ESS],${time},6,2437,${rssi},${lat},${lon},330,8.0,,,WIFI`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- phases

const normalRead = (url: string) => {
  let i = 0;
  const paths = ['/api/v1/access-points', `/api/v1/coverage/cells?bbox=${DOWNTOWN_VIEW}&zoom=13`, `/api/v1/reports?bbox=${DOWNTOWN_REPORTS}`];
  return () => send(url, paths[i++ % paths.length], { headers: { 'X-Forwarded-For': residentAddress() } });
};

const randomBbox = () => {
  const w = between(0.005, 0.03), h = between(0.004, 0.02);
  const lon = between(CITY[0], CITY[2] - w), lat = between(CITY[1], CITY[3] - h);
  return [lon, lat, lon + w, lat + h].map((v) => v.toFixed(5)).join(',');
};

const ATTACKS: { name: string; next: (url: string, who: string) => () => Promise<Result> }[] = [
  {
    name: 'OGC observations items (limit 10,000; every other one with a datetime, the raw-readings path)',
    next: (url, who) => {
      let i = 0;
      return () => send(url, `/ogc/collections/observations/items?limit=10000${i++ % 2 ? '&datetime=2000-01-01T00:00:00Z/..' : ''}`, { headers: { 'X-Forwarded-For': who } });
    },
  },
  {
    name: 'coverage/cells, random bboxes at street zoom (15–17)',
    next: (url, who) => () => send(url, `/api/v1/coverage/cells?bbox=${randomBbox()}&zoom=${15 + Math.floor(random() * 3)}`, { headers: { 'X-Forwarded-For': who } }),
  },
  {
    name: 'exports (observations.geojson, reports.csv, read to the end)',
    next: (url, who) => {
      let i = 0;
      return () => send(url, i++ % 2 ? '/api/v1/exports/reports.csv' : '/api/v1/exports/observations.geojson', { headers: { 'X-Forwarded-For': who } });
    },
  },
];

const statusText = (s: Record<number, number>) => Object.entries(s).map(([k, v]) => `${k}×${v}`).join(' ');
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-US');

async function signIn(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ username: 'soak-planner', password: PASSWORD });
    const req = httpRequest(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (res) => {
      res.resume();
      const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
      if (res.statusCode === 201 && cookie) resolve(cookie);
      else reject(new Error(`sign-in failed: ${res.statusCode}`));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a download and stops reading after its first chunk. */
function stall(url: string, path: string, cookie: string) {
  return new Promise<{ res: IncomingMessage; destroy(): void }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { headers: { Cookie: cookie } }, (res) => {
      res.once('data', () => {
        res.pause();
        resolve({ res, destroy: () => req.destroy() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Normal reads beside each abusive client in turn, with a probe of GET /health for the longest stall. */
async function attacks(url: string, baseline: Load, rows: string[][], label: string) {
  for (const [phase, attack] of ATTACKS.entries()) {
    let done = false;
    const abuse = load(ATTACK_CONCURRENCY, PHASE_MS, attack.next(url, abuser(phase + (label ? 10 : 0))), () => done);
    const probe = load(1, PHASE_MS, async () => {
      await sleep(50);
      return send(url, '/api/v1/health');
    }, () => done);
    const normal = await load(NORMAL_CONCURRENCY, PHASE_MS, normalRead(url));
    done = true;
    const [a, p] = await Promise.all([abuse, probe]);
    const share = normal.perSecond / baseline.perSecond;
    rows.push([`normal reads while one client hammers ${attack.name}${label}`, `normal: throughput vs alone; p99. Abuser: ${ATTACK_CONCURRENCY} in flight. Longest GET /health`,
      `${f0(normal.perSecond)} req/s = ${f0(share * 100)} %, p50 ${f1(normal.p50)} ms, p99 ${f1(normal.p99)} ms. Abuser: ${statusText(a.statuses)}. Health max ${f0(p.max)} ms`,
      `≥ 50 % and p99 < 250 ms: ${share >= 0.5 && normal.p99 < 250 ? 'met' : 'NOT met'}`]);
    console.log(rows.at(-1)!.join(' | '));
    await sleep(500);
  }
}

async function main() {
  const startedAt = Date.now();
  const loadAtStart = loadavg()[0]; // 1-minute load: other work on the machine skews every figure
  const dir = mkdtempSync(join(tmpdir(), 'wifi-reach-soak-'));
  const db = join(dir, 'soak.db');
  const rows: string[][] = []; // part, measure, result, target
  const env = {
    DATABASE_PATH: db, DATA_DIR: join(REPO, 'data'), CLIENT_DIR: join(dir, 'no-client'),
    TRUST_PROXY: 'true', // X-Forwarded-For names each simulated client: many residents, one abuser
  };
  let server: Server | undefined;
  try {
    console.log(`seeding ${f0(OBSERVATIONS)} observations and ${f0(REPORTS)} reports into ${db}`);
    const sites = await seed(db);
    let t = Date.now();
    server = await startServer(env);
    console.log(`server up in ${f0(Date.now() - t)} ms at ${server.url}`);
    const url = server.url;

    // 1. Normal map reads alone, then beside each abusive client.
    await load(NORMAL_CONCURRENCY, 1_000, normalRead(url)); // warm-up: caches, JIT
    const baseline = await load(NORMAL_CONCURRENCY, PHASE_MS, normalRead(url));
    rows.push(['normal map reads alone', `${NORMAL_CONCURRENCY} in flight, ${PHASE_MS / 1000} s`, `${f0(baseline.perSecond)} req/s, p50 ${f1(baseline.p50)} ms, p99 ${f1(baseline.p99)} ms (${statusText(baseline.statuses)})`, 'baseline']);
    console.log(rows.at(-1)!.join(' | '));
    await attacks(url, baseline, rows, '');
    const health = await new Promise<string>((resolve) => httpRequest(`${url}/api/v1/health`, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c));
      res.on('end', () => resolve(text));
    }).end());
    const lag = (JSON.parse(health) as { eventLoopLagMs: { p50: number; p99: number; max: number } }).eventLoopLagMs;
    rows.push(['event-loop lag over the load phases', 'GET /api/v1/health, last 1–2 minutes', `p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms`, 'informative']);

    // 2. Memory after long list parameters (the statement cache is another engineer's fix: measured only).
    const pid = server.proc.pid!;
    const before = rssMiB(pid);
    let n = 0;
    const list = await load(4, 120_000, () => {
      n += 1;
      return send(url, `/api/v1/reports?ids=${Array.from({ length: n }, () => '1').join(',')}`, { headers: { 'X-Forwarded-For': residentAddress() } });
    }, () => n >= LIST_REQUESTS);
    rows.push(['RSS after 3,000 anonymous /reports?ids=1,1,… (1 … 3,000 ids)', 'server RSS before → after', `${f0(before)} → ${f0(rssMiB(pid))} MiB (${statusText(list.statuses)})`, 'measured only']);
    console.log(rows.at(-1)!.join(' | '));

    // 3. The WAL while three downloads stall and observations keep arriving.
    const cookie = await signIn(url);
    const stalled = await Promise.all([0, 1, 2].map(() => stall(url, '/api/v1/exports/observations-raw.geojson', cookie)));
    let walMax = walMiB(db);
    const sampler = setInterval(() => (walMax = Math.max(walMax, walMiB(db))), 100);
    const batch = () => ({
      observations: Array.from({ length: 200 }, () => ({
        lon: between(-80.50, -80.46), lat: between(43.44, 43.46), observedAt: new Date().toISOString(), signalDbm: Math.round(between(-90, -45)), accuracyM: 10,
      })),
    });
    const writes = await load(2, PHASE_MS, () => send(url, '/api/v1/observations/batch', { method: 'POST', body: batch(), headers: { 'X-Forwarded-For': residentAddress() } }));
    clearInterval(sampler);
    for (const s of stalled) s.destroy();
    rows.push([`WAL while 3 staff exports of ${f0(OBSERVATIONS)} rows are stalled`, `${f0((writes.statuses[201] ?? 0) * 200)} observations written in ${PHASE_MS / 1000} s`, `largest WAL ${f1(walMax)} MiB (${statusText(writes.statuses)})`, 'a few MiB (limit 4 MiB + one checkpoint)']);
    console.log(rows.at(-1)!.join(' | '));

    // 4. The WiGLE command imports into the same file while residents file reports.
    const csv = join(dir, 'soak-wigle.csv');
    writeFileSync(csv, wigleFile(sites, WIGLE_ROWS));
    const logFrom = server.log.length;
    const importer = spawn(process.execPath, ['--import', 'tsx', 'scripts/import-wigle.ts', csv], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let importOut = '';
    importer.stdout.on('data', (c: Buffer) => (importOut += c));
    importer.stderr.on('data', (c: Buffer) => (importOut += c));
    let importDone = false;
    t = Date.now();
    const importExit = new Promise<number | null>((resolve) => importer.on('exit', (code) => {
      importDone = true;
      resolve(code);
    }));
    const killer = setTimeout(() => importer.kill('SIGKILL'), IMPORT_TIMEOUT_MS);
    const reportWrites = await load(4, IMPORT_TIMEOUT_MS, () => send(url, '/api/v1/reports', {
      method: 'POST', body: { kind: 'no_wifi', lon: between(-80.50, -80.46), lat: between(43.44, 43.46), clientId: randomUUID() }, headers: { 'X-Forwarded-For': residentAddress() },
    }), () => importDone);
    const code = await importExit;
    clearTimeout(killer);
    const importMs = Date.now() - t;
    const serverLog = server.log.slice(logFrom).join('');
    const busy = (serverLog.match(/SQLITE_BUSY|database is locked/g) ?? []).length + (importOut.match(/SQLITE_BUSY|database is locked/g) ?? []).length;
    const fiveXX = Object.entries(reportWrites.statuses).filter(([s]) => Number(s) >= 500 || Number(s) < 0).reduce((sum, [, v]) => sum + v, 0);
    rows.push([`npm run import:wigle (${f0(WIGLE_ROWS)} rows) during report writes`, `${f0(reportWrites.requests)} report writes in ${f1(importMs / 1000)} s; import exit ${code}`,
      `${fiveXX} 5xx, ${busy} SQLITE_BUSY; writes p99 ${f1(reportWrites.p99)} ms (${statusText(reportWrites.statuses)}); ${importOut.trim().split('\n')[0].replace(csv, 'the file')}`, '0 5xx, 0 SQLITE_BUSY']);
    console.log(rows.at(-1)!.join(' | '));

    // 5. Acknowledged writes after kill -9.
    const acknowledged: string[] = [];
    const sent: string[] = [];
    let killed = false;
    const writers = load(8, 60_000, () => {
      const clientId = randomUUID();
      sent.push(clientId);
      return send(url, '/api/v1/reports', {
        method: 'POST', body: { kind: 'too_weak', lon: between(-80.50, -80.46), lat: between(43.44, 43.46), clientId }, headers: { 'X-Forwarded-For': residentAddress() },
      }).then((r) => {
        if (r.status === 201 || r.status === 200) acknowledged.push(clientId);
        return r;
      });
    }, () => killed);
    await sleep(QUICK ? 1_500 : 3_000);
    server.proc.kill('SIGKILL');
    killed = true;
    await server.exited;
    await writers;
    server = await startServer(env); // a restart: the WAL is recovered
    const store = openStore(db);
    const has = store.db.prepare('SELECT 1 FROM reports WHERE client_id = ?');
    const lost = acknowledged.filter((id) => !has.get(id)).length;
    const extra = sent.filter((id) => !acknowledged.includes(id) && has.get(id)).length;
    store.close();
    rows.push(['report writes, kill -9 mid-stream, restart', `${f0(acknowledged.length)} acknowledged of ${f0(sent.length)} sent`, `${lost} acknowledged writes lost; ${extra} unacknowledged (in flight) kept`, '0 lost']);
    console.log(rows.at(-1)!.join(' | '));

    // 6. The same attacks with the read budget off: what the aggregates, tiles and step-by-step reads do alone.
    server.proc.kill('SIGTERM');
    await server.exited;
    server = await startServer({ ...env, READ_BUDGET_FEATURES_PER_MINUTE: '1000000000' });
    await load(NORMAL_CONCURRENCY, 1_000, normalRead(server.url));
    const again = await load(NORMAL_CONCURRENCY, PHASE_MS, normalRead(server.url));
    rows.push(['normal map reads alone (budget off)', `${NORMAL_CONCURRENCY} in flight, ${PHASE_MS / 1000} s`, `${f0(again.perSecond)} req/s, p50 ${f1(again.p50)} ms, p99 ${f1(again.p99)} ms`, 'baseline']);
    await attacks(server.url, again, rows, ' (budget off)');
  } finally {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }

  const cpu = cpus();
  const header = [
    '# Fault and abuse figures (`npm run soak`)',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? ' with --quick' : ''}: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores (shared with other work: load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end), ${f0(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}.`,
    `${f0(OBSERVATIONS)} observations and ${f0(REPORTS)} reports seeded straight into the SQLite file before start; the real server (\`node --import tsx server/main.ts\`) on 127.0.0.1 with default limits, TRUST_PROXY=true so X-Forwarded-For names each simulated client.`,
    `Normal users: ${NORMAL_CONCURRENCY} requests in flight, cycling access points, coverage cells at city zoom (zoom 13, ${DOWNTOWN_VIEW}) and reports downtown, each from a random resident address; the abuser: one address, ${ATTACK_CONCURRENCY} in flight. Phases of ${PHASE_MS / 1000} s; whole run ${f0((Date.now() - startedAt) / 1000)} s.`,
    '',
    '| part | measure | result | target |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
    '',
  ].join('\n');
  writeFileSync(join(REPO, 'scripts/soak-results.md'), header);
  console.log(`\n${header}\nwritten to scripts/soak-results.md`);
}

await main();
process.exit(0);
