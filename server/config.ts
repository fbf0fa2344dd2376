// All configuration, read from the environment once, with each default and its meaning on one line.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIGN_IN_LIMITS } from './domain/throttle';
import { BATCH_MAX, INGEST_QUEUE_MAX } from './domain/limits';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type Basemap = { type: 'raster'; tiles: string[]; attribution?: string } | { type: 'style'; url: string; attribution?: string };

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  dataDir: string;
  clientDir: string;
  basemap: Basemap | null;
  trustProxy: number; // proxies in front of the server (0: none); the client is the address the outermost one saw
  publicBaseUrl: string | null;
  bodyLimitBytes: number;
  connectionsPerClient: number;
  writesPerMinute: number;
  downloadsPerMinute: number;
  reads: { budgetPerMinute: number; maxConcurrent: number; waitMs: number; exportStallMs: number };
  signInsPerMinute: number;
  devicesPerHour: number;
  readingsPerHour: number;
  coverage: { cellSizeM: number; gapTileM: number };
  ingestQueueMax: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000); // PORT: HTTP port; 0 picks a free one (tests)
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT "${env.PORT}" is not a port number`);
  const bodyLimitBytes = Number(env.BODY_LIMIT_BYTES ?? 512 * 1024); // BODY_LIMIT_BYTES: largest JSON body; 1,000 observations fit in ~300 KB
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024) problems.push(`BODY_LIMIT_BYTES "${env.BODY_LIMIT_BYTES}" must be an integer ≥ 1024`);
  const writesPerMinute = Number(env.RATE_LIMIT_WRITES_PER_MINUTE ?? 60); // RATE_LIMIT_WRITES_PER_MINUTE: anonymous writes per client per minute (and burst)
  if (!(writesPerMinute > 0)) problems.push(`RATE_LIMIT_WRITES_PER_MINUTE "${env.RATE_LIMIT_WRITES_PER_MINUTE}" must be a positive number`);
  const downloadsPerMinute = Number(env.RATE_LIMIT_DOWNLOADS_PER_MINUTE ?? 20); // RATE_LIMIT_DOWNLOADS_PER_MINUTE: anonymous layer exports per client per minute (each streams a whole layer)
  if (!(downloadsPerMinute > 0)) problems.push(`RATE_LIMIT_DOWNLOADS_PER_MINUTE "${env.RATE_LIMIT_DOWNLOADS_PER_MINUTE}" must be a positive number`);
  const reads = readReads(env, problems);
  const signInsPerMinute = Number(env.RATE_LIMIT_SIGN_INS_PER_MINUTE ?? SIGN_IN_LIMITS.attemptsPerMinute); // RATE_LIMIT_SIGN_INS_PER_MINUTE: sign-in attempts per client per minute (and burst); each costs a 32 MiB scrypt hash
  if (!(signInsPerMinute > 0)) problems.push(`RATE_LIMIT_SIGN_INS_PER_MINUTE "${env.RATE_LIMIT_SIGN_INS_PER_MINUTE}" must be a positive number`);
  const devicesPerHour = Number(env.RATE_LIMIT_DEVICES_PER_HOUR ?? 10); // RATE_LIMIT_DEVICES_PER_HOUR: device credentials per client per hour (and burst); a household needs a few
  if (!(devicesPerHour >= 1)) problems.push(`RATE_LIMIT_DEVICES_PER_HOUR "${env.RATE_LIMIT_DEVICES_PER_HOUR}" must be a number ≥ 1`);
  const readingsPerHour = Number(env.RATE_LIMIT_READINGS_PER_HOUR ?? 6_000); // RATE_LIMIT_READINGS_PER_HOUR: readings anonymous writes may carry per client per hour (and at once): a survey phone's scan of ten networks every ten seconds is 3,600
  if (!(readingsPerHour >= BATCH_MAX)) problems.push(`RATE_LIMIT_READINGS_PER_HOUR "${env.RATE_LIMIT_READINGS_PER_HOUR}" must be a number ≥ ${BATCH_MAX} (one full batch)`);
  const cellSizeM = Number(env.COVERAGE_CELL_SIZE_M ?? 25); // COVERAGE_CELL_SIZE_M: the coverage grid's cell, m (25 m: within 0.04 % of exact disc areas; test/unit/coverage/oracle.test.ts holds gap areas to Turf's within 0.5 %)
  if (!(cellSizeM >= 5 && cellSizeM <= 200)) problems.push(`COVERAGE_CELL_SIZE_M "${env.COVERAGE_CELL_SIZE_M}" must be 5–200 (metres)`);
  const gapTileM = Number(env.COVERAGE_GAP_TILE_M ?? 1000); // COVERAGE_GAP_TILE_M: gaps are split at ward lines and on squares this size, m; 0 = at ward lines only
  if (!(gapTileM === 0 || (gapTileM >= cellSizeM && gapTileM <= 20_000))) problems.push(`COVERAGE_GAP_TILE_M "${env.COVERAGE_GAP_TILE_M}" must be 0, or from the cell size to 20000 (metres)`);
  const ingestQueueMax = Number(env.INGEST_QUEUE_MAX ?? INGEST_QUEUE_MAX); // INGEST_QUEUE_MAX: readings accepted but not yet in the coverage model; past it, 503 + Retry-After
  if (!(Number.isInteger(ingestQueueMax) && ingestQueueMax >= 1)) problems.push(`INGEST_QUEUE_MAX "${env.INGEST_QUEUE_MAX}" must be a whole number ≥ 1`);
  const connectionsPerClient = Number(env.CONNECTIONS_PER_CLIENT ?? 500); // CONNECTIONS_PER_CLIENT: open sockets one address may hold (off behind a proxy); a NAT of 80 phones with 6 each fits
  if (!(Number.isInteger(connectionsPerClient) && connectionsPerClient >= 1)) problems.push(`CONNECTIONS_PER_CLIENT "${env.CONNECTIONS_PER_CLIENT}" must be a whole number ≥ 1`);
  const basemap = readBasemap(env, problems);
  const publicBaseUrl = readPublicBaseUrl(env.PUBLIC_BASE_URL, problems);
  const trustProxy = readProxyHops(env.TRUST_PROXY, problems);
  if (problems.length) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0', // HOST: interface to listen on; 127.0.0.1 keeps it private
    databasePath: env.DATABASE_PATH ?? `${ROOT}var/wifi-reach.db`, // DATABASE_PATH: the one SQLite file
    dataDir: env.DATA_DIR ?? `${ROOT}data`, // DATA_DIR: the seed files loaded on first start
    clientDir: resolve(env.CLIENT_DIR ?? `${ROOT}dist/client`), // CLIENT_DIR: the built web client (vite build); relative to the working directory
    basemap,
    trustProxy, // TRUST_PROXY: behind a TLS proxy (true: one; or how many), so cookies get Secure from X-Forwarded-Proto
    publicBaseUrl, // PUBLIC_BASE_URL: the address the public reaches the server at (https://wifi.example.org); absolute links use it, never the Host header
    bodyLimitBytes,
    writesPerMinute,
    downloadsPerMinute,
    reads,
    signInsPerMinute,
    devicesPerHour,
    readingsPerHour,
    coverage: { cellSizeM, gapTileM },
    ingestQueueMax,
    connectionsPerClient,
  };
}

/** The guards on anonymous reads (http/read-guard.ts) and on downloads that stop reading. */
function readReads(env: NodeJS.ProcessEnv, problems: string[]): Config['reads'] {
  const budgetPerMinute = Number(env.READ_BUDGET_FEATURES_PER_MINUTE ?? 100_000); // READ_BUDGET_FEATURES_PER_MINUTE: features an anonymous client may read a minute (an OGC page ≤ 1,000; a time-filtered page the readings it scans; coverage cells a tenth each once cached)
  if (!(budgetPerMinute > 0)) problems.push(`READ_BUDGET_FEATURES_PER_MINUTE "${env.READ_BUDGET_FEATURES_PER_MINUTE}" must be a positive number`);
  const maxConcurrent = Number(env.EXPENSIVE_READS_MAX ?? 2); // EXPENSIVE_READS_MAX: anonymous OGC pages running at once, server-wide (2 of 2 cores' worth), and as many exports in slots of their own
  if (!(Number.isInteger(maxConcurrent) && maxConcurrent >= 1)) problems.push(`EXPENSIVE_READS_MAX "${env.EXPENSIVE_READS_MAX}" must be a whole number ≥ 1`);
  const waitMs = Number(env.EXPENSIVE_READS_WAIT_MS ?? 2_000); // EXPENSIVE_READS_WAIT_MS: how long such a read waits for a slot before a 503, ms
  if (!(Number.isInteger(waitMs) && waitMs >= 0)) problems.push(`EXPENSIVE_READS_WAIT_MS "${env.EXPENSIVE_READS_WAIT_MS}" must be a whole number of ms ≥ 0`);
  const exportStallMs = Number(env.EXPORT_STALL_TIMEOUT_MS ?? 30_000); // EXPORT_STALL_TIMEOUT_MS: a download whose client reads nothing for this long is closed, ms
  if (!(Number.isInteger(exportStallMs) && exportStallMs >= 100)) problems.push(`EXPORT_STALL_TIMEOUT_MS "${env.EXPORT_STALL_TIMEOUT_MS}" must be a whole number of ms ≥ 100`);
  return { budgetPerMinute, maxConcurrent, waitMs, exportStallMs };
}

/** An http(s) URL with no query or fragment; a trailing slash is dropped so paths append cleanly. Unset: null. */
function readPublicBaseUrl(value: string | undefined, problems: string[]): string | null {
  if (value === undefined || value === '') return null;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    problems.push(`PUBLIC_BASE_URL "${value}" must be an http(s) URL without query, fragment or credentials, e.g. https://wifi.example.org`);
    return null;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** BASEMAP_TILES (raster XYZ template) or BASEMAP_STYLE (style URL); none → plain background. */
