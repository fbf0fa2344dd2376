// Residents on a phone (issue 4): offline first (service worker, queue, exactly-once delivery), "me too",
// "my reports" after staff act through the API, the connection test, the list view, a hotspot marked down.
// One server, one browser, and one phone (context) through most of the file, as a resident would use it.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccessPointCollection, ReportFeature } from '../../client/api';
import { collectPageErrors, launchBrowser, removeWorkDir, screenshot } from './harness';
import {
  addPlanner,
  cityHall,
  layerProps,
  openResidentApp,
  outboxItems,
  phoneContext,
  queryDb,
  signIn,
  startSite,
  zoomTo,
  type Staff,
  type TestSite,
} from './resident-helpers';

// Spots inside Kitchener, far enough apart that no report is offered as another's "me too".
const spots = {
  offline: { lon: -80.47, lat: 43.43 },
  interrupted: { lon: -80.465, lat: 43.435 },
  meToo: { lon: -80.48, lat: 43.44 },
  refused: { lon: -80.46, lat: 43.44 },
};

const password = 'correct horse battery staple';
let site: TestSite;
let browser: Browser;
let staff: Staff;
let context: BrowserContext; // "this phone"
let page: Page;
let errors: string[];

beforeAll(async () => {
  site = await startSite();
  await addPlanner(site.databasePath, 'planner1', password);
  staff = await signIn(site.server.url, 'planner1', password);
  browser = await launchBrowser();
  context = await phoneContext(browser);
  page = await context.newPage();
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await site?.server.stop();
  await removeWorkDir(site?.workDir);
});

const reportRows = (clientId: string) => queryDb<{ id: number; observed_at: string; kind: string }>(site.databasePath, 'SELECT id, observed_at, kind FROM reports WHERE client_id = ?', clientId);

/**
 * Opens the report form, places the pin and chooses the kind: at the phone's location (set on the context
 * beforehand), or at `centre`, by moving the map there and using "Use map centre". (The browser may hand
 * back a fix up to 5 s old, so tests that move on quickly use the map centre.)
 */
async function reportHere(kind: string, centre?: { lon: number; lat: number }): Promise<void> {
  if (centre) await zoomTo(page, centre, 16);
  await page.getByRole('button', { name: 'Report a problem here' }).tap();
  await page.getByRole('region', { name: 'Report a problem' }).waitFor();
  if (centre) {
    await page.getByRole('button', { name: 'Use map centre' }).tap();
    await expect.poll(() => page.locator('#position-text').innerText()).toMatch(/^Pin placed at the centre of the map/);
  } else {
    await page.getByRole('button', { name: 'Use my location' }).tap();
    await expect.poll(() => page.locator('#position-text').innerText()).toMatch(/^Pin at your location/);
  }
  await page.getByRole('radio', { name: kind }).check();
}

function waitingCount(): Promise<string | null> {
  return page.locator('.queue-indicator').evaluate((el) => (el.hasAttribute('hidden') ? '0' : ((el as HTMLElement).dataset.waiting ?? null)));
}

