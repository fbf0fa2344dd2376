// Lighthouse 12 (mobile preset: Moto G Power, simulated Slow 4G and 4× CPU) on the built app served by the real
// server, in Debian's Chromium. Prints the median of each category score over the runs, the median metrics,
// and every audit that kept a category below 100. With --yardstick, the minimal MapLibre page with the same data
// (scripts/load-yardstick.ts) is scored in turn, for its performance: software WebGL weighs on both alike.
// `npm run measure:lighthouse [-- --runs 5] [--yardstick] [--json out.json]`.
// Not part of `npm test`: scores swing with the machine's load, so this is a measurement, not a gate.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import type { AddressInfo } from 'node:net';
import { builtClient, makeWorkDir, removeWorkDir, startServer } from '../test/e2e/harness';
import { startYardstick } from './load-yardstick';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const withYardstick = process.argv.includes('--yardstick');
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : null;
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive'] as const;
// Software WebGL (SwiftShader) so MapLibre draws, as in the browser tests (test/e2e/harness.ts).
const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run', '--disable-background-networking'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const workDir = await makeWorkDir();
const server = await startServer({ databasePath: path.join(workDir, 'lighthouse.db'), clientDir: await builtClient() });
const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags });
const yardstick = await startYardstick(server.url);
const yardstickUrl = `http://127.0.0.1:${(yardstick.address() as AddressInfo).port}/`;

async function score(url: string): Promise<Result> {
  // Lighthouse clears the origin's cache and storage before each run (disableStorageReset is false).
  const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...categories] });
  if (!result) throw new Error('Lighthouse returned nothing');
  return result.lhr;
}

function summary(label: string, reports: Result[]): void {
  console.log(`\n${label}: medians of ${reports.length} runs (Lighthouse ${reports[0].lighthouseVersion}, ${reports[0].configSettings.formFactor}, ${reports[0].configSettings.throttlingMethod} throttling):`);
  for (const c of categories) console.log(`  ${c.padEnd(25)} ${median(reports.map((r) => Math.round((r.categories[c]?.score ?? 0) * 100)))}`);
  for (const m of metrics) {
    const values = reports.map((r) => r.audits[m]?.numericValue ?? NaN);
    console.log(`  ${m.padEnd(25)} ${m === 'cumulative-layout-shift' ? median(values).toFixed(3) : `${(median(values) / 1000).toFixed(2)} s`}`);
  }
}

try {
  const reports: Result[] = [];
  const minimal: Result[] = [];
  for (let i = 0; i < runs; i++) {
    const lhr = await score(`${server.url}/`);
    reports.push(lhr);
    console.log(`run ${i + 1}: ${categories.map((c) => `${c} ${Math.round((lhr.categories[c]?.score ?? 0) * 100)}`).join(', ')}, TBT ${Math.round(lhr.audits['total-blocking-time'].numericValue ?? 0)} ms`);
    if (withYardstick) {
      const m = await score(yardstickUrl);
      minimal.push(m);
      console.log(`  minimal MapLibre page: performance ${Math.round((m.categories.performance?.score ?? 0) * 100)}, TBT ${Math.round(m.audits['total-blocking-time'].numericValue ?? 0)} ms`);
    }
  }
  summary('app', reports);
  if (withYardstick) summary('minimal MapLibre page (only its performance matters)', minimal);
  // What keeps a category below 100 in the last run: every weighted audit that did not pass.
  const last = reports[reports.length - 1];
  for (const c of categories) {
    const failing = (last.categories[c]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => last.audits[ref.id])
      .filter((audit) => audit && audit.score !== null && audit.score < 1);
    for (const audit of failing) console.log(`  ${c}: ${audit.id} (score ${audit.score}) ${audit.displayValue ?? ''} ${audit.title}`);
  }
  if (jsonOut) await writeFile(jsonOut, JSON.stringify(last, null, 2));
} finally {
  chrome.kill();
  yardstick.close();
  await server.stop();
  await removeWorkDir(workDir);
}
