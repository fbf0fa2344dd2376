// The planner workspace in a real browser against the real server: sign-in, registry edits by click,
// drag and import, triage, gap statistics, siting and what-if. Screenshots land in test-results/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { booleanPointInPolygon, distance } from '@turf/turf';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type L from 'leaflet';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RegistryEntryProps, StaffReportProps } from '../../client/api';
import { addStaffByCommand, collectPageErrors, launchBrowser, openApp, pixelOf, removeWorkDir, repoRoot, screenshot, signInOnPage, startPlannerSite, zoomTo, type RunningServer } from './harness';

// A sign-in checks a password hash, deliberately slow: on a busy 2-core CI machine it took over the 1 s expect.poll
// waits by default (the status still read "Map ready" when the poll gave up).
const SIGN_IN_WAIT = { timeout: 10_000 };

const username = 'pat';
const password = 'a long password 1'; // ≥ 12 characters, the server's minimum for staff

let workDir: string;
let databasePath: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The account is made the way an operator makes one: the command-line script, on the same database.
  ({ workDir, databasePath, server } = await startPlannerSite('planner', username, password));
  await seedEvidence();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeWorkDir(workDir);
});

// ---- helpers ----

type Registry = FeatureCollection<Point, RegistryEntryProps>;

async function apiJson<T>(pathname: string): Promise<T> {
  const response = await fetch(`${server.url}${pathname}`);
  expect(response.status, `${pathname} answered ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

const registry = () => apiJson<Registry>('/api/v1/access-points');

async function city(): Promise<Feature<Polygon>> {
  const file = JSON.parse(await readFile(path.join(repoRoot, 'data/kitchener-boundary.geojson'), 'utf8')) as FeatureCollection<Polygon>;
  return file.features[0];
}

/** A spot inside the city at least `clearM` from every access point and from `avoid`: a click there hits nothing of ours. */
async function openSpot(clearM: number, avoid: [number, number][] = []): Promise<[number, number]> {
  const boundary = await city();
  const aps = (await registry()).features.map((f) => f.geometry.coordinates as [number, number]);
  for (let lat = 43.44; lat < 43.47; lat += 0.002)
    for (let lon = -80.52; lon < -80.46; lon += 0.003) {
      const spot: [number, number] = [Number(lon.toFixed(5)), Number(lat.toFixed(5))];
      if (!booleanPointInPolygon(spot, boundary)) continue;
      if ([...aps, ...avoid].every((p) => distance(p, spot, { units: 'meters' }) > clearM)) return spot;
    }
  throw new Error(`no spot in central Kitchener is ${clearM} m from every access point`);
}

/** Observations and reports over the last months, so the charts over time have something to draw. */
async function seedEvidence(): Promise<void> {
  const [lon, lat] = (await registry()).features[0].geometry.coordinates;
  const now = Date.now();
  const observations = Array.from({ length: 36 }, (_, i) => ({
    observedAt: new Date(now - (i % 6) * 30 * 86_400_000 - 3_600_000).toISOString(),
    lon: lon + ((i % 5) - 2) * 0.0004,
    lat: lat + ((i % 3) - 1) * 0.0004,
    source: 'survey',
    ...(i % 4 === 0 ? { noFreeNetwork: true } : { signalDbm: -55 - (i % 7) * 6 }),
  }));
  const response = await fetch(`${server.url}/api/v1/observations/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ observations }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

async function fileReport(body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { properties: { id: number } }).properties.id;
}



/** Ids in the map's access-point layer, whichever renderer drew it. */
function accessPointIdsOnMap(page: Page): Promise<unknown[]> {
  return page.evaluate(async () => {
    const app = window.wifiReach!;
    if (app.renderer === 'maplibre') {
      const source = (app.map as MapLibreMap).getSource('access-points') as unknown as { getData(): Promise<FeatureCollection> };
      return (await source.getData()).features.map((f) => f.properties?.id);
    }
    const ids: unknown[] = [];
    (app.map as L.Map).eachLayer((group) => {
      if ((group as unknown as { wifiReachLayer?: string }).wifiReachLayer !== 'accessPoints') return;
      (group as L.GeoJSON).eachLayer((f) => ids.push((f as L.Path & { feature: Feature }).feature.properties?.id));
    });
    return ids;
  });
}

