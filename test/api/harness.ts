// Starts the real server on an ephemeral port with a real SQLite file in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, expect } from 'vitest';
import { readConfig, type Config } from '../../server/config';
import { composeServer } from '../../server/compose';
import { addUser } from '../../server/services/auth';
import type { Store } from '../../server/store';
import type { Coverage } from '../../server/services/coverage';
import { contractProblems, recording, type Document, type Recorded } from './contract';

export const REPO = new URL('../..', import.meta.url).pathname;

export interface Running {
  url: string;
  store: Store;
  coverage: Coverage; // the live model, for what main.ts's timer does (catchUp, keepTime)
  dir: string;
  config: Config;
  stop(): Promise<void>;
}

// Every answer of every server this file starts, checked against the OpenAPI document after the file's tests.
const recorded: Recorded[] = [];
let served: Document | null = null;
afterAll(() => {
  if (served && recorded.length > 0) expect(contractProblems(served, recorded.splice(0))).toEqual([]);
});

/** Starts a server; pass `dir` to reopen the same database file (a restart), `now` to set its clock. */
export async function startServer(env: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), 'wifi-reach-api-')), now?: () => Date): Promise<Running> {
  const config = readConfig({ DATABASE_PATH: join(dir, 'test.db'), DATA_DIR: join(REPO, 'data'), CLIENT_DIR: join(dir, 'no-client'), ...env });
  // Start-up chatter is quiet; an unhandled error (a 500) is printed, so a failing test shows why.
  const { app, store, coverage } = composeServer(config, (message) => message.startsWith('unhandled') && console.error(message), now);
  const server: Server = await new Promise((resolve) => {
    const s = createServer(recording(app, (r) => recorded.push(r))).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  served ??= (await (await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`)).json()) as Document;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    coverage,
    dir,
    config,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      store.close();
    },
  };
}

export function removeDir(dir: string) {
  // A stopped server's writer thread closes its connection a moment later (its -wal/-shm files come and go):
  // retry, as rm -rf would have to, rather than fail a test on ENOTEMPTY (seen once in CI's mutation dry run).
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}

export const PASSWORD = 'correct horse battery staple';

/** Adds a staff account through the same use case the CLI calls. */
export async function addStaff(running: Running, username: string, role: 'planner' | 'admin' | 'volunteer') {
  await addUser(running.store, username, role, PASSWORD, new Date().toISOString());
}

/** Signs in and returns what a browser would hold: the cookie and the CSRF token. */
export async function signIn(url: string, username: string, password = PASSWORD) {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken, setCookie: res.headers.get('set-cookie')! };
}

// Central Library, 85 Queen St N: well inside Kitchener.
export const DOWNTOWN = { lon: -80.4862, lat: 43.4527 };
// Toronto City Hall: far outside the service area.
export const TORONTO = { lon: -79.3839, lat: 43.6534 };

export const count = (store: Store, table: 'reports' | 'observations' | 'access_points' | 'audit_log') =>
  (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/**
 * A device credential as a phone gets one (POST /api/v1/devices). `from` sets X-Forwarded-For, which a
 * server started with TRUST_PROXY=true takes as the client's address: a different phone on another network.
 */
export async function mintDevice(url: string, from?: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/devices`, { method: 'POST', headers: from ? { 'X-Forwarded-For': from } : {} });
  if (res.status !== 201) throw new Error(`device credential refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { deviceToken: string }).deviceToken;
}

/**
 * `n` credentials one client mints at once: one cohort (one phone to the model). Cohorts are by minute, so a burst
 * that straddles a minute's turn would be two: it is minted again (the cohort id is a token's third part).
 */
export async function mintCohort(url: string, n: number, from?: string): Promise<string[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const tokens = await Promise.all(Array.from({ length: n }, () => mintDevice(url, from)));
    if (new Set(tokens.map((t) => t.split('.')[2])).size === 1) return tokens;
  }
  throw new Error(`${n} credentials minted at once by one client were never one cohort, three times over`); // a minute turns once, not thrice
}

let phones = 0;
/**
 * A device credential minted from a loopback address of its own (127.0.0.2, .3, …): another household, so
 * its cohort is its own and the server counts it as an independent phone, with no proxy configured.
 */
export function mintPhone(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const localAddress = `127.0.${Math.floor(++phones / 250)}.${2 + (phones % 250)}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: '/api/v1/devices', method: 'POST', localAddress }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode === 201 ? resolve((JSON.parse(text) as { deviceToken: string }).deviceToken) : reject(new Error(`device credential refused: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Waits until the coverage model holds every acknowledged reading (it takes them in within about a second,
 * off the request path): GET /health says how many are pending. Gives up after `maxMs`.
 */
export async function modelCaughtUp(url: string, maxMs = 10_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < maxMs; await new Promise((r) => setTimeout(r, 50))) {
    const { coverage } = (await (await fetch(`${url}/api/v1/health`)).json()) as { coverage: { pending: number } };
    if (coverage.pending === 0) return;
  }
  throw new Error(`the coverage model still had readings pending after ${maxMs} ms`);
}

/**
 * Waits until the model has every acknowledged reading and has settled on them (no refresh due, fits caught up,
 * the evidence read again against them): two answers read one after the other then come from the same map.
 */
export async function modelSettled(url: string, maxMs = 15_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < maxMs; await new Promise((r) => setTimeout(r, 50))) {
    const { ingest } = (await (await fetch(`${url}/api/v1/coverage/stats`)).json()) as { ingest: { settling: boolean } };
    if (!ingest.settling) return;
  }
  throw new Error(`the coverage model was still settling after ${maxMs} ms`);
}

/**
 * Cells where the maintained public_cells table (kept by the inserters, migration 022) differs from the same
 * statistics aggregated afresh from the stored readings: [] when the public layer counts exactly what is stored.
 */
export function publicCellsDrift(store: Store): unknown[] {
  const fresh = store.db.prepare(`
    SELECT public_cell_row(lat) AS r, public_cell_col(lon, lat) AS c, count(*) AS observations, count(signal_dbm) AS readings,
      round(coalesce(sum(signal_dbm), 0), 6) AS sum_dbm, sum(no_free_network) AS no_free_network, min(observed_at) AS first_at, max(observed_at) AS newest_at
    FROM observations WHERE source <> 'simulated' GROUP BY r, c ORDER BY r, c`).all();
  const kept = store.db.prepare(`
    SELECT cell_row AS r, cell_col AS c, observations, readings, round(sum_dbm, 6) AS sum_dbm, no_free_network, first_at, newest_at
    FROM public_cells ORDER BY r, c`).all();
  // Migration 023: readings per device per cell, which decide whether a cell is public.
  const freshDevices = store.db.prepare(`
    SELECT public_cell_row(lat) AS r, public_cell_col(lon, lat) AS c, coalesce(cohort_key, device_key, '') AS device, count(*) AS observations
    FROM observations WHERE source <> 'simulated' GROUP BY r, c, device ORDER BY r, c, device`).all();
  const keptDevices = store.db.prepare('SELECT cell_row AS r, cell_col AS c, device, observations FROM public_cell_devices ORDER BY r, c, device').all();
  const key = (row: unknown) => JSON.stringify(row);
  const drift = (fresh: unknown[], kept: unknown[]) => {
    const keptKeys = new Set(kept.map(key)), freshKeys = new Set(fresh.map(key));
    return [...fresh.filter((row) => !keptKeys.has(key(row))).map((row) => ({ missing: row })), ...kept.filter((row) => !freshKeys.has(key(row))).map((row) => ({ extra: row }))];
  };
  const freshShown = store.db.prepare(`
    SELECT r, c FROM (SELECT public_cell_row(lat) AS r, public_cell_col(lon, lat) AS c, coalesce(cohort_key, device_key, '') AS device FROM observations WHERE source <> 'simulated')
    GROUP BY r, c HAVING count(DISTINCT device) > 1 ORDER BY r, c`).all();
  const keptShown = store.db.prepare('SELECT cell_row AS r, cell_col AS c FROM public_cells_shown ORDER BY r, c').all();
  return [...drift(fresh, kept), ...drift(freshDevices, keptDevices), ...drift(freshShown, keptShown)];
}
