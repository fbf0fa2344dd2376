// Issue 13, items 1–3 on a phone (390×844), in MapLibre and in Leaflet, with every request to another host
// blocked: streets and their names at street zoom, opening at the resident's position with the answer card,
// and search by address and by place.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type * as L from 'leaflet';
import { collectPageErrors, launchBrowser, removeWorkDir } from './harness';
import { cityHall, mapState, startSite, type TestSite } from './resident-helpers';

const phone390 = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;
const victoriaPark = { lon: -80.4985, lat: 43.4476 }; // the park, ~600 m from City Hall
const metres = (a: [number, number], b: { lon: number; lat: number }) =>
  Math.hypot((a[0] - b.lon) * 111_320 * Math.cos((b.lat * Math.PI) / 180), (a[1] - b.lat) * 111_132);

let site: TestSite;
const browsers: Browser[] = [];

beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  for (const b of browsers) await b.close();
  await site?.server.stop();
  await removeWorkDir(site?.workDir);
});

/** A phone context where only the app's own server answers. */
async function offlineWorldContext(browser: Browser, withLocation: boolean): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({
    ...phone390,
    ...(withLocation ? { permissions: ['geolocation'], geolocation: { longitude: cityHall.lon, latitude: cityHall.lat, accuracy: 25 } } : {}),
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  return { context, blocked };
}

/** Street lines, street names and place names drawn on screen now, whichever renderer. */
function streetsOnScreen(page: Page): Promise<{ streets: number; names: string[]; places: string[] }> {
  return page.evaluate(async () => {
    const app = window.wifiReach!;
    if (app.renderer === 'maplibre') {
      const map = app.map as unknown as MapLibreMap;
      await new Promise((resolve) => (map.loaded() && !map.isMoving() ? resolve(null) : map.once('idle', resolve)));
      const streets = map.queryRenderedFeatures({ layers: ['basemap-streets', 'basemap-arterials'] }).length;
      const names = map.queryRenderedFeatures({ layers: ['basemap-labels'] }).map((f) => String(f.properties.name));
      const places = map.queryRenderedFeatures({ layers: ['place-labels'] }).map((f) => String(f.properties.name));
      return { streets, names, places };
    }
    const map = app.map as unknown as L.Map;
    let streets = 0;
    map.eachLayer((layer) => {
      if ((layer as unknown as { wifiReachLayer?: string }).wifiReachLayer === 'basemap') streets += (layer as L.GeoJSON).getLayers().length;
    });
    const names = [...document.querySelectorAll('.street-label')].map((e) => e.textContent ?? '');
    const places = [...document.querySelectorAll('.place-label')].map((e) => e.textContent ?? '');
    return { streets, names, places };
  });
}

/** Street labels whose drawn box overlaps a place label's by more than a pixel or two of text shadow, as "street / place". */
function labelOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const inset = 2; // px: glyph side bearings and the text shadow
    const rects = (selector: string) => [...document.querySelectorAll(selector)].map((e) => ({ name: e.textContent ?? '', r: e.getBoundingClientRect() }));
    const places = rects('.place-label');
    const overlaps: string[] = [];
    for (const s of rects('.street-label'))
      for (const p of places) {
        const w = Math.min(s.r.right, p.r.right) - Math.max(s.r.left, p.r.left) - 2 * inset;
        const h = Math.min(s.r.bottom, p.r.bottom) - Math.max(s.r.top, p.r.top) - 2 * inset;
        if (w > 0 && h > 0) overlaps.push(`${s.name} / ${p.name}`);
      }
    return overlaps;
  });
}

