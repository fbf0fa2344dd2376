// The report flow a resident meets on a 390×844 phone (issue 13, items 4–5): Submit reachable without
// scrolling, "me too" on a report the City has acknowledged, a thank-you that stays, an offline reload
// after a send, a queued report the server refuses shown where the resident looks, and a pin outside
// Kitchener refused before it is queued. MapLibre, and Leaflet where the layout differs.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportFeature } from '../../client/api';
import { collectPageErrors, launchBrowser, removeWorkDir, screenshot } from './harness';
import { addPlanner, layerProps, openResidentApp, outboxItems, phoneContext, pixelOf, queryDb, signIn, startSite, zoomTo, type Staff, type TestSite } from './resident-helpers';

const phone390 = { viewport: { width: 390, height: 844 } };
const spots = {
  sticky: { lon: -80.49, lat: 43.445 },
  acknowledged: { lon: -80.475, lat: 43.438 },
  offline: { lon: -80.468, lat: 43.432 },
  refused: { lon: -80.455, lat: 43.442 },
  outside: { lon: -80.38, lat: 43.36 }, // inside the map's extent, more than 1 km outside the city (checked by the server's rule in a unit test)
};
const password = 'correct horse battery staple';
let site: TestSite;
let browser: Browser;
let staff: Staff;

beforeAll(async () => {
  site = await startSite();
  await addPlanner(site.databasePath, 'planner1', password);
  staff = await signIn(site.server.url, 'planner1', password);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.server.stop();
  await removeWorkDir(site?.workDir);
});

async function pinAndKind(page: Page, kind: string, at: { lon: number; lat: number }): Promise<void> {
  await zoomTo(page, at, 16);
  await page.getByRole('button', { name: 'Report a problem here' }).tap();
  await page.getByRole('region', { name: 'Report a problem' }).waitFor();
  await page.getByRole('button', { name: 'Use map centre' }).tap();
  await page.getByRole('radio', { name: kind }).check();
}

/** Whether the element is wholly inside the window without scrolling anything. */
function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
  });
}

