// Coverage on the map (issue 3, client): cells by zoom, gap outlines, transit stops only when zoomed in,
// layer switches by keyboard, "why this colour?", and the gap list moving the map — in MapLibre and Leaflet.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GapCollection } from '../../client/api';
import { collectPageErrors, launchBrowser, removeWorkDir, screenshot } from './harness';
import { cityHall, layerProps, layerShown, mapState, openResidentApp, phone, pixelOf, startSite, zoomTo, type TestSite } from './resident-helpers';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.server.stop();
  await removeWorkDir(site?.workDir);
});

async function gaps(): Promise<GapCollection> {
  return (await fetch(`${site.server.url}/api/v1/coverage/gaps`)).json() as Promise<GapCollection>;
}

/** Waits until the coverage layer holds cells of one level: the refetch after a move has landed. */
async function cellsAtLevel(page: Page, level: number): Promise<Record<string, unknown>[]> {
  await expect.poll(async () => new Set((await layerProps(page, 'coverage')).map((p) => p.level)), { timeout: 15_000 }).toEqual(new Set([level]));
  return layerProps(page, 'coverage');
}

for (const renderer of ['maplibre', 'leaflet'] as const) {
  describe(`coverage on a phone (${renderer})`, () => {
    let browser: Browser;
    let page: Page;
    let errors: string[];
    const shot = (name: string) => screenshot(page, renderer === 'maplibre' ? `${name}.png` : `${name}-leaflet.png`);

    beforeAll(async () => {
      browser = await launchBrowser({ webgl: renderer === 'maplibre' });
      page = await (await browser.newContext({ ...phone, serviceWorkers: 'block' })).newPage();
      errors = collectPageErrors(page);
      await openResidentApp(page, site.server.url);
      expect(await page.evaluate(() => window.wifiReach!.renderer)).toBe(renderer);
    });

    afterAll(() => browser?.close());

    test('when the city view loads, then 400 m blocks and every gap outline are loaded (the worst drawn), and transit stops are neither drawn nor loaded', async () => {
      const cells = await cellsAtLevel(page, 2);
      expect(cells.length).toBeGreaterThan(0);
      for (const c of cells) {
        expect(['good', 'fair', 'poor', 'none']).toContain(c.class);
        expect(c.confidence).toBeGreaterThanOrEqual(0);
      }
      expect(await layerProps(page, 'gaps')).toHaveLength((await gaps()).features.length);
      expect((await mapState(page)).zoom).toBeLessThan(13);
      expect(await layerProps(page, 'transitStops', { rendered: true })).toHaveLength(0);
      expect(await layerProps(page, 'transitStops')).toHaveLength(0); // not even downloaded (issue 13)
      expect((await layerProps(page, 'places', { rendered: true })).length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await shot('coverage-city');
    });

    test('when zoomed to a street, then 25 m cells of several classes show under the points, and transit stops appear', async () => {
      await zoomTo(page, cityHall, 16);
      const cells = await cellsAtLevel(page, 0);
      const classes = new Set(cells.map((c) => c.class));
      expect(classes).toContain('good');
      expect(classes).toContain('poor');
      await expect.poll(async () => (await layerProps(page, 'transitStops', { rendered: true })).length).toBeGreaterThan(0);
      if (renderer === 'maplibre') {
        const order = await page.evaluate(() => (window.wifiReach!.map as import('maplibre-gl').Map).getStyle().layers.map((l) => l.id));
        expect(order.indexOf('coverage-fill')).toBeLessThan(order.indexOf('places'));
        expect(order.indexOf('coverage-fill')).toBeLessThan(order.indexOf('access-points'));
      }
      await shot('coverage-street');
    });

    test('when the layer switches are used with the keyboard, then each layer hides and shows again', async () => {
      const summary = page.locator('#legend summary');
      await summary.focus();
      await page.keyboard.press('Enter'); // opens the legend
      const coverage = page.getByRole('checkbox', { name: /^Coverage/ });
      for (let i = 0; i < 5 && !(await coverage.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
      await expect.poll(() => coverage.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Space');
      await expect.poll(() => layerShown(page, 'coverage')).toBe(false);
      await page.keyboard.press('Space');
      await expect.poll(() => layerShown(page, 'coverage')).toBe(true);

      // The points go out of the way for the next test, which clicks the coverage itself.
      for (const name of [/^Places/, /^Transit stops/, /^Residents’ reports/]) {
        const box = page.getByRole('checkbox', { name });
        await box.focus();
        await page.keyboard.press('Space');
        expect(await box.isChecked()).toBe(false);
      }
      expect(await layerShown(page, 'places')).toBe(false);
      expect(await layerShown(page, 'transitStops')).toBe(false);
      expect(await layerShown(page, 'reports')).toBe(false);
      await summary.click(); // fold the legend away again
    });

    test('when a coverage cell is clicked, then the popup explains its colour in plain words', async () => {
      const spot = { lon: cityHall.lon + 0.0006, lat: cityHall.lat }; // ~50 m east: clear of the access point's dot
      await zoomTo(page, spot, 17); // the spot in the middle of a settled map, clear of the legend and any popup
      const { x, y } = await pixelOf(page, spot);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/v1/coverage/explain')), page.mouse.click(x, y)]);
      expect(response.status()).toBe(200);
      const heading = page.getByRole('heading', { name: /signal here$/ });
      await heading.waitFor();
      const popupText = await heading.locator('xpath=..').innerText();
      expect(popupText).toMatch(/a \d+ % chance of usable free Wi-Fi — (fairly sure|somewhat sure|unsure) \(± \d+ dB\)/);
      expect(popupText.match(/chance of usable free Wi-Fi/g)).toHaveLength(1); // said once, in the server's words

      // The whole explanation opens in a panel, with focus moved to it.
      await page.getByRole('button', { name: 'Why this colour?' }).click();
      const panel = page.getByRole('region', { name: 'Why this colour?' });
      await panel.waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Why this colour?');
      const text = await panel.innerText();
      expect(text).toMatch(/−\d+ dBm/);
      expect(text).toContain('Kitchener City Hall');
      expect(text).toMatch(/m away/);
      expect(text).toContain('Evidence');
      expect(text).toMatch(/How sure\s+\d+ % chance of usable free Wi-Fi/);
      await page.keyboard.press('Escape'); // closes the panel
      expect(await panel.isVisible()).toBe(false);
      await page.locator('#legend summary').click();
      for (const name of [/^Places/, /^Transit stops/, /^Residents’ reports/]) await page.getByRole('checkbox', { name }).check();
      await page.locator('#legend summary').click();
    });

    test('when a gap is chosen in the gap list, then the map moves to show it', async () => {
      const [gap] = (await gaps()).features;
      await zoomTo(page, { lon: -80.44, lat: 43.40 }, 16); // far from the gap's centre
      await page.getByRole('button', { name: 'Gaps', exact: true }).click();
      const entry = page.getByRole('button', { name: /^Gap 1: / });
      await entry.waitFor();
      expect(await entry.innerText()).toMatch(/Need score [\d,]+: [\d,]+ places, [\d,]+ transit stops, \d+ reports? inside/);
      expect(await entry.innerText()).toMatch(/Not confirmed yet: needs reports from \d+ more phones?|Confirmed/);
      await entry.focus();
      await page.keyboard.press('Enter');

      const [minLon, minLat, maxLon, maxLat] = gap.properties.bbox;
      await expect
        .poll(async () => {
          const { center, zoom } = await mapState(page);
          return Math.abs(center[0] - (minLon + maxLon) / 2) < 0.03 && Math.abs(center[1] - (minLat + maxLat) / 2) < 0.03 && zoom < 13;
        }, { timeout: 10_000 })
        .toBe(true);
      await expect.poll(() => page.getByRole('status').innerText()).toContain('Showing gap 1 on the map');
      await page.waitForTimeout(500); // let the cells for the new view arrive before the picture
      await shot('gap-list');
      expect(errors).toEqual([]);
    });
  });
}
