// Helpers for the resident browser tests: a phone, the map's layers whichever renderer drew them, staff
// actions through the real API, and read-only looks into the test's SQLite file.
import { spawn } from 'node:child_process';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type L from 'leaflet';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { builtClient, makeWorkDir, pixelOf as pixelAt, repoRoot, startServer, zoomTo as zoomToAt, type RunningServer } from './harness';

export const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

// Kitchener City Hall's access point (seed data): a dense spot with good, fair and poor cells around it.
export const cityHall = { lon: -80.4925, lat: 43.4516 };

export interface TestSite {
  workDir: string;
  databasePath: string;
  clientDir: string;
  server: RunningServer;
}

/** The shared client build, one server per test file; writes are not rate-limited, so tests need not pace themselves. */
export async function startSite(): Promise<TestSite> {
  const workDir = await makeWorkDir();
  const clientDir = await builtClient();
  const databasePath = path.join(workDir, 'test.db');
  const server = await startServer({ databasePath, clientDir, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  return { workDir, databasePath, clientDir, server };
}

export function phoneContext(browser: Browser, at: { lon: number; lat: number; accuracy?: number } = cityHall, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({
    ...phone,
    permissions: ['geolocation'],
    geolocation: { longitude: at.lon, latitude: at.lat, accuracy: at.accuracy ?? 12 },
    ...options,
  });
}

/** Waits for the map, its data layers and the first coverage view. */
export async function openResidentApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
  await page.evaluate(() => window.wifiReach!.coverageReady);
}

// ---- the map, whichever renderer drew it ----

type Layer = 'coverage' | 'gaps' | 'places' | 'transitStops' | 'reports' | 'accessPoints' | 'boundary';

/** Properties of the features a layer holds: MapLibre's source (or, with `rendered`, what is on screen), or Leaflet's group on the map. */
export function layerProps(page: Page, layer: Layer, { rendered = false } = {}): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    async ([name, onScreen]) => {
      const app = window.wifiReach!;
      if (app.renderer === 'maplibre') {
        const map = app.map as MapLibreMap;
        if (onScreen) {
          const ids = { coverage: ['coverage-fill'], gaps: ['gaps-line', 'gaps-line-dashed'], places: ['places'], transitStops: ['transit-stops'], reports: ['reports'], accessPoints: ['access-points'], boundary: ['boundary-fill'] }[name];
          return map.queryRenderedFeatures({ layers: ids }).map((f) => f.properties);
        }
        if (name === 'coverage') return ((map.getSource('coverage') as unknown as { wifiReachCells?: GeoJSON.FeatureCollection }).wifiReachCells?.features ?? []).map((f) => f.properties ?? {}); // an image: the cells behind it
        const sourceId = { coverage: 'coverage', gaps: 'gaps', places: 'places', transitStops: 'places', reports: 'reports', accessPoints: 'access-points', boundary: 'boundary' }[name];
        const data = await (map.getSource(sourceId) as unknown as { getData(): Promise<GeoJSON.FeatureCollection> }).getData();
        return data.features.map((f) => f.properties ?? {}).filter((p) => name !== 'transitStops' || p.kind === 'transit_stop');
      }
      const props: Record<string, unknown>[] = [];
      (app.map as L.Map).eachLayer((group) => {
        if ((group as unknown as { wifiReachLayer?: string }).wifiReachLayer !== name) return;
        const cells = (group as unknown as { wifiReachCells?: GeoJSON.FeatureCollection }).wifiReachCells; // the coverage surface: the cells behind it
        if (cells) return void props.push(...cells.features.map((f) => f.properties ?? {}));
        (group as L.GeoJSON).eachLayer((f) => props.push((f as L.Path & { feature: GeoJSON.Feature }).feature.properties ?? {}));
      });
      return props;
    },
    [layer, rendered] as [Layer, boolean],
  );
}

/** Whether a toggleable layer is shown: MapLibre's layout visibility, or Leaflet's group being on the map. */
export function layerShown(page: Page, layer: 'coverage' | 'gaps' | 'places' | 'transitStops' | 'reports'): Promise<boolean> {
  return page.evaluate((name) => {
    const app = window.wifiReach!;
    if (app.renderer === 'maplibre') {
      const id = { coverage: 'coverage-fill', gaps: 'gaps-line-dashed', places: 'places', transitStops: 'transit-stops', reports: 'reports' }[name];
      return (app.map as MapLibreMap).getLayoutProperty(id, 'visibility') !== 'none';
    }
    let found = false;
    (app.map as L.Map).eachLayer((group) => {
      if ((group as unknown as { wifiReachLayer?: string }).wifiReachLayer === name) found = true;
    });
    return found;
  }, layer);
}

/** Centres the map at a MapLibre zoom (Leaflet's is one more) and waits until it has been drawn. */
export function zoomTo(page: Page, { lon, lat }: { lon: number; lat: number }, zoom: number): Promise<void> {
  return zoomToAt(page, lon, lat, zoom, 1);
}

export function mapState(page: Page): Promise<{ zoom: number; center: [number, number]; bounds: [number, number, number, number] }> {
  return page.evaluate(() => {
    const app = window.wifiReach!;
    if (app.renderer === 'maplibre') {
      const map = app.map as MapLibreMap;
      const b = map.getBounds();
      const c = map.getCenter();
      return { zoom: map.getZoom(), center: [c.lng, c.lat] as [number, number], bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [number, number, number, number] };
    }
    const map = app.map as L.Map;
    const b = map.getBounds();
    const c = map.getCenter();
    return { zoom: map.getZoom() - 1, center: [c.lng, c.lat] as [number, number], bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [number, number, number, number] };
  });
}

/** The page pixel of a position on the map. */
export function pixelOf(page: Page, { lon, lat }: { lon: number; lat: number }): Promise<{ x: number; y: number }> {
  return pixelAt(page, lon, lat);
}

// ---- staff, through the real API ----

export async function addPlanner(databasePath: string, username: string, password: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'add', username, 'planner'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_PATH: databasePath, WIFI_REACH_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`scripts/user.ts add ${username} exited with ${code}:\n${output}`);
}

export interface Staff {
  send(method: 'GET' | 'PATCH' | 'POST', pathname: string, body?: unknown): Promise<Response>;
}

/** Signs in with POST /api/v1/session; later writes carry the session cookie and the x-csrf-token header. */
export async function signIn(url: string, username: string, password: string): Promise<Staff> {
  const response = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 201) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return {
    send: (method, pathname, body) =>
      fetch(`${url}${pathname}`, { method, headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) }),
  };
}

// ---- the server's database, read-only ----

export function queryDb<T>(databasePath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

// ---- the outbox, as the page stores it ----

export interface StoredItem {
  clientId: string;
  state: string;
  label: string;
  attempts: number;
  action: { type: string; body: Record<string, unknown> };
}

export function outboxItems(page: Page): Promise<StoredItem[]> {
  return page.evaluate(
    () =>
      new Promise<StoredItem[]>((resolve, reject) => {
        const open = indexedDB.open('wifi-reach');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('outbox').objectStore('outbox').getAll();
          request.onsuccess = () => resolve(request.result as StoredItem[]);
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

// ---- accessibility ----

/** Serious and critical axe violations, each as "rule: targets". */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