const signIn = (page: Page) => signInOnPage(page, username, password);

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

const citySharePattern = /([\d.]+)%\s+of Kitchener has usable free Wi-Fi/;

async function cityShareText(page: Page): Promise<string> {
  const text = await page.getByTestId('city-share').innerText();
  return citySharePattern.exec(text)?.[1] ?? text;
}

// ---- signed out ----

describe('a visitor who is not signed in', () => {
  test('when the map loads, then there is a way in for staff but no staff tool, button or panel', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await openApp(page, server.url);
    await page.getByRole('button', { name: 'Staff sign-in' }).waitFor();
    expect(await page.getByRole('tablist', { name: 'Planner tools' }).count()).toBe(0);
    expect(await page.locator('#planner').count()).toBe(0);

    // An access point's popup has no staff actions.
    const ap = (await registry()).features[0];
    const [lon, lat] = ap.geometry.coordinates;
    await zoomTo(page, lon, lat, 17);
    const { x, y } = await pixelOf(page, lon, lat);
    await page.mouse.click(x, y);
    await page.getByRole('heading', { name: ap.properties.name }).waitFor();
    expect(await page.getByRole('button', { name: /Mark (down|up|active)/ }).count()).toBe(0);
    expect(errors).toEqual([]); // in particular no 401: a resident's visit never asks for a session
    await context.close();
  });

  test('when /staff is opened, then the sign-in dialog is shown and a wrong password is explained', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/staff`);
    const dialog = page.getByRole('dialog', { name: 'Staff sign-in' });
    await dialog.waitFor();
    await dialog.getByLabel('Username').fill(username);
    await dialog.getByLabel('Password').fill('not the password');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText(), SIGN_IN_WAIT).toContain('Wrong username or password');
    expect(await page.getByRole('tablist', { name: 'Planner tools' }).count()).toBe(0);
    const axe = await new AxeBuilder({ page }).include('dialog.sign-in').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await context.close();
  });
});

describe('a volunteer (a role without planner rights)', () => {
  test('when they sign in, then they are told the workspace needs a planner account and see no tools', async () => {
    await addStaffByCommand(databasePath, 'vic', 'volunteer', password);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await openApp(page, server.url);
    await page.getByRole('button', { name: 'Staff sign-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Staff sign-in' });
    await dialog.getByLabel('Username').fill('vic');
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#status').innerText(), SIGN_IN_WAIT).toContain('needs a planner or admin account');
    expect(await page.getByRole('tablist', { name: 'Planner tools' }).count()).toBe(0);
    await context.close();
  });
});

// ---- signed in, MapLibre ----

// Software WebGL on a shared machine: redrawing 25 m coverage cells after a zoom can take seconds.
const mapHeavy = { timeout: 60_000 };

describe('a planner on a desktop browser (MapLibre)', mapHeavy, () => {
  let page: Page;
  let errors: string[];
  let addedId: number;

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    errors = collectPageErrors(page);
    await openApp(page, server.url);
    await signIn(page);
  });

  afterAll(() => page?.context().close());

  test('when signed in through the page, then the header says who and the six tools are there', async () => {
    await expect.poll(() => page.locator('#account').innerText(), SIGN_IN_WAIT).toContain(`Signed in as ${username} (planner)`);
    const tabs = await page.getByRole('tab').allInnerTexts();
    expect(tabs).toEqual(['Registry', 'Triage', 'Gaps', 'Siting', 'What-if', 'Data']);
    expect(errors).toEqual([]);
  });

  test('when the tools are used from the keyboard, then arrow keys move between tabs and axe finds nothing wrong in any of them', async () => {
    await page.getByRole('tab', { name: 'Registry' }).focus();
    const selected = () => page.evaluate(() => document.activeElement?.getAttribute('aria-selected') === 'true' && document.activeElement.textContent);
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toBe('Triage');
    await page.keyboard.press('End');
    expect(await selected()).toBe('Data');
    await page.keyboard.press('ArrowRight'); // wraps around
    expect(await selected()).toBe('Registry');
    for (const name of ['Registry', 'Triage', 'Gaps', 'Siting', 'What-if', 'Data']) {
      await openTab(page, name);
      await page.waitForTimeout(300); // the tool's first data
      const axe = await new AxeBuilder({ page }).include('#planner').include('#account').analyze();
      expect(axe.violations.map((v) => `${name} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await openTab(page, 'Registry');
  });

  test('when an access point is added by clicking the map, then it is drawn and the covered share in the gap statistics changes', async () => {
    await openTab(page, 'Gaps');
    await expect.poll(() => cityShareText(page)).toMatch(/^[\d.]+$/);
    const before = await cityShareText(page);

    await openTab(page, 'Registry');
    await page.getByRole('button', { name: 'Add access point' }).click();
    const spot = await openSpot(400);
    await zoomTo(page, ...spot, 16);
    const { x, y } = await pixelOf(page, ...spot);
    await page.mouse.click(x, y);
    const form = page.getByRole('tabpanel', { name: 'Registry' });
    await expect.poll(async () => Number(await form.getByLabel('Longitude', { exact: true }).inputValue())).toBeCloseTo(spot[0], 4);
    await form.getByLabel('Name', { exact: true }).fill('Victoria Park pavilion');
    await form.getByLabel('Network name (SSID)').fill('KitchenerWiFi');
    expect(await form.getByLabel('Where is it?').inputValue()).toBe('indoor'); // the server's one default
    await form.getByLabel('Where is it?').selectOption({ label: 'Outdoors, open (park, square)' });
    await screenshot(page, 'planner-registry.png');
    await form.getByLabel('Transmit power (EIRP, dBm)').fill('99'); // out of range: the server's message shows at the field
    const [rejected] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/access-points') && r.request().method() === 'POST'),
      form.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(rejected.status()).toBe(400);
    await expect.poll(() => form.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name))).toEqual(['eirpDbm']);
    expect(await form.getByText(/<=36/).count()).toBe(1);
    await expect.poll(() => errors).toEqual(['console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    errors.length = 0; // that 400 was the point

    await form.getByLabel('Transmit power (EIRP, dBm)').fill('23');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/access-points') && r.request().method() === 'POST'),
      form.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(response.status()).toBe(201);
    expect(JSON.parse(response.request().postData() ?? '{}')).toMatchObject({ environment: 'outdoor_open' });
    const created = (await response.json()) as { properties: { id: number; environment: string } };
    expect(created.properties.environment).toBe('outdoor_open');
    addedId = created.properties.id;
    await expect.poll(() => accessPointIdsOnMap(page)).toContain(addedId);

    await openTab(page, 'Gaps');
    await expect.poll(() => cityShareText(page)).not.toBe(before);
    expect(Number(await cityShareText(page))).toBeGreaterThan(Number(before));
    await expect.poll(() => page.locator('.pl-summary').innerText()).toMatch(/\+[\d.]+ pp after the last change/);
  });

  test('when an access point is dragged to a new position and the move is confirmed, then the registry has the new position', async () => {
    await openTab(page, 'Registry');
    const before = (await registry()).features.find((f) => f.properties.id === addedId)!;
    const [lon, lat] = before.geometry.coordinates;
    await page.getByRole('button', { name: 'Move Victoria Park pavilion' }).click();
    const handle = page.getByRole('img', { name: /New position of Victoria Park pavilion/ });
    await handle.waitFor();
    await zoomTo(page, lon, lat, 17);
    const from = await pixelOf(page, lon, lat);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 80, from.y - 40, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Registry' }).innerText()).toMatch(/Moved \d+ m from where it was/);

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/access-points/${addedId}`) && r.request().method() === 'PATCH'),
      page.getByRole('button', { name: 'Save the new position' }).click(),
    ]);
    expect(response.status()).toBe(200);
    const after = (await registry()).features.find((f) => f.properties.id === addedId)!;
    const movedM = distance(before.geometry.coordinates, after.geometry.coordinates, { units: 'meters' });
    expect(movedM).toBeGreaterThan(20); // 80 px at zoom 17 is ~60 m
    expect(movedM).toBeLessThan(150);
    expect(after.geometry.coordinates[0]).toBeGreaterThan(lon); // dragged east
    expect(after.geometry.coordinates[1]).toBeGreaterThan(lat); // and north
  });

  test('when an access point is edited, then only the changed field is sent and saved', async () => {
    await openTab(page, 'Registry');
    await page.getByRole('button', { name: 'Edit Victoria Park pavilion' }).click();
    const form = page.getByRole('tabpanel', { name: 'Registry' });
    await form.getByLabel('Address').fill('80 Schneider Ave, Kitchener');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/access-points/${addedId}`) && r.request().method() === 'PATCH'),
      form.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(JSON.parse(response.request().postData() ?? '{}')).toEqual({ address: '80 Schneider Ave, Kitchener' });
    expect((await registry()).features.find((f) => f.properties.id === addedId)!.properties.address).toBe('80 Schneider Ave, Kitchener');
  });

  test('when a CSV with one bad row is chosen, then the preview shows the row error and nothing is written until confirmed', async () => {
    const before = (await registry()).features.length;
    const [a, b] = [await openSpot(300), await openSpot(300, [await openSpot(300)])];
    const csv = [
      'name,lon,lat,ssid,status,indoor,eirp',
      `Kingsdale library kiosk,${a[0]},${a[1]},KitchenerWiFi,active,yes,20`,
      `Stanley Park bench,${b[0]},${b[1]},,planned,no,18`,
      'Somewhere in Toronto,-79.38,43.65,KitchenerWiFi,bogus,no,20',
    ].join('\n');
    await openTab(page, 'Registry');
    await page.getByLabel('Choose a CSV or GeoJSON file').setInputFiles({ name: 'new-sites.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const registryPanel = page.getByRole('tabpanel', { name: 'Registry' });
    await expect.poll(() => registryPanel.innerText()).toContain('2 ready to import, 1 row with errors');
    const badRow = registryPanel.locator('tr.pl-bad-row');
    expect(await badRow.count()).toBe(1);
    expect(await badRow.innerText()).toMatch(/outside Kitchener/);
    expect(await badRow.innerText()).toMatch(/status/);
    expect((await registry()).features.length).toBe(before); // a preview writes nothing

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/access-points/import') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Import 2 access points' }).click(),
    ]);
    expect(response.status()).toBe(201);
    expect((await registry()).features.length).toBe(before + 2);
    await expect.poll(() => registryPanel.innerText()).toContain('Imported 2 access points from new-sites.csv');
    await expect.poll(async () => (await accessPointIdsOnMap(page)).length).toBe(before + 2);
  });

  test('when an access point is marked down from its popup, then it is down in one click', async () => {
    const target = (await registry()).features.find((f) => f.properties.id === addedId)!;
    const [lon, lat] = target.geometry.coordinates;
    await openTab(page, 'Triage'); // a tool that does not use map clicks
    await zoomTo(page, lon, lat, 17);
    const { x, y } = await pixelOf(page, lon, lat);
    await page.mouse.click(x, y);
    await page.getByRole('heading', { name: 'Victoria Park pavilion' }).waitFor();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/access-points/${addedId}`) && r.request().method() === 'PATCH'),
      page.getByRole('button', { name: 'Mark down' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect((await registry()).features.find((f) => f.properties.id === addedId)!.properties.status).toBe('down');
    await page.getByRole('button', { name: 'Mark up (active)' }).click(); // the refreshed popup offers the way back
    await expect.poll(async () => (await registry()).features.find((f) => f.properties.id === addedId)!.properties.status).toBe('active');
    await page.keyboard.press('Escape');
  });

  test('when a report is triaged with a public note, then the resident’s “my reports” shows the status and the note', async () => {
    const spot = await openSpot(200);
    const id = await fileReport({ kind: 'no_wifi', lon: spot[0], lat: spot[1], note: 'Nothing at the bus shelter after 6 pm' });
    await openTab(page, 'Triage');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const item = page.locator(`[data-report-id="${id}"]`);
    await item.waitFor();
    expect(await item.innerText()).toContain('Nothing at the bus shelter');
    await item.click();
    await expect.poll(() => page.evaluate(() => (window.wifiReach!.map as MapLibreMap).getZoom())).toBeGreaterThan(16);

    const form = page.getByRole('form', { name: `Change report #${id}` });
    await form.getByRole('radio', { name: /^Duplicate/ }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByLabel('Merge into report #').getAttribute('aria-invalid')).toBe('true');
    expect(await form.innerText()).toContain('a duplicate needs mergedInto');
    errors.length = 0; // the 400 that said so
    await form.getByRole('radio', { name: 'Acknowledged' }).check();
    await form.getByLabel('Public note (the reporter sees it)').fill('We are adding outdoor Wi-Fi at this stop in the spring.');
    await form.getByLabel("Publish the resident's note").check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${id}`) && r.request().method() === 'PATCH'),
      form.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(response.status()).toBe(200);
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Triage' }).innerText()).toContain(`Saved: report #${id} is acknowledged`);
    await page.getByRole('tabpanel', { name: 'Triage' }).evaluate((el) => (el.scrollTop = 0)); // the filters and the queue too
    await screenshot(page, 'planner-triage.png');

    // What the resident's device reads for "my reports": anonymous, by id.
    const mine = await apiJson<FeatureCollection<Point, StaffReportProps>>(`/api/v1/reports?ids=${id}`);
    expect(mine.features).toHaveLength(1);
    expect(mine.features[0].properties).toMatchObject({
      status: 'acknowledged',
      publicNote: 'We are adding outdoor Wi-Fi at this stop in the spring.',
      note: 'Nothing at the bus shelter after 6 pm',
    });
  });

  test('when the gaps view is opened, then shares, wards and evidence over time are charts with tables, and a gap flies the map', async () => {
    await openTab(page, 'Gaps');
    const panel = page.getByRole('tabpanel', { name: 'Gaps' });
    await panel.getByRole('img', { name: /Covered share by ward/ }).waitFor();
    await panel.getByRole('img', { name: /Measurements per month/ }).waitFor();
    expect(await panel.getByRole('img', { name: /Covered share by ward/ }).locator('rect').count()).toBe(10);
    const wardTable = panel.locator('table').filter({ hasText: 'Ward area' }); // folded in a <details> until asked for
    expect(await wardTable.locator('tbody tr').count()).toBe(10);
    // Charts over time: the seeded measurements show as columns.
    expect(await panel.getByRole('img', { name: /Measurements per month/ }).locator('rect').count()).toBeGreaterThan(0);
    await panel.locator('.pl-gaps li').first().waitFor();
    await panel.getByRole('button', { name: 'Show on map' }).first().click();
    await expect.poll(() => page.evaluate(async () => {
      const source = (window.wifiReach!.map as MapLibreMap).getSource('overlay') as unknown as { getData(): Promise<FeatureCollection> };
      return (await source.getData()).features.length;
    })).toBe(1);
    await page.waitForTimeout(1000); // the fly-to animation
    await panel.evaluate((el) => (el.scrollTop = 0)); // the headline and the ward chart
    await screenshot(page, 'planner-gaps.png');

    // A ward's own gaps: every entry names the ward, ranks are the city's.
    await panel.getByLabel('Where').selectOption({ label: 'Ward 3' });
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Ward 3' }).count()).toBe(1);
    const titles = await panel.locator('.pl-gaps li strong').allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(title).toMatch(/^#\d+ · .+ · Ward 3( · around .+)?$/);
  });

  test('when k sites are recommended, then numbered markers, a list and the marginal-gain chart appear', async () => {
    await openTab(page, 'Siting');
    await page.getByLabel('New sites (1–50)').fill('4');
    await page.getByLabel('Candidates').selectOption('transit');
    const [recommendation] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/planning/recommendations')), // to read what the map was given
      page.getByRole('button', { name: 'Recommend 4 sites' }).click(),
    ]);
    const panel = page.getByRole('tabpanel', { name: 'Siting' });
    const chart = panel.getByRole('img', { name: /What each additional site adds/ });
    await chart.waitFor();
    expect(await chart.locator('rect').count()).toBe(4);
    expect(await chart.locator('path').count()).toBe(1); // the cumulative-share line
    expect(await panel.getByRole('list', { name: 'Recommended sites' }).locator('li').count()).toBe(4);
    for (let rank = 1; rank <= 4; rank++) await page.getByRole('img', { name: new RegExp(`^Recommended site ${rank}:`) }).waitFor();
    const sites = ((await recommendation.json()) as { sites: { position: [number, number] }[] }).sites;
    await page.getByRole('button', { name: /^#1 / }).click();
    await page.waitForFunction(() => !(window.wifiReach!.map as MapLibreMap).isMoving()); // the fly-to has ended
    const centre = await page.evaluate(() => (window.wifiReach!.map as MapLibreMap).getCenter().toArray());
    expect(distance(centre, sites[0].position, { units: 'meters' })).toBeLessThan(20);

    // All four sites in view for the picture.
    const lons = sites.map((s) => s.position[0]);
    const lats = sites.map((s) => s.position[1]);
    await page.evaluate(
      (b) => (window.wifiReach!.map as MapLibreMap).fitBounds(b, { padding: 80, animate: false }),
      [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] as [number, number, number, number],
    );
    await page.waitForTimeout(500); // a frame or two; not 'idle', which waits for every coverage cell
    await screenshot(page, 'planner-siting.png');
  });

  test('when a hypothetical access point is added in a what-if, then the covered area changes; the scenario saves and exports', async () => {
    await openTab(page, 'What-if');
    const spot = await openSpot(400);
    await zoomTo(page, ...spot, 15);
    const { x, y } = await pixelOf(page, ...spot);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/coverage/what-if') && r.status() === 200),
      page.mouse.click(x, y),
    ]);
    const result = (await response.json()) as { coveredAreaM2: { change: number } };
    expect(result.coveredAreaM2.change).toBeGreaterThan(0);
    const panel = page.getByRole('tabpanel', { name: 'What-if' });
    await expect.poll(() => panel.getByTestId('whatif-area-change').innerText()).toMatch(/Covered area \+[\d.,]+ (m²|km²)/);
    await expect.poll(() => panel.innerText()).toMatch(/the server answered in \d+ ms/);

    // Drag the hypothetical access point: the scenario is evaluated again.
    const handle = page.getByRole('img', { name: /Hypothetical access point 1/ });
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    const [again] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/coverage/what-if') && r.status() === 200),
      (async () => {
        await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, { steps: 10 });
        await page.mouse.up();
      })(),
    ]);
    const sent = JSON.parse(again.request().postData() ?? '{}') as { add: { lon: number; environment: string }[] };
    expect(sent.add[0].lon).toBeGreaterThan(spot[0]);
    expect(sent.add[0].environment).toBe('indoor'); // the one default
    await screenshot(page, 'planner-whatif.png');

    // Where the site would go: on a street it reaches farther than indoors.
    const [street] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/coverage/what-if') && r.status() === 200),
      panel.getByLabel('Where is new access point 1?').selectOption({ label: 'Outdoors, street' }),
    ]);
    expect((JSON.parse(street.request().postData() ?? '{}') as { add: { environment: string }[] }).add[0].environment).toBe('outdoor_urban');
    const reachOf = async (r: typeof street) => ((await r.json()) as { added: { reachM: number }[] }).added[0].reachM;
    expect(await reachOf(street)).toBeGreaterThan(await reachOf(again));

    // Without a pointer: switch off an existing access point from the list.
    await panel.getByLabel('Switch off an existing access point').selectOption({ index: 0 });
    const [withRemoval] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/coverage/what-if') && r.status() === 200),
      panel.getByRole('button', { name: 'Remove in this scenario' }).click(),
    ]);
    expect((JSON.parse(withRemoval.request().postData() ?? '{}') as { remove: number[] }).remove).toHaveLength(1);
    expect(await panel.getByRole('list', { name: 'Changes in this scenario' }).innerText()).toMatch(/Removed: /);

    await panel.getByLabel('Scenario name').fill('One outdoor site, central');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/scenarios') && r.request().method() === 'POST'),
      panel.getByRole('button', { name: 'Save scenario' }).click(),
    ]);
    expect(saved.status()).toBe(201);
    const savedList = panel.getByRole('list', { name: 'Saved scenarios' });
    await savedList.getByText('One outdoor site, central').waitFor();
    // Saved scenarios compare side by side.
    await panel.getByRole('table', { name: 'Saved scenarios side by side' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Export “One outdoor site, central” as GeoJSON' }).click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as FeatureCollection;
    expect(exported.type).toBe('FeatureCollection');
    expect(exported.features.map((f) => f.properties?.change)).toEqual(['add', 'remove']);

    page.once('dialog', (d) => void d.accept()); // "Delete the scenario …? This cannot be undone."
    await panel.getByRole('button', { name: 'Delete “One outdoor site, central”' }).click();
    await expect.poll(() => panel.innerText()).toContain('No saved scenarios yet.');
    const scenarios = await page.evaluate(() => fetch('/api/v1/scenarios').then((r) => r.json() as Promise<unknown[]>));
    expect(scenarios).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('when the session ends behind the planner’s back, then the next change explains it and asks to sign in again', async () => {
    await page.evaluate(() => fetch('/api/v1/session', { method: 'DELETE' }));
    await openTab(page, 'Siting');
    await page.getByRole('button', { name: /Recommend \d+ sites/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Staff sign-in' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Your staff session has ended');
    expect(await page.locator('#planner').count()).toBe(0);
    await dialog.getByLabel('Username').fill(username);
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tablist', { name: 'Planner tools' }).waitFor();
    errors.length = 0; // the forced 401 is logged by the browser itself
  });

  test('when the planner signs out, then the staff tools are gone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Staff sign-in' }).waitFor();
    expect(await page.getByRole('tablist', { name: 'Planner tools' }).count()).toBe(0);
    await page.reload();
    await page.waitForSelector('body[data-map-ready="true"]');
    expect(await page.getByRole('tablist', { name: 'Planner tools' }).count()).toBe(0);
  });

  // Found under CPU load: the panel was on screen before the workspace finished loading, and a sign-out then missed it.
  test('when the planner signs out while the workspace is still loading, then its loads are cancelled and the staff tools are gone and stay gone', async () => {
    // Service workers blocked: a request the worker answers is out of page.route's reach.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    try {
      const fresh = await context.newPage();
      await openApp(fresh, server.url);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await fresh.route('**/api/v1/access-points', async (route) => {
        await held; // the registry the workspace loads arrives only after the sign-out
        await route.continue().catch(() => undefined); // the page may have cancelled it meanwhile
      });
      const registryLoad = fresh.waitForRequest((r) => r.url().endsWith('/api/v1/access-points'));
      await signInOnPage(fresh, username, password);
      await registryLoad;
      // The workspace's registry load is on its way when the planner signs out: it is cancelled, not drawn.
      const cancelled = fresh.waitForEvent('requestfailed', (r) => r.url().endsWith('/api/v1/access-points'));
      await fresh.getByRole('button', { name: 'Sign out' }).click();
      await fresh.getByRole('button', { name: 'Staff sign-in' }).waitFor();
      expect(await fresh.getByRole('tablist', { name: 'Planner tools' }).count()).toBe(0);
      release();
      expect((await cancelled).failure()?.errorText).toMatch(/abort/i);
      expect(await fresh.getByRole('tablist', { name: 'Planner tools' }).count()).toBe(0);
      expect(await fresh.evaluate(() => document.body.classList.contains('is-staff'))).toBe(false);
      expect(await fresh.locator('#status').textContent()).not.toMatch(/Could not load/); // a cancelled load is not an error to report
    } finally {
      await context.close();
    }
  });
});