describe.each(['maplibre', 'leaflet'] as const)('%s on a phone, no internet', (renderer) => {
  const url = () => `${site.server.url}/${renderer === 'leaflet' ? '?renderer=leaflet' : ''}`;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser({ webgl: renderer === 'maplibre' });
    browsers.push(browser);
  });

  test('with location allowed, the map opens at the resident with the dot, street names and the answer card', async () => {
    const { context, blocked } = await offlineWorldContext(browser, true);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url());
    await page.waitForFunction(() => window.wifiReach?.opened);
    expect(await page.evaluate(() => window.wifiReach!.opened)).toBe('location');
    await page.waitForSelector('body[data-map-ready="true"]');
    await page.waitForSelector('.answer-card:not([hidden]) .answer-line');
    const card = await page.textContent('.answer-card');
    expect(card).toMatch(/Free Wi-Fi here: (good|fair|poor|none) \((predicted|measured)\)/);
    expect(card).toMatch(/nearest free Wi-Fi: .+, \d+ m/);
    const directions = await page.getAttribute('.answer-directions', 'href');
    expect(directions).toMatch(/^(https:\/\/www\.openstreetmap\.org\/directions|geo:|https:\/\/maps\.apple\.com)/);
    expect(await page.isVisible('.here-dot')).toBe(true);
    const state = await mapState(page);
    expect(metres(state.center, cityHall)).toBeLessThan(60);
    expect(state.zoom).toBeGreaterThanOrEqual(15.5);
    await page.waitForFunction(() => document.querySelectorAll('.street-label').length > 0 || window.wifiReach!.renderer === 'maplibre');
    const drawn = await streetsOnScreen(page);
    expect(drawn.streets).toBeGreaterThan(10);
    expect(drawn.names.length).toBeGreaterThan(2);
    // City Hall is on King Street West: its name is on screen.
    expect(drawn.names.some((n) => /King Street|Young Street|Duke Street|Queen Street/.test(n)), drawn.names.join(', ')).toBe(true);
    // And the places around it by name, in both renderers (Leaflet drew only their dots until 2026-12-05).
    expect(drawn.places.some((n) => /Kitchener City Hall/.test(n)), drawn.places.join(', ')).toBe(true);
    // No street name is drawn over a place name (Leaflet's DOM labels; MapLibre's symbol collision does this itself):
    // until 2026-12-05 "Duke Street West" ran into a place name beside City Hall.
    if (renderer === 'leaflet') expect(await labelOverlaps(page)).toEqual([]);
    await page.screenshot({ path: `/tmp/street-${renderer}-phone.png` });
    // A tap just below the card asks about that spot: its popup opens there and the card no longer covers it (it lay
    // over "why this colour?" whenever the tap was near the top of the map, until 2026-12-06).
    const cardBox = (await page.locator('.answer-card').boundingBox())!;
    await page.mouse.click(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height + 40);
    await page.waitForSelector('.explain-summary');
    expect(await page.isHidden('.answer-card')).toBe(true);
    const popupTop = (await page.locator('.explain-summary').boundingBox())!;
    const onTop = await page.evaluate(([x, y]) => !!document.elementFromPoint(x, y)?.closest('.explain-summary'), [popupTop.x + popupTop.width / 2, popupTop.y + popupTop.height / 2]);
    expect(onTop).toBe(true);
    // And its title is not under the search box: the map pans it clear of the box (it opened under it, until 2026-12-06).
    const titleClear = () => {
      const title = document.querySelector('.explain-summary .popup-title')!.getBoundingClientRect();
      const box = document.querySelector('.search-box')!.getBoundingClientRect();
      return title.top >= box.bottom && !!document.elementFromPoint(title.left + title.width / 2, title.top + title.height / 2)?.closest('.popup-title');
    };
    await page.waitForFunction(titleClear, undefined, { timeout: 3000 }).catch(() => undefined);
    expect(await page.evaluate(titleClear)).toBe(true);
    await page.screenshot({ path: `/tmp/street-${renderer}-phone-tapped.png` });
    expect(blocked).toEqual([]); // nothing was even asked of another host
    expect(errors).toEqual([]);
    await context.close();
  });

  test('on a 320 px and a 360 px phone, the search box hint is never cut off (a shorter one where the longer does not fit)', async () => {
    const hints: Record<number, string> = {};
    for (const width of [320, 360]) {
      const context = await browser.newContext({ ...phone390, viewport: { width, height: 700 } });
      const page = await context.newPage();
      await page.goto(url());
      await page.waitForSelector('body[data-hotspots-drawn]');
      // Laid out as text in a span with the input's font, the hint must fit inside the input's padding.
      const fit = await page.evaluate(() => {
        const input = document.getElementById('search-input') as HTMLInputElement, style = getComputedStyle(input);
        const span = document.createElement('span');
        span.textContent = input.placeholder;
        Object.assign(span.style, { font: style.font, position: 'absolute', visibility: 'hidden', whiteSpace: 'pre' });
        document.body.append(span);
        const text = span.getBoundingClientRect().width;
        span.remove();
        return { hint: input.placeholder, text, room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
      });
      expect(fit.text, JSON.stringify(fit)).toBeLessThanOrEqual(fit.room);
      hints[width] = fit.hint;
      await page.screenshot({ path: `/tmp/search-hint-${renderer}-${width}.png` });
      await context.close();
    }
    expect(hints[360]).toBe('Address or place'); // the full hint wherever it fits
  });

  test('without location, the map opens on the city with the search box focused; address and place search move the map', async () => {
    const { context } = await offlineWorldContext(browser, false);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url());
    await page.waitForFunction(() => window.wifiReach?.opened);
    expect(await page.evaluate(() => window.wifiReach!.opened)).toBe('city');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await page.waitForSelector('body[data-map-ready="true"]');
    await page.screenshot({ path: `/tmp/city-${renderer}-phone.png` });

    await page.fill('#search-input', '200 King Street West');
    await page.waitForSelector('.search-result');
    expect(await page.textContent('.search-result')).toContain('200 King Street West');
    await page.click('.search-result');
    await page.waitForSelector('.answer-card:not([hidden]) .answer-line');
    expect(await page.textContent('.answer-title')).toBe('200 King Street West');
    await expect.poll(async () => metres((await mapState(page)).center, cityHall), { timeout: 15_000 }).toBeLessThan(80); // the map flies there

    await page.fill('#search-input', 'Victria Park');
    await page.waitForSelector('.search-result:has-text("Victoria Park")');
    await page.click('.search-result:has-text("Victoria Park")');
    await page.waitForFunction(() => document.querySelector('.answer-title')?.textContent?.includes('Victoria Park'));
    await expect.poll(async () => metres((await mapState(page)).center, victoriaPark), { timeout: 15_000 }).toBeLessThan(400);
    await page.screenshot({ path: `/tmp/search-${renderer}-phone.png` });
    expect(errors).toEqual([]);
    await context.close();
  });
});
