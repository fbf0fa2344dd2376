// The planner's Data tab in a real browser against the real server: a WiGLE CSV uploaded through the
// page shows rows read, kept and dropped by reason; a layer download streams with progress to "done".
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectPageErrors, launchBrowser, openApp, removeWorkDir, repoRoot, screenshot, signInOnPage, startPlannerSite, type RunningServer } from './harness';

const username = 'pat';
const password = 'a long password 1'; // ≥ 12 characters, the server's minimum for staff
const REGISTERED_BSSID = '00:11:22:33:44:55'; // the fixture's one sighting by BSSID (test/fixtures/wigle/README.md)
const FIXTURE = path.join(repoRoot, 'test/fixtures/wigle/every-rule.csv');

let workDir: string;
let server: RunningServer;
let browser: Browser;

/** Gives the Central Library the fixture's BSSID, through the API as a planner would. */
async function registerBssid(): Promise<void> {
  const session = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  expect(session.status).toBe(201);
  const cookie = session.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const aps = (await (await fetch(`${server.url}/api/v1/access-points`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Point, { id: number; name: string }>;
  const library = aps.features.find((f) => f.properties.name === 'Kitchener Public Library - Central Library')!;
  const patch = await fetch(`${server.url}/api/v1/access-points/${library.properties.id}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ bssids: [REGISTERED_BSSID] }),
  });
  expect(patch.status, await patch.text()).toBe(200);
}

beforeAll(async () => {
  ({ workDir, server } = await startPlannerSite('planner-data', username, password));
  await registerBssid();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeWorkDir(workDir);
});

const signIn = (page: Page) => signInOnPage(page, username, password);

describe('a planner moves data in and out on the Data tab', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    errors = collectPageErrors(page);
    await openApp(page, server.url);
    await signIn(page);
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.getByRole('tabpanel', { name: 'Data' }).waitFor();
  });

  afterAll(() => page?.context().close());

  test('when a WiGLE CSV is uploaded, then the summary shows rows read, kept and dropped by reason', async () => {
    await page.getByLabel('Choose a WiGLE CSV file').setInputFiles(FIXTURE);
    const summary = page.getByTestId('wigle-summary');
    await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toMatch(/Rows read/);
    expect(await summary.locator('[data-count="read"]').innerText()).toBe('19');
    expect(await summary.locator('[data-count="kept"]').innerText()).toMatch(/^3 \(3 new, 0 already stored\)$/);
    expect(await summary.locator('[data-count="dropped"]').innerText()).toBe('16');
    const reasons = Object.fromEntries(
      await summary.locator('[data-reason]').evaluateAll((items) => items.map((li) => [li.getAttribute('data-reason'), li.textContent])),
    );
    expect(Object.keys(reasons).sort()).toEqual(['bad_signal', 'bad_time', 'malformed', 'not_registered', 'not_wifi', 'opted_out', 'outside_area', 'poor_accuracy']);
    expect(reasons.not_registered).toMatch(/: 3$/);
    expect(reasons.malformed).toMatch(/: 3$/);
    await screenshot(page, 'planner-data-wigle.png');

    // The same file again adds nothing: it is recognised by its content.
    await page.getByLabel('Choose a WiGLE CSV file').setInputFiles(FIXTURE);
    await expect.poll(() => page.getByText(/was imported before/).count(), { timeout: 15_000 }).toBe(1);
    expect(await summary.locator('[data-count="kept"]').innerText()).toMatch(/0 new, 3 already stored/);
    expect(errors).toEqual([]);
  });

  test('when a layer is downloaded, then its progress streams to "done" and the file is the export', async () => {
    const button = page.locator('button[data-layer="coverage-cells"][data-format="geojson"]');
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const progress = page.getByTestId('export-progress');
    await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toMatch(/^Done: [\d.]+ (B|KB|MB), [\d,]+ features\.$/);
    expect(download.suggestedFilename()).toMatch(/^wifi-reach-coverage-cells-\d{4}-\d{2}-\d{2}\.geojson$/);
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8')) as GeoJSON.FeatureCollection;
    const announced = Number(/([\d,]+) features/.exec(await progress.innerText())![1].replaceAll(',', ''));
    expect(saved.features.length).toBe(announced);
    expect(await page.getByRole('status').filter({ hasText: /Saved wifi-reach-coverage-cells-.*: done\./ }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
