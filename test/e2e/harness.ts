// Browser-test plumbing: build the client once, run the real server on port 0, launch Debian's Chromium.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { build } from 'vite';
import type L from 'leaflet';
import type { Map as MapLibreMap } from 'maplibre-gl';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = path.join(repoRoot, 'test-results'); // gitignored

const chromiumPath = '/usr/bin/chromium';
const serverStartTimeoutMs = 30_000; // tsx compiles the server on first start; a loaded CI box is slow
const serverStopTimeoutMs = 6_000; // the server's own shutdown waits up to 5 s for idle clients

// Headless, offline-friendly, software WebGL (SwiftShader) so MapLibre runs without a GPU.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export async function makeWorkDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'wifi-reach-e2e-'));
}

export async function removeWorkDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * The client built once for every browser-test file (each used to build its own: 20–40 s apiece), kept
 * in the temp directory by a hash of everything the build reads, so a changed source rebuilds it.
 * Test files run one at a time (vitest.config.ts), so two builds never race; the rename is for a killed run.
 */
export async function builtClient(): Promise<string> {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(path.join(repoRoot, 'client')), path.join(repoRoot, 'vite.config.ts'), path.join(repoRoot, 'package-lock.json')];
  for (const file of inputs) hash.update(path.relative(repoRoot, file)).update('\0').update(readFileSync(file));
  const dir = path.join(tmpdir(), 'wifi-reach-e2e-client', hash.digest('hex').slice(0, 16));
  if (existsSync(path.join(dir, 'index.html'))) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  await buildClient(partial);
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Builds the client with the project's own Vite config into `outDir`. */
async function buildClient(outDir: string): Promise<void> {
  await build({
    configFile: path.join(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

export interface RunningServer {
  url: string; // e.g. http://127.0.0.1:41234
  stop(): Promise<void>;
  output(): string; // everything the server printed, for failure messages
}

/** Starts `node --import tsx server/main.ts` (one pid, no npx wrapper) and waits for its "listening on" line. */
export async function startServer(options: {
  databasePath: string;
  clientDir: string;
  env?: Record<string, string>; // extra settings, e.g. BASEMAP_TILES
}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: options.databasePath,
      CLIENT_DIR: options.clientDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process dies before afterAll, do not leave an orphaned server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not print "listening on" within ${serverStartTimeoutMs} ms:\n${output}`));
    }, serverStartTimeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening:\n${output}`));
    });
  });

  return { url, stop: () => stopProcess(child), output: () => output };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), serverStopTimeoutMs);
  await exited;
  clearTimeout(timer);
}

/** A loopback port nothing listens on: a basemap URL there fails at once, without touching the network. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Chromium with SwiftShader WebGL, or with `webgl: false` a browser where WebGL does not exist (Leaflet fallback). */
export function launchBrowser({ webgl = true }: { webgl?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: webgl ? chromiumArgs : [...chromiumArgs, '--disable-3d-apis'],
  });
}

/** Collects console errors and uncaught exceptions, so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/** Loads the app and waits until the map has loaded and every layer has its data. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, name);
  await page.screenshot({ path: file });
  return file;
}

/** The page pixel of a position on the map, in either renderer. */
export async function pixelOf(page: Page, lon: number, lat: number): Promise<{ x: number; y: number }> {
  // A panel opening or closing resizes the map's container, and the map takes the new size on a later frame: until
  // then its transform is the old one, and a pixel worked out from it lands elsewhere (two failures under load).
  await page.waitForFunction(() => {
    const app = window.wifiReach!;
    if (app.renderer === 'maplibre') {
      const map = app.map as MapLibreMap, canvas = map.getCanvas(), container = map.getContainer();
      return canvas.clientWidth === container.clientWidth && canvas.clientHeight === container.clientHeight;
    }
    const map = app.map as L.Map, size = map.getSize(), container = map.getContainer();
    return size.x === container.clientWidth && size.y === container.clientHeight;
  });
  return page.evaluate(
    ([lon, lat]) => {
      const app = window.wifiReach!;
      if (app.renderer === 'maplibre') {
        const map = app.map as MapLibreMap;
        const point = map.project([lon, lat]);
        const rect = map.getCanvas().getBoundingClientRect();
        return { x: rect.left + point.x, y: rect.top + point.y };
      }
      const map = app.map as L.Map;
      const point = map.latLngToContainerPoint([lat, lon]);
      const rect = map.getContainer().getBoundingClientRect();
      return { x: rect.left + point.x, y: rect.top + point.y };
    },
    [lon, lat] as [number, number],
  );
}

/**
 * Centres the map on a position at a zoom and waits until it has been drawn. `leafletZoomOffset` is added
 * to the zoom in Leaflet (the resident tests give MapLibre zooms; Leaflet's tiles are one level finer).
 */
export async function zoomTo(page: Page, lon: number, lat: number, zoom: number, leafletZoomOffset = 0): Promise<void> {
  await page.evaluate(
    async ([lon, lat, zoom, offset]) => {
      const app = window.wifiReach!;
      if (app.renderer === 'maplibre') {
        const map = app.map as MapLibreMap;
        map.jumpTo({ center: [lon, lat], zoom });
        await new Promise((resolve) => map.once('idle', resolve));
      } else {
        (app.map as L.Map).setView([lat, lon], zoom + offset, { animate: false });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      }
    },
    [lon, lat, zoom, leafletZoomOffset] as [number, number, number, number],
  );
}

/** A staff account made the way an operator makes one: the command-line script, on the server's database file. */
export async function addStaffByCommand(databasePath: string, username: string, role: 'planner' | 'admin' | 'volunteer', password: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'add', username, role], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_PATH: databasePath, WIFI_REACH_PASSWORD: password },
  });
}

/** Signs in through the app's own dialog and waits for the planner tools. */
export async function signInOnPage(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Staff sign-in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Staff sign-in' });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tablist', { name: 'Planner tools' }).waitFor();
}

/** A work folder, the shared client, a server on a fresh database, and a planner account made by command. */
export async function startPlannerSite(name: string, username: string, password: string): Promise<{ workDir: string; databasePath: string; server: RunningServer }> {
  const workDir = await makeWorkDir();
  const databasePath = path.join(workDir, `${name}.db`);
  const server = await startServer({ databasePath, clientDir: await builtClient() });
  await addStaffByCommand(databasePath, username, 'planner', password);
  return { workDir, databasePath, server };
}