// ---- Leaflet ----

describe('a planner on a browser without WebGL (Leaflet)', mapHeavy, () => {
  let noWebGL: Browser;
  let page: Page;

  beforeAll(async () => {
    noWebGL = await launchBrowser({ webgl: false });
    page = await (await noWebGL.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await openApp(page, server.url);
    await signIn(page);
  });

  afterAll(() => noWebGL?.close());

  test('when an access point is added by clicking and then dragged, then both are saved', async () => {
    expect(await page.evaluate(() => window.wifiReach!.renderer)).toBe('leaflet');
    await page.getByRole('button', { name: 'Add access point' }).click();
    const spot = await openSpot(400);
    await zoomTo(page, ...spot, 17);
    const { x, y } = await pixelOf(page, ...spot);
    await page.mouse.click(x, y);
    const form = page.getByRole('tabpanel', { name: 'Registry' });
    await form.getByLabel('Name', { exact: true }).fill('Leaflet test kiosk');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/access-points') && r.request().method() === 'POST'),
      form.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { properties: { id: number } }).properties.id;

    await page.getByRole('button', { name: 'Move Leaflet test kiosk' }).click();
    const handle = page.getByRole('img', { name: /New position of Leaflet test kiosk/ });
    await handle.waitFor();
    await zoomTo(page, ...spot, 17);
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2 + 60, { steps: 12 });
    await page.mouse.up();
    await page.getByRole('button', { name: 'Save the new position' }).click();
    await expect
      .poll(async () => {
        const ap = (await registry()).features.find((f) => f.properties.id === id)!;
        return distance(ap.geometry.coordinates, spot, { units: 'meters' });
      })
      .toBeGreaterThan(20);
    const ap = (await registry()).features.find((f) => f.properties.id === id)!;
    expect(ap.geometry.coordinates[0]).toBeLessThan(spot[0]); // dragged west
    expect(ap.geometry.coordinates[1]).toBeLessThan(spot[1]); // and south
    await screenshot(page, 'planner-leaflet.png');
  });
});

// ---- tablet ----

describe('a planner on a tablet in portrait (820 × 1180)', mapHeavy, () => {
  test('when signed in, then the panel and the map share the screen and nothing scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await signIn(page);
      await openTab(page, 'Gaps');
      await page.getByRole('img', { name: /Covered share by ward/ }).waitFor();
      const panel = (await page.locator('#planner').boundingBox())!;
      const map = (await page.locator('#map').boundingBox())!;
      expect(panel.width).toBeGreaterThanOrEqual(320);
      expect(map.width).toBeGreaterThanOrEqual(400);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
      for (const tab of await page.getByRole('tab').all()) {
        const box = (await tab.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
        expect(box.height).toBeGreaterThanOrEqual(44); // a finger's width
      }
      await screenshot(page, 'planner-tablet.png');
    } finally {
      await context.close();
    }
  });
});