describe.each([
  ['MapLibre', ''],
  ['Leaflet', '?renderer=leaflet'],
])('on a phone (%s)', (renderer, query) => {
  test('when the kind is chosen, then Submit is on screen without scrolling, and the thank-you stays until dismissed', { timeout: 60_000 }, async () => {
    const context = await phoneContext(browser, undefined, phone390);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    try {
      await openResidentApp(page, `${site.server.url}/${query}`);
      await pinAndKind(page, 'Too weak', { lon: spots.sticky.lon + (renderer === 'Leaflet' ? 0.003 : 0), lat: spots.sticky.lat });
      expect(await inViewport(page, '#report-submit')).toBe(true);
      // …however far the form has scrolled: to the top, and to the note field.
      await page.locator('#report-panel').evaluate((el) => el.scrollTo(0, 0));
      expect(await inViewport(page, '#report-submit')).toBe(true);
      await page.getByLabel('Note').scrollIntoViewIfNeeded();
      expect(await inViewport(page, '#report-submit')).toBe(true);
      await screenshot(page, `report-sticky-submit-${renderer.toLowerCase()}.png`);

      await page.getByRole('button', { name: 'Submit report' }).tap();
      const card = page.getByRole('region', { name: /Your report “Too weak” is sent/ });
      await card.waitFor();
      await page.waitForTimeout(8_000); // longer than the status toast shows (7 s): the card is still there
      expect(await card.isVisible()).toBe(true);
      await screenshot(page, `report-thank-you-${renderer.toLowerCase()}.png`);
      await card.getByRole('button', { name: 'OK' }).tap();
      expect(await card.isVisible()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('me too', () => {
  test('when the City has acknowledged a report nearby, then “Me too” is offered in the action bar and counts', { timeout: 60_000 }, async () => {
    const response = await fetch(`${site.server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'no_wifi', lon: spots.acknowledged.lon, lat: spots.acknowledged.lat, clientId: randomUUID() }), // another phone
    });
    const theirs = (await response.json()) as ReportFeature;
    expect((await staff.send('PATCH', `/api/v1/reports/${theirs.properties.id}`, { status: 'acknowledged', publicNote: 'We are looking at it.' })).status).toBe(200);

    const context = await phoneContext(browser, undefined, phone390);
    const page = await context.newPage();
    try {
      await openResidentApp(page, site.server.url);
      await pinAndKind(page, 'No free Wi-Fi here', { lon: spots.acknowledged.lon + 0.0002, lat: spots.acknowledged.lat });
      const offer = page.locator('#me-too');
      await expect.poll(() => offer.innerText()).toContain(`report ${theirs.properties.id}, acknowledged by the City`);
      expect(await inViewport(page, '#me-too-button')).toBe(true);
      expect(await inViewport(page, '#report-submit')).toBe(true);
      await screenshot(page, 'report-me-too-acknowledged.png');
      const [confirmation] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/v1/reports/${theirs.properties.id}/confirmations`)),
        page.getByRole('button', { name: 'Me too' }).tap(),
      ]);
      expect(confirmation.status()).toBe(201);
      await page.getByRole('region', { name: new RegExp(`“me too” on report ${theirs.properties.id} is sent`) }).waitFor();
      const after = (await (await fetch(`${site.server.url}/api/v1/reports/${theirs.properties.id}`)).json()) as ReportFeature;
      expect(after.properties.confirmations).toBe(1);
      expect(after.properties.status).toBe('acknowledged');
    } finally {
      await context.close();
    }
  });
});

describe('offline', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await phoneContext(browser, undefined, phone390);
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  test('when a report was sent and the phone then reloads offline, then the map shows with the reports, the new one included', { timeout: 90_000 }, async () => {
    await openResidentApp(page, site.server.url);
    expect(await page.evaluate(() => window.wifiReach!.offlineReady)).toBe(true);
    await pinAndKind(page, 'Can\'t connect / login page fails', spots.offline);
    await page.getByRole('button', { name: 'Submit report' }).tap();
    await page.getByRole('region', { name: /is sent/ }).waitFor();
    const [sent] = (await outboxItems(page)).filter((i) => i.state === 'sent');
    const [{ id }] = queryDb<{ id: number }>(site.databasePath, 'SELECT id FROM reports WHERE client_id = ?', sent.clientId);
    // The worker refreshes its copy of the report list after the send (it used to delete it).
    await expect
      .poll(() => page.evaluate(async (want) => {
        const hit = await (await caches.open('wifi-reach-data-v1')).match('/api/v1/reports');
        return hit ? ((await hit.json()) as { features: { properties: { id: number } }[] }).features.some((f) => f.properties.id === want) : false;
      }, id), { timeout: 15_000 })
      .toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 30_000 });
    expect(await page.locator('#status').innerText()).not.toMatch(/Could not load/);
    expect((await layerProps(page, 'reports')).map((p) => p.id)).toContain(id);
    await screenshot(page, 'offline-reload-after-send.png');
    await context.setOffline(false);
  });

  test('when a pin is outside Kitchener, then the form refuses it before anything is queued', { timeout: 60_000 }, async () => {
    const before = (await outboxItems(page)).length;
    await context.setOffline(true);
    await zoomTo(page, spots.outside, 15);
    await page.getByRole('button', { name: 'Report a problem here' }).tap();
    await page.getByRole('region', { name: 'Report a problem' }).waitFor();
    // The form takes the lower half of the phone: the map shrinks after a frame (its ResizeObserver), so the
    // spot is centred again in the map that is left before its pixel is read.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await zoomTo(page, spots.outside, 15);
    const { x, y } = await pixelOf(page, spots.outside);
    await page.mouse.click(x, y); // a tap on the map places the pin there
    await page.getByRole('radio', { name: 'No free Wi-Fi here' }).check();
    await page.getByRole('button', { name: 'Submit report' }).tap();
    await expect.poll(() => page.locator('#error-position').innerText()).toContain('outside Kitchener');
    expect(await outboxItems(page)).toHaveLength(before);
    await page.getByRole('button', { name: 'Close the report form' }).tap();
    await context.setOffline(false);
  });

  test('when a queued report is refused by the server, then the header and a card say so, with the reason', { timeout: 60_000 }, async () => {
    await context.setOffline(true);
    await pinAndKind(page, 'Works here', spots.refused);
    await page.getByRole('button', { name: 'Submit report' }).tap();
    await page.getByRole('region', { name: /is saved/ }).waitFor();
    await page.route('**/api/v1/reports', (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      const problem = { type: 'about:blank', title: 'Invalid input', status: 400, detail: 'note: looks like a phone number', errors: [{ path: 'note', message: 'looks like a phone number' }] };
      return route.fulfill({ status: 400, contentType: 'application/problem+json', body: JSON.stringify(problem) });
    });
    try {
      await context.setOffline(false);
      const card = page.getByRole('region', { name: 'Not sent: Report: Works here' });
      await card.waitFor({ timeout: 20_000 });
      expect(await card.innerText()).toContain('note: looks like a phone number');
      await expect.poll(() => page.locator('.queue-indicator').innerText()).toContain('1 refused');
      await screenshot(page, 'offline-refused-shown.png');
    } finally {
      await page.unroute('**/api/v1/reports');
    }
  });
});