function readBasemap(env: NodeJS.ProcessEnv, problems: string[]): Basemap | null {
  const attribution = env.BASEMAP_ATTRIBUTION; // BASEMAP_ATTRIBUTION: credit shown on the map
  if (env.BASEMAP_TILES && env.BASEMAP_STYLE) problems.push('set BASEMAP_TILES or BASEMAP_STYLE, not both');
  for (const [key, value] of [['BASEMAP_TILES', env.BASEMAP_TILES], ['BASEMAP_STYLE', env.BASEMAP_STYLE]] as const)
    if (value && !/^https?:\/\//.test(value)) problems.push(`${key} "${value}" must be an http(s) URL`);
  if (env.BASEMAP_TILES && !['{z}', '{x}', '{y}'].every((p) => env.BASEMAP_TILES!.includes(p)))
    problems.push(`BASEMAP_TILES "${env.BASEMAP_TILES}" must contain {z}, {x} and {y}`);
  if (env.BASEMAP_TILES) return { type: 'raster', tiles: [env.BASEMAP_TILES], attribution };
  if (env.BASEMAP_STYLE) return { type: 'style', url: env.BASEMAP_STYLE, attribution };
  return null;
}

/** Origins the browser may load basemap tiles and styles from (for the Content Security Policy). */
export function basemapOrigins(basemap: Basemap | null): string[] {
  const urls = !basemap ? [] : basemap.type === 'raster' ? basemap.tiles : [basemap.url];
  return [...new Set(urls.map((u) => new URL(u.replace(/[{}]/g, '')).origin))];
}

/**
 * TRUST_PROXY: how many proxies stand in front of the server ("true": one; unset or "false": none). The client is
 * the address X-Forwarded-For gained at the outermost of them, counted from the right: each proxy appends the
 * address it saw, while anything to the left is what the client itself sent. Until 2026-12-06 "true" trusted the
 * whole header, so one client naming a new leftmost address per request passed every per-client limit.
 */
function readProxyHops(value: string | undefined, problems: string[]): number {
  if (value === undefined || value === '' || value === 'false') return 0;
  if (value === 'true') return 1;
  const hops = Number(value);
  if (/^\d+$/.test(value) && hops >= 1 && hops <= 10) return hops;
  problems.push(`TRUST_PROXY "${value}" must be true, false or the number of proxies in front of the server (1–10)`);
  return 0;
}
