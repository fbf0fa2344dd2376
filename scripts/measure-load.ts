// Time to first hotspots drawn, for the app and for a minimal MapLibre page with the same data served side by
// side (the yardstick), in Debian's Chromium: a phone profile (Slow 4G as Lighthouse throttles it, 4× CPU,
// 390×844) and a desktop on loopback. Medians of alternating runs. `npm run measure:load [-- --runs 5] [--profile phone|desktop] [--waterfall]`
// (--waterfall first prints every request of one phone load).
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { builtClient, launchBrowser, makeWorkDir, removeWorkDir, startServer } from '../test/e2e/harness';
import { startYardstick } from './load-yardstick';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const only = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : null; // --profile phone|desktop: one of them
// Lighthouse's "Slow 4G" (simulated mobile): 150 ms RTT, 1.6 Mbps down, 750 kbps up, each × 0.9 as DevTools applies it.
const slow4g = { offline: false, latency: 150, downloadThroughput: (1.6e6 * 0.9) / 8, uploadThroughput: (750e3 * 0.9) / 8 };
const profiles = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, network: slow4g, cpu: 4 },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false, network: null, cpu: 1 },
} as const;

interface Load {
  mapLoadedMs: number; // navigation to MapLibre's 'load' (style and worker ready): what comes before is code and settings
  hotspotsMs: number; // navigation to the first frame with the access points drawn
  completeMs: number; // … to every layer drawn, streets included (body[data-map-ready]); the yardstick has nothing more
  cls: number; // layout shifts until then, summed (at least Lighthouse's largest session window)
}

/** One cold load (fresh context: no cache, no service worker). */
async function measureLoad(browser: Browser, url: string, profile: (typeof profiles)[keyof typeof profiles], app: boolean, waterfall = false): Promise<Load> {
  const { network, cpu, ...device } = profile;
  const context = await browser.newContext({ ...device, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.addInitScript(() => {
    type Shift = { value: number; hadRecentInput: boolean; startTime: number; sources: { node?: Element; previousRect: DOMRect; currentRect: DOMRect }[] };
    const w = window as unknown as { cls: number; shifts: string[] };
    w.cls = 0;
    w.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as Shift[]) {
        if (entry.hadRecentInput) continue;
        w.cls += entry.value;
        const what = entry.sources.map((s) => `${s.node?.nodeName ?? '?'}.${s.node instanceof Element ? s.node.className : ''} y ${s.previousRect.y}→${s.currentRect.y} h ${s.previousRect.height}→${s.currentRect.height}`);
        w.shifts.push(`${entry.startTime.toFixed(0)} ms ${entry.value.toFixed(4)}: ${what.join('; ')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // The app marks body[data-hotspots-drawn] on the first frame with the access points, body[data-map-ready]
  // once every layer (streets, coverage, gaps) is drawn.
  if (app)
    await page.addInitScript(() => {
      const w = window as unknown as { firstHotspotsMs?: number; completeMs?: number };
      new MutationObserver((_, observer) => {
        if (document.body?.dataset.hotspotsDrawn === 'true') w.firstHotspotsMs ??= performance.now();
        if (document.body?.dataset.mapReady === 'true') {
          w.completeMs = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hotspots-drawn', 'data-map-ready'] });
    });
  page.on('pageerror', (e) => console.error('pageerror', url, e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('console', url, m.text()));
  await page.goto(url);
  const done = await page.waitForFunction(() => {
    const w = window as unknown as { firstHotspotsMs?: number; completeMs?: number; cls: number; minimal?: boolean; mapLoadedMs?: number };
    const complete = w.completeMs ?? (w.minimal ? w.firstHotspotsMs : undefined);
    const mapLoadedMs = w.mapLoadedMs ?? performance.getEntriesByName('wifi-reach:map-loaded')[0]?.startTime ?? NaN;
    return w.firstHotspotsMs !== undefined && complete !== undefined && { mapLoadedMs, hotspotsMs: w.firstHotspotsMs, completeMs: complete, cls: w.cls };
  }, undefined, { timeout: 120_000 });
  const value = (await done.jsonValue()) as Load;
  if (waterfall) await printWaterfall(page);
  await context.close();
  return value;
}

/** Every request of the load: when it started and ended (ms from navigation) and its bytes on the wire. */
async function printWaterfall(page: Page): Promise<void> {
  const rows = await page.evaluate(() =>
    [
      ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({ name: e.name.replace(location.origin, ''), start: e.startTime, end: e.responseEnd, bytes: e.transferSize })),
      ...performance.getEntriesByType('mark').map((e) => ({ name: `mark ${e.name}`, start: e.startTime, end: e.startTime, bytes: 0 })), // the app's own milestones
    ],
  );
  for (const shift of await page.evaluate(() => (window as unknown as { shifts: string[] }).shifts)) console.log(`  layout shift at ${shift}`);
  for (const r of rows.sort((a, b) => a.start - b.start))
    console.log(`  ${r.start.toFixed(0).padStart(6)} → ${r.end.toFixed(0).padStart(6)} ms ${(r.bytes / 1024).toFixed(1).padStart(7)} kB  ${r.name.slice(0, 90)}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const workDir = await makeWorkDir();
const server = await startServer({ databasePath: path.join(workDir, 'measure.db'), clientDir: await builtClient() });
const yardstick = await startYardstick(server.url);
const yardstickUrl = `http://127.0.0.1:${(yardstick.address() as AddressInfo).port}/`;
const browser = await launchBrowser();
try {
  await measureLoad(browser, server.url, profiles.desktop, true); // warm the server (coverage model, statement cache)
  if (process.argv.includes('--waterfall')) {
    for (const [name, profile] of Object.entries(profiles)) {
      console.log(`${name}, app:`);
      await measureLoad(browser, server.url, profile, true, true);
    }
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  for (const [name, profile] of Object.entries(profiles)) {
    if (only && name !== only) continue;
    const app: Load[] = [];
    const minimal: Load[] = [];
    for (let i = 0; i < runs; i++) {
      app.push(await measureLoad(browser, server.url, profile, true));
      minimal.push(await measureLoad(browser, yardstickUrl, profile, false));
    }
    const a = median(app.map((l) => l.hotspotsMs));
    const m = median(minimal.map((l) => l.hotspotsMs));
    console.log(
      `${name.padEnd(8)} first hotspots: app ${seconds(a)} s, minimal MapLibre page ${seconds(m)} s, ratio ${(a / m).toFixed(2)}; ` +
        `app complete (streets, coverage, gaps) ${seconds(median(app.map((l) => l.completeMs)))} s; CLS app ${median(app.map((l) => l.cls)).toFixed(3)}, minimal ${median(minimal.map((l) => l.cls)).toFixed(3)} ` +
        `map 'load' app ${seconds(median(app.map((l) => l.mapLoadedMs)))} s, minimal ${seconds(median(minimal.map((l) => l.mapLoadedMs)))} s ` +
        `(medians of ${runs}; app runs ${app.map((l) => seconds(l.hotspotsMs)).join(' ')}; minimal runs ${minimal.map((l) => seconds(l.hotspotsMs)).join(' ')})`,
    );
  }
} finally {
  await browser.close();
  yardstick.close();
  await server.stop();
  await removeWorkDir(workDir);
}
