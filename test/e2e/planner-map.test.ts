// The planners' workspace and the whole map (issue 13, item 7), in a real browser against the real server:
// the Gaps tab says how much of the map is measured or predicted; the header, Gaps and What-if give one gap
// count; a what-if site that adds nothing is warned about; a small what-if reach stays visible at city zoom;
// siting results and the triage queue fit the map.
import type { FeatureCollection, Point } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CoverageStats, RegistryEntryProps } from '../../client/api';
import { collectPageErrors, launchBrowser, openApp, removeWorkDir, screenshot, signInOnPage, startPlannerSite, zoomTo, type RunningServer } from './harness';

const username = 'pat';
const password = 'a long password 1';

let workDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ workDir, server } = await startPlannerSite('planner-map', username, password));
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  errors = collectPageErrors(page);
  await openApp(page, server.url);
  await signInOnPage(page, username, password);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeWorkDir(workDir);
});

async function apiJson<T>(pathname: string): Promise<T> {
  const response = await fetch(`${server.url}${pathname}`);
  expect(response.status, pathname).toBe(200);
  return (await response.json()) as T;
}

async function openTab(name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

/** Waits for any fly-to to end, then the map's bounds. */
async function settledBounds(): Promise<[number, number, number, number]> {
  await page.waitForFunction(() => !(window.wifiReach!.map as MapLibreMap).isMoving());
  return page.evaluate(() => (window.wifiReach!.map as MapLibreMap).getBounds().toArray().flat() as [number, number, number, number]);
}

const inside = ([w, s, e, n]: number[], [lon, lat]: number[]) => lon >= w && lon <= e && lat >= s && lat <= n;

/** The what-if overlay's rings as the map was given them: their radius in screen pixels. */
function overlayRadiiPx(): Promise<number[]> {
  return page.evaluate(async () => {
    const map = window.wifiReach!.map as MapLibreMap;
    const source = map.getSource('overlay') as unknown as { getData(): Promise<FeatureCollection> };
    return (await source.getData()).features.map((f) => {
      const ring = (f.geometry as GeoJSON.Polygon).coordinates[0].map((p) => map.project(p as [number, number]));
      return (Math.max(...ring.map((p) => p.x)) - Math.min(...ring.map((p) => p.x))) / 2;
    });
  });
}

describe('a planner reading the whole map (MapLibre, desktop)', { timeout: 90_000 }, () => {
  test('when the Gaps tab opens, then it says how much of Kitchener is measured and predicted, and its gap count is the header’s', async () => {
    const stats = await apiJson<CoverageStats>('/api/v1/coverage/stats');
    await openTab('Gaps');
    const panel = page.getByRole('tabpanel', { name: 'Gaps' });
    const evidence = await panel.getByTestId('city-evidence').innerText();
    const shares = /Measured: ([\d.]+)% of Kitchener .*; from readings nearby: ([\d.]+)%; predicted only, from the registry: ([\d.]+)%\./.exec(evidence);
    expect(shares, evidence).not.toBeNull();
    const [measured, nearby, predicted] = shares!.slice(1).map(Number);
    expect(Math.abs(predicted - stats.evidence!.predictedShare * 100)).toBeLessThan(1); // shown to two figures
    expect(Math.abs(measured - stats.evidence!.measuredShare * 100)).toBeLessThan(0.1);
    expect(Math.abs(nearby - stats.evidence!.nearbyShare * 100)).toBeLessThan(0.1);
    expect(predicted).toBeGreaterThan(90); // a fresh city: the registry's prediction, almost nothing measured

    const ranked = stats.gaps.ranked;
    expect(ranked).toBeLessThan(stats.gaps.count); // single-cell gaps exist: a count that included them would disagree
    await expect.poll(() => panel.getByRole('status').innerText()).toContain(`Kitchener has ${ranked} gaps.`);
    expect(await page.locator('.pl-summary').innerText()).toMatch(new RegExp(` · ${ranked} gaps$`)); // the header
    await panel.evaluate((el) => (el.scrollTop = 0));
    await screenshot(page, 'planner-gaps-evidence.png');
  });

  test('when a what-if site goes where free Wi-Fi already reaches, then it is warned about, and the what-if counts the same gaps', async () => {
    const stats = await apiJson<CoverageStats>('/api/v1/coverage/stats');
    const hall = (await apiJson<FeatureCollection<Point, RegistryEntryProps>>('/api/v1/access-points')).features.find((f) => f.properties.status === 'active')!;
    const [lon, lat] = hall.geometry.coordinates;
    await openTab('What-if');
    await zoomTo(page, lon, lat, 16);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/coverage/what-if') && r.status() === 200),
      page.getByRole('button', { name: 'Add at the map centre' }).click(),
    ]);
    const result = (await response.json()) as { added: { addsCoveredAreaM2: number }[] };
    expect(result.added[0].addsCoveredAreaM2).toBe(0);
    const panel = page.getByRole('tabpanel', { name: 'What-if' });
    await expect.poll(() => panel.getByTestId('whatif-no-gain').innerText()).toMatch(/^New access point 1 adds no covered area/);
    const gapsRow = panel.locator('tr').filter({ has: page.locator('th, td', { hasText: /^Gaps$/ }) });
    expect((await gapsRow.locator('td').allInnerTexts())[0]).toBe(ranked(stats).toLocaleString('en-CA')); // Today

    // Far from any hotspot the same kind of site adds coverage: no warning.
    await zoomTo(page, -80.5012, 43.4188, 16);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/coverage/what-if') && r.status() === 200),
      page.getByRole('button', { name: 'Add at the map centre' }).click(),
    ]);
    await expect.poll(() => panel.getByTestId('whatif-no-gain').count()).toBe(1); // still only site 1
  });

  test('when a new access point is placed in the Registry form, then it says what it would add, and warns where free Wi-Fi already reaches', async () => {
    const registered = await apiJson<FeatureCollection<Point, RegistryEntryProps>>('/api/v1/access-points');
    const hall = registered.features.find((f) => f.properties.status === 'active')!;
    await openTab('Registry');
    await page.getByRole('button', { name: 'Add access point' }).click();
    const gain = page.getByTestId('ap-gain');
    await zoomTo(page, ...(hall.geometry.coordinates as [number, number]), 17);
    await page.getByRole('button', { name: 'Use the map centre' }).click();
    await expect.poll(() => gain.innerText()).toMatch(/^Here it would add no covered area: free Wi-Fi already reaches this spot/);
    expect(await gain.getAttribute('class')).toBe('pl-warning');
    await zoomTo(page, -80.5012, 43.4188, 17); // ~2.5 km from every hotspot
    await page.getByRole('button', { name: 'Use the map centre' }).click();
    await expect.poll(() => gain.innerText()).toMatch(/^Here it would add [\d,.]+ (m²|km²) of covered area\.$/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await apiJson<FeatureCollection>('/api/v1/access-points')).features).toHaveLength(registered.features.length); // asking saved nothing
    await openTab('What-if');
  });

  test('when the what-if is seen at city zoom, then each small reach has a halo a few pixels across; at street zoom, the reach itself', async () => {
    await zoomTo(page, -80.5012, 43.4188, 16);
    const street = await overlayRadiiPx();
    expect(street).toHaveLength(2); // two sites, no halo: each reach is tens of pixels
    for (const r of street) expect(r).toBeGreaterThan(22);
    await zoomTo(page, -80.49, 43.43, 11.5);
    await expect.poll(async () => (await overlayRadiiPx()).length).toBe(4); // each reach, and a halo around it
    const radii = (await overlayRadiiPx()).sort((a, b) => a - b);
    expect(radii[0]).toBeLessThan(4); // a 34 m indoor reach at city zoom
    expect(radii[3]).toBeGreaterThanOrEqual(21); // its halo, outside the 28 px marker
    expect(radii[3]).toBeLessThan(23);
    await screenshot(page, 'planner-whatif-city.png');
    await page.getByRole('button', { name: 'Clear the scenario' }).click();
  });

  test('when sites are recommended, then the map fits every site', async () => {
    await zoomTo(page, -80.44, 43.47, 16); // far from where the sites will be
    await openTab('Siting');
    await page.getByLabel('New sites (1–50)').fill('5');
    await page.getByLabel('Candidates').selectOption('cells');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/planning/recommendations') && r.status() === 200),
      page.getByRole('button', { name: 'Recommend 5 sites' }).click(),
    ]);
    const sites = ((await response.json()) as { sites: { position: [number, number] }[] }).sites;
    expect(sites.length).toBeGreaterThan(1);
    const bounds = await settledBounds();
    for (const s of sites) expect(inside(bounds, s.position), `site ${s.position} in ${bounds}`).toBe(true);
  });

  test('when the triage queue opens or its filters change, then the map fits the reports in it', async () => {
    const spots = [[-80.52, 43.41], [-80.45, 43.46]];
    for (const [lon, lat] of spots) {
      const response = await fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'no_wifi', lon, lat }) });
      expect(response.status).toBe(201);
    }
    await zoomTo(page, -80.49, 43.45, 17);
    await openTab('Triage');
    await page.locator('[data-report-id]').first().waitFor();
    const opened = await settledBounds();
    for (const spot of spots) expect(inside(opened, spot)).toBe(true);
    await zoomTo(page, -80.49, 43.45, 17);
    const [reload] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/reports?') && r.status() === 200),
      page.getByRole('tabpanel', { name: 'Triage' }).getByLabel('Kind', { exact: true }).selectOption('no_wifi'),
    ]);
    const queue = ((await reload.json()) as FeatureCollection<Point>).features.map((f) => f.geometry.coordinates);
    expect(queue.length).toBeGreaterThanOrEqual(2);
    const filtered = await settledBounds();
    for (const spot of queue) expect(inside(filtered, spot)).toBe(true);
    expect(errors).toEqual([]);
  });
});

function ranked(stats: CoverageStats): number {
  return stats.gaps.ranked;
}