describe('offline first', () => {
  test('when the phone goes offline after one visit, then the app shell and the last-viewed map still load', async () => {
    await openResidentApp(page, site.server.url);
    expect(await page.evaluate(() => window.wifiReach!.offlineReady)).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // Installable: a valid manifest with icons and a worker; only the test browser's private profile objects.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    await cdp.detach();

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
    expect(await layerProps(page, 'boundary')).toHaveLength(1);
    expect((await layerProps(page, 'accessPoints')).length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.queue-indicator').innerText(), { timeout: 5_000 }).toContain('Offline');
    await context.setOffline(false);
    // Back in reach: the browser may not notice (navigator.onLine can stay true offline); the app's probe does.
    await expect.poll(() => page.locator('.queue-indicator').isVisible(), { timeout: 5_000 }).toBe(false);
  });

  test('when a report is submitted offline, then it shows as queued, and is sent exactly once when the phone is back online', { timeout: 60_000 }, async () => {
    await context.setGeolocation({ longitude: spots.offline.lon, latitude: spots.offline.lat, accuracy: 15 });
    await context.setOffline(true);
    await reportHere('No free Wi-Fi here');
    await page.getByLabel('Note').fill('Nothing at the bus shelter on the corner');
    await page.getByRole('button', { name: 'Submit report' }).tap();

    await expect.poll(() => page.locator('#status').innerText()).toContain('saved on this phone');
    const [item] = await outboxItems(page);
    expect(item).toMatchObject({ state: 'queued', label: 'Report: No free Wi-Fi here', action: { type: 'report' } });
    const observedAt = item.action.body.observedAt as string;
    expect(Date.now() - Date.parse(observedAt)).toBeLessThan(60_000);
    expect(item.action.body).toMatchObject({ kind: 'no_wifi', lon: spots.offline.lon, lat: spots.offline.lat, accuracyM: 15 });
    expect(item.action.body.deviceId).toBeUndefined(); // the device is its X-Device-Token, fetched when sent
    expect(reportRows(item.clientId)).toHaveLength(0);
    // A credential the server no longer knows (a restored backup, a revoked token): refused once, then replaced.
    const stale = 'd1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await page.evaluate((token) => localStorage.setItem('wifi-reach.deviceToken', token), stale);
    expect(await waitingCount()).toBe('1');

    // The header's indicator opens "My reports", where the report waits as "Queued".
    await page.locator('.queue-indicator').tap();
    const mine = page.getByRole('region', { name: 'My reports' });
    await mine.waitFor();
    await expect.poll(() => mine.innerText()).toMatch(/Queued\s+Report: No free Wi-Fi here/);
    await screenshot(page, 'offline-queued.png');

    await context.setOffline(false); // the online event sends it
    await expect.poll(async () => (await outboxItems(page)).find((i) => i.clientId === item.clientId)?.state, { timeout: 20_000 }).toBe('sent');
    const rows = reportRows(item.clientId);
    expect(rows).toHaveLength(1);
    expect(Date.parse(rows[0].observed_at)).toBe(Date.parse(observedAt)); // the original time, not the time it was sent
    const token = await page.evaluate(() => localStorage.getItem('wifi-reach.deviceToken'));
    expect(token).toMatch(/^d1\./);
    expect(token).not.toBe(stale);
    const [keys] = queryDb<{ device_key: string | null; cohort_key: string | null }>(site.databasePath, 'SELECT device_key, cohort_key FROM reports WHERE id = ?', rows[0].id);
    expect(keys.device_key && keys.cohort_key).toBeTruthy(); // sent as a known device
    await expect.poll(() => mine.innerText()).toMatch(/Sent\s+Report: No free Wi-Fi here/);
    await expect.poll(() => mine.innerText(), { timeout: 10_000 }).toMatch(/No free Wi-Fi here\s+Open waiting for the City/);
    expect(await waitingCount()).toBe('0');
    await expect.poll(async () => (await layerProps(page, 'reports')).filter((p) => p.id === rows[0].id)).toHaveLength(1);
    await page.getByRole('button', { name: 'Close my reports' }).tap();
  });

  test('when the first send reaches the server but its answer is lost, then the retry returns the first result and there is still one row', { timeout: 60_000 }, async () => {
    let posts = 0;
    await page.route('**/api/v1/reports', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      posts++;
      if (posts > 1) return route.fallback();
      const stored = await route.fetch(); // the server stores the report…
      expect(stored.status()).toBe(201);
      await route.abort('connectionreset'); // …and the phone never hears back
    });
    try {
      await reportHere('Too weak', spots.interrupted);
      await page.getByRole('button', { name: 'Submit report' }).tap();
      await expect.poll(() => page.locator('#status').innerText()).toContain('saved on this phone');
      const item = (await outboxItems(page)).find((i) => i.state === 'queued')!;
      expect(reportRows(item.clientId)).toHaveLength(1); // already stored, though the phone does not know it

      // The retry timer (5 s ± 20 %) sends it again with the same clientId; the server answers 200 with the first report.
      const retried = page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST', { timeout: 20_000 });
      expect((await retried).status()).toBe(200);
      await expect.poll(async () => (await outboxItems(page)).find((i) => i.clientId === item.clientId)?.state).toBe('sent');
      expect(posts).toBe(2);
      const rows = reportRows(item.clientId);
      expect(rows).toHaveLength(1);
      await expect.poll(() => page.locator('#status').innerText()).toContain('Sent: Report: Too weak');
      await expect.poll(async () => (await layerProps(page, 'reports')).filter((p) => p.id === rows[0].id)).toHaveLength(1);
    } finally {
      await page.unroute('**/api/v1/reports');
    }
  });

  test('when a queued report is refused by the server (a 4xx), then it shows as failed with the reason and is not retried', { timeout: 40_000 }, async () => {
    await context.setOffline(true);
    await reportHere('Works here', spots.refused);
    await page.getByRole('button', { name: 'Submit report' }).tap();
    await expect.poll(() => page.locator('#status').innerText()).toContain('saved on this phone');
    const item = (await outboxItems(page)).find((i) => i.state === 'queued' && i.label === 'Report: Works here')!;

    let posts = 0;
    await page.route('**/api/v1/reports', (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      posts++;
      const problem = { type: 'about:blank', title: 'Invalid input', status: 400, detail: 'note: looks like a phone number', errors: [{ path: 'note', message: 'looks like a phone number' }] };
      return route.fulfill({ status: 400, contentType: 'application/problem+json', body: JSON.stringify(problem) });
    });
    try {
      await context.setOffline(false);
      await expect.poll(async () => (await outboxItems(page)).find((i) => i.clientId === item.clientId)?.state).toBe('failed');
      await page.getByRole('button', { name: 'My reports', exact: true }).tap();
      const mine = page.getByRole('region', { name: 'My reports' });
      await expect.poll(() => mine.innerText()).toMatch(/Failed\s+Report: Works here\s+.*failed: note: looks like a phone number/);
      await page.waitForTimeout(6_500); // longer than the first retry delay (5 s + 20 %)
      expect(posts).toBe(1);
      expect(await waitingCount()).toBe('0');
      await mine.getByRole('button', { name: 'Remove' }).tap();
      await expect.poll(async () => (await outboxItems(page)).some((i) => i.clientId === item.clientId)).toBe(false);
      await page.getByRole('button', { name: 'Close my reports' }).tap();
    } finally {
      await page.unroute('**/api/v1/reports');
    }
  });
});

