// Time to first hotspots drawn, for the app and for a minimal MapLibre page with the same data served side by
// side (the yardstick), in Debian's Chromium: a phone profile (Slow 4G as Lighthouse throttles it, 4× CPU,
// 390×844) and a desktop on loopback. Medians of alternating runs. `npm run measure:load [-- --runs 5]`.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { builtClient, launchBrowser, makeWorkDir, removeWorkDir, repoRoot, startServer } from '../test/e2e/harness';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
// Lighthouse's "Slow 4G" (simulated mobile): 150 ms RTT, 1.6 Mbps down, 750 kbps up, each × 0.9 as DevTools applies it.
const slow4g = { offline: false, latency: 150, downloadThroughput: (1.6e6 * 0.9) / 8, uploadThroughput: (750e3 * 0.9) / 8 };
const profiles = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, network: slow4g, cpu: 4 },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false, network: null, cpu: 1 },
} as const;

// The yardstick: MapLibre, a blank style, the same access points as circles; nothing else.
const minimalPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>minimal</title><link rel="stylesheet" href="/dist/maplibre-gl.css"><style>html,body,#map{margin:0;height:100%}</style></head>
<body><div id="map"></div><script type="module">
import * as maplibregl from '/dist/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/dist/maplibre-gl-worker.mjs');
const data = fetch('/api/v1/access-points').then((r) => r.json());
const map = new maplibregl.Map({ container: 'map', style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eee' } }] }, bounds: [-80.574, 43.353, -80.378, 43.507] });
map.on('load', async () => {
  map.addSource('ap', { type: 'geojson', data: await data });
  map.addLayer({ id: 'ap', type: 'circle', source: 'ap', paint: { 'circle-radius': 7, 'circle-color': '#0a66b7' } });
  map.once('idle', () => { window.firstHotspotsMs = performance.now(); });
});
</script></body></html>`;

/** Serves the minimal page and MapLibre's files, and passes /api/ to the app's server (the same answers, gzip and all). */
function startYardstick(appUrl: string): Promise<Server> {
  const dist = path.join(repoRoot, 'node_modules/maplibre-gl/dist');
  const app = new URL(appUrl);
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/')) {
      const upstream = httpRequest({ host: app.hostname, port: app.port, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      return void upstream.end();
    }
    const file = /^\/dist\/(maplibre-gl[a-z-]*\.(mjs|css))$/.exec(req.url ?? '');
    // gzip, as the app's server sends its own bundles: the two pages pay the same for the same bytes.
    if (file) return void res.writeHead(200, { 'content-type': file[2] === 'css' ? 'text/css' : 'text/javascript', 'content-encoding': 'gzip' }).end(gzipSync(readFileSync(path.join(dist, file[1]))));
    res.writeHead(200, { 'content-type': 'text/html' }).end(minimalPage);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One cold load (fresh context: no cache, no service worker); ms from navigation to the first hotspots drawn. */
async function firstHotspots(browser: Browser, url: string, profile: (typeof profiles)[keyof typeof profiles], app: boolean): Promise<number> {
  const { network, cpu, ...device } = profile;
  const context = await browser.newContext({ ...device, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  // The app marks body[data-map-ready] once every layer, hotspots included, has been drawn.
  if (app)
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body?.dataset.mapReady === 'true') {
          (window as unknown as { firstHotspotsMs: number }).firstHotspotsMs = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-map-ready'] });
    });
  page.on('pageerror', (e) => console.error('pageerror', url, e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('console', url, m.text()));
  await page.goto(url);
  const ms = await page.waitForFunction(() => (window as unknown as { firstHotspotsMs?: number }).firstHotspotsMs, undefined, { timeout: 60_000 });
  const value = (await ms.jsonValue()) as number;
  await context.close();
  return value;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const workDir = await makeWorkDir();
const server = await startServer({ databasePath: path.join(workDir, 'measure.db'), clientDir: await builtClient() });
const yardstick = await startYardstick(server.url);
const yardstickUrl = `http://127.0.0.1:${(yardstick.address() as AddressInfo).port}/`;
const browser = await launchBrowser();
try {
  await firstHotspots(browser, server.url, profiles.desktop, true); // warm the server (coverage model, statement cache)
  for (const [name, profile] of Object.entries(profiles)) {
    const app: number[] = [];
    const minimal: number[] = [];
    for (let i = 0; i < runs; i++) {
      app.push(await firstHotspots(browser, server.url, profile, true));
      minimal.push(await firstHotspots(browser, yardstickUrl, profile, false));
    }
    const a = median(app);
    const m = median(minimal);
    console.log(`${name.padEnd(8)} first hotspots: app ${(a / 1000).toFixed(2)} s, minimal MapLibre page ${(m / 1000).toFixed(2)} s, ratio ${(a / m).toFixed(2)} (medians of ${runs}; app runs ${app.map((x) => (x / 1000).toFixed(2)).join(' ')})`);
  }
} finally {
  await browser.close();
  yardstick.close();
  await server.stop();
  await removeWorkDir(workDir);
}