describe('reporting', () => {
  test('when the same problem is already open nearby, then “Me too” adds a confirmation instead of a second report, in two taps', async () => {
    const response = await fetch(`${site.server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'cant_connect', lon: spots.meToo.lon, lat: spots.meToo.lat, clientId: randomUUID(), deviceId: randomUUID() }), // another phone
    });
    const theirs = (await response.json()) as ReportFeature;
    const reportsBefore = queryDb<{ n: number }>(site.databasePath, 'SELECT COUNT(*) AS n FROM reports')[0].n;

    await reportHere("Can't connect / login page fails", { lon: spots.meToo.lon + 0.0002, lat: spots.meToo.lat }); // ~16 m away; tap 1 after the pin: the kind
    const offer = page.locator('#me-too');
    await expect.poll(() => offer.innerText()).toContain(`report ${theirs.properties.id}, open`);
    expect(await page.getByRole('button', { name: 'Send a new report instead' }).isVisible()).toBe(true);

    const [confirmation] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${theirs.properties.id}/confirmations`)),
      page.getByRole('button', { name: 'Me too' }).tap(), // tap 2
    ]);
    expect(confirmation.status()).toBe(201);
    await expect.poll(() => page.locator('#status').innerText()).toContain(`You said “me too” to report ${theirs.properties.id}: 1 person has now confirmed it`);
    const after = (await (await fetch(`${site.server.url}/api/v1/reports/${theirs.properties.id}`)).json()) as ReportFeature;
    expect(after.properties.confirmations).toBe(1);
    expect(queryDb<{ n: number }>(site.databasePath, 'SELECT COUNT(*) AS n FROM report_confirmations WHERE report_id = ?', theirs.properties.id)[0].n).toBe(1);
    expect(queryDb<{ n: number }>(site.databasePath, 'SELECT COUNT(*) AS n FROM reports')[0].n).toBe(reportsBefore);
  });

  test('when staff acknowledge and resolve a report through the API, then “my reports” shows the status and the City’s notes, and “Still not working” reopens it', async () => {
    const sent = (await outboxItems(page)).find((i) => i.label === 'Report: No free Wi-Fi here' && i.state === 'sent')!;
    const [{ id }] = reportRows(sent.clientId);
    for (const change of [
      { status: 'acknowledged', publicNote: 'We are checking the access points at Kingsdale.' },
      { status: 'resolved', publicNote: 'A new outdoor access point now covers this corner.' },
    ]) {
      const response = await staff.send('PATCH', `/api/v1/reports/${id}`, change);
      expect(response.status, await response.clone().text()).toBe(200);
    }

    await page.getByRole('button', { name: 'My reports', exact: true }).tap();
    const mine = page.getByRole('region', { name: 'My reports' });
    await expect.poll(() => mine.innerText()).toMatch(/No free Wi-Fi here\s+Resolved the City says it is fixed/);
    const text = await mine.innerText();
    expect(text).toContain('acknowledged: “We are checking the access points at Kingsdale.”');
    expect(text).toContain('resolved: “A new outdoor access point now covers this corner.”');
    expect(text).toMatch(/You said “me too” on/); // the confirmation from the test before
    await page.waitForTimeout(300);
    await mine.locator('.report-card', { hasText: 'Resolved' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'my-reports.png');

    // Back in the dead zone with no connection: "still not working" waits on the phone like a report.
    await context.setOffline(true);
    await page.getByRole('button', { name: new RegExp(`^Still not working: reopen report ${id}`) }).tap();
    await expect.poll(() => page.locator('#status').innerText()).toContain(`“Still not working” for report ${id} is saved on this phone`);
    const queued = (await outboxItems(page)).find((i) => i.action.type === 'reopen')!;
    expect(queued).toMatchObject({ state: 'queued', action: { type: 'reopen', reportId: Number(id) } });
    const status = async () => ((await (await fetch(`${site.server.url}/api/v1/reports/${id}`)).json()) as ReportFeature).properties.status;
    expect(await status()).toBe('resolved');
    await context.setOffline(false); // the online event sends it
    await expect.poll(async () => (await outboxItems(page)).find((i) => i.clientId === queued.clientId)?.state, { timeout: 20_000 }).toBe('sent');
    expect(await status()).toBe('open');
    await expect.poll(() => page.locator('#status').innerText()).toContain('Sent: “Still not working”');
    await expect.poll(() => mine.innerText()).toMatch(/No free Wi-Fi here\s+Open waiting for the City/);
    await page.getByRole('button', { name: 'Close my reports' }).tap();
  });

  test('when the pin is within reach of a hotspot marked down, then the resident is told, and can still report it with that network chosen', async () => {
    const accessPoints = (await (await fetch(`${site.server.url}/api/v1/access-points`)).json()) as AccessPointCollection;
    const park = accessPoints.features.find((f) => f.properties.name === 'Victoria Park')!;
    expect((await staff.send('PATCH', `/api/v1/access-points/${park.properties.id}`, { status: 'down' })).status).toBe(200);

    const [lon, lat] = park.geometry.coordinates;
    const fresh = await phoneContext(browser, { lon: lon + 0.001, lat }, { serviceWorkers: 'block' }); // ~80 m east, well within its reach
    try {
      const other = await fresh.newPage();
      await openResidentApp(other, site.server.url);
      await other.getByRole('button', { name: 'Report a problem here' }).tap();
      await other.getByRole('button', { name: 'Use my location' }).tap();
      const notice = other.locator('#down-notice');
      await expect.poll(() => notice.innerText()).toBe('The hotspot at Victoria Park is down right now. You can still report what you find.');
      const network = other.getByLabel(/Network you tried/);
      expect(await network.locator('option').allInnerTexts()).toContainEqual(expect.stringMatching(/^KitchenerWiFi at Victoria Park \(\d+ m\), marked down$/));
      await network.selectOption(String(park.properties.id));
      await other.getByRole('radio', { name: 'Hotspot down' }).check();
      await other.getByRole('checkbox', { name: /Test my connection after sending/ }).check();
      const [response] = await Promise.all([
        other.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST'),
        other.getByRole('button', { name: 'Submit report' }).tap(),
      ]);
      expect(response.status()).toBe(201);
      expect(JSON.parse(response.request().postData() ?? '{}')).toMatchObject({ kind: 'hotspot_down', accessPointId: park.properties.id });
      // "Test my connection after sending": the test opens at the report's pin, with focus in it.
      const test = other.getByRole('region', { name: 'Test my connection' });
      await test.waitFor();
      await expect.poll(() => test.innerText()).toContain('Where you placed your report’s pin (±');
      await expect.poll(() => other.evaluate(() => document.activeElement?.textContent)).toBe('Test my connection');
    } finally {
      await fresh.close();
      await staff.send('PATCH', `/api/v1/access-points/${park.properties.id}`, { status: 'active' });
    }
  });
});

describe('connection test and list view', () => {
  test('when the resident runs “Test my connection” on a free network, then progress shows and the figures are stored as an observation of it', async () => {
    await context.setGeolocation({ longitude: cityHall.lon, latitude: cityHall.lat, accuracy: 8 });
    const before = queryDb<{ n: number }>(site.databasePath, 'SELECT COUNT(*) AS n FROM observations')[0].n;
    await page.getByRole('button', { name: 'Speed test' }).tap();
    const panel = page.getByRole('region', { name: 'Test my connection' });
    await panel.waitFor();
    await expect.poll(() => panel.innerText()).toContain('Your location (±8 m).'); // located at once: permission was granted
    await page.getByRole('radio', { name: /^KitchenerWiFi at Kitchener City Hall/ }).check();

    const progressSeen = page.locator('#ct-progress').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Start the test' }).tap();
    await progressSeen;
    await expect.poll(() => panel.innerText(), { timeout: 40_000 }).toContain('Saved. Thank you');
    const text = await panel.innerText();
    expect(text).toMatch(/Delay\s+\d+ ms/);
    expect(text).toMatch(/Download\s+[\d.]+ Mbit\/s/);
    expect(text).toMatch(/Upload\s+[\d.]+ Mbit\/s/);
    await screenshot(page, 'connection-test.png');

    const rows = queryDb<{ latency_ms: number; down_mbps: number; up_mbps: number; access_point_id: number; accuracy_m: number; source: string }>(
      site.databasePath,
      'SELECT latency_ms, down_mbps, up_mbps, access_point_id, accuracy_m, source FROM observations ORDER BY id DESC LIMIT 1',
    );
    expect(queryDb<{ n: number }>(site.databasePath, 'SELECT COUNT(*) AS n FROM observations')[0].n).toBe(before + 1);
    expect(rows[0].latency_ms).toBeGreaterThanOrEqual(0);
    expect(rows[0].down_mbps).toBeGreaterThan(0);
    expect(rows[0].up_mbps).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ access_point_id: 20, accuracy_m: 8, source: 'app' });
    await page.getByRole('button', { name: 'Close test my connection' }).tap();
  });

  test('when the list view is opened, then nearby free Wi-Fi with distances and open reports are listed, and coverage is explained', async () => {
    await zoomTo(page, spots.meToo, 15);
    await page.getByRole('button', { name: 'List', exact: true }).tap();
    const panel = page.getByRole('region', { name: 'Nearby free Wi-Fi' });
    await panel.waitFor();
    await expect.poll(() => panel.innerText()).toContain('Distances from the centre of the map.');
    const first = panel.locator('ol li').first();
    expect(await first.innerText()).toMatch(/network (KitchenerWiFi|name not recorded) · [\d.]+ k?m away/);
    await expect.poll(() => panel.innerText()).toMatch(/Can't connect \/ login page fails\s+Open · \d+ m away · 1 said “me too”\s+You said “me too”\./);
    await panel.getByRole('button', { name: 'Why this colour?' }).tap();
    await expect.poll(() => panel.innerText()).toContain('Evidence');
    // The map nudged a few metres (as opening the panel can): the explanation stays. Until 2026-12-07 it was redrawn
    // and dropped 300 ms later (the accessibility test on a loaded machine). Moved well off the spot, it goes.
    const nudge = (px: number) => page.evaluate((dx) => (window.wifiReach!.map as unknown as { panBy(offset: [number, number], options: object): void }).panBy([dx, 0], { animate: false }), px);
    await nudge(3);
    await page.waitForTimeout(800);
    expect(await panel.innerText()).toContain('Evidence');
    await nudge(60);
    await expect.poll(() => panel.innerText()).not.toContain('Evidence');
    await panel.getByRole('button', { name: 'Why this colour?' }).tap();
    await expect.poll(() => panel.innerText()).toContain('Evidence');
    await page.evaluate(() => document.querySelector('#panel-list')!.scrollTo(0, 0));
    await screenshot(page, 'list-view.png');
    await page.getByRole('button', { name: 'Close nearby free wi-fi' }).tap();
    // Offline, the cut-off send, the refused one and the stale device token above log failed loads; nothing else may go wrong.
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|status of (400|401|503)/.test(e))).toEqual([]);
  });
});
