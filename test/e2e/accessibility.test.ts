// The resident pages with a keyboard, a screen reader's landmarks and axe-core, at 360 px and at 200 % zoom,
// in MapLibre and Leaflet. One server and one build for the file; one browser per renderer.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, removeWorkDir, screenshot } from './harness';
import { cityHall, openResidentApp, phone, phoneContext, seriousViolations, startSite, zoomTo, type TestSite } from './resident-helpers';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.server.stop();
  await removeWorkDir(site?.workDir);
});

const panels = [
  { button: 'List', region: 'Nearby free Wi-Fi' },
  { button: 'Gaps', region: 'Gaps in free Wi-Fi' },
  { button: 'My reports', region: 'My reports' },
  { button: 'Speed test', region: 'Test my connection' },
];

/** Nothing scrolls sideways, and every visible control of `scope` lies within the viewport's width. */
async function fitsWidth(page: Page, scope = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll<HTMLElement>(`${selector} button, ${selector} input, ${selector} select, ${selector} textarea, ${selector} a`)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || el.closest('[hidden]') || el.classList.contains('skip-link') || el.closest('.maplibregl-ctrl-attrib, .leaflet-control-attribution')) continue;
      if (box.left < -1 || box.right > width + 1) problems.push(`${el.tagName.toLowerCase()} “${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}” spans ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`);
    }
    return problems;
  }, scope);
}

for (const renderer of ['maplibre', 'leaflet'] as const) {
  describe(`resident pages (${renderer})`, () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      browser = await launchBrowser({ webgl: renderer === 'maplibre' });
      page = await (await phoneContext(browser, cityHall, { serviceWorkers: 'block' })).newPage();
      await openResidentApp(page, site.server.url);
      expect(await page.evaluate(() => window.wifiReach!.renderer)).toBe(renderer);
    });

    afterAll(() => browser?.close());

    test('when axe checks the map page and the report form, then it finds no serious or critical violation', async () => {
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Report a problem here' }).tap();
      await page.getByRole('button', { name: 'Use map centre' }).tap();
      await page.getByRole('radio', { name: 'Too weak' }).check();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Close the report form' }).tap();
    });

    test('when axe checks my reports, the list view, the gaps, the connection test and the legend, then it finds no serious or critical violation', { timeout: 60_000 }, async () => {
      for (const { button, region } of panels) {
        await page.getByRole('button', { name: button, exact: true }).tap();
        const panel = page.getByRole('region', { name: region });
        await panel.waitFor();
        // The results' markup does not depend on the renderer: one run (beside MapLibre) checks it.
        if (region === 'Test my connection' && renderer === 'maplibre') {
          await panel.getByRole('button', { name: 'Use map centre' }).tap();
          await panel.getByRole('radio', { name: 'Mobile data or another network' }).check();
          await panel.getByRole('button', { name: 'Start the test' }).tap();
          await expect.poll(() => panel.innerText(), { timeout: 40_000 }).toMatch(/Saved|Not saved/);
        }
        if (region === 'Nearby free Wi-Fi') {
          await panel.getByRole('button', { name: 'Why this colour?' }).tap();
          await expect.poll(() => panel.innerText(), { timeout: 10_000 }).toContain('How sure'); // a server answer: the default second is too short on a loaded machine
        }
        expect(await seriousViolations(page, renderer === 'maplibre' ? undefined : `#${await panel.getAttribute('id')}`), region).toEqual([]);
        expect(await fitsWidth(page, `#${await panel.getAttribute('id')}`), region).toEqual([]);
        await page.getByRole('button', { name: `Close ${region.toLowerCase()}` }).tap();
      }

      // The legend with its layer switches, open.
      await page.locator('#legend summary').tap();
      expect(await seriousViolations(page, '#legend')).toEqual([]);
      await page.locator('#legend summary').tap();
    });
  });
}

describe('with the keyboard alone (MapLibre, desktop)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' })).newPage();
    await openResidentApp(page, site.server.url);
  });

  afterAll(() => browser?.close());

  const focused = () => page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { id: el?.id ?? '', text: (el?.getAttribute('aria-label') || el?.textContent || '').trim() };
  });

  async function tabTo(name: string | RegExp, limit = 40): Promise<void> {
    for (let i = 0; i < limit; i++) {
      const { text } = await focused();
      if (typeof name === 'string' ? text === name : name.test(text)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached “${name}”; stopped at “${(await focused()).text}”`);
  }

  test('when a resident uses only the keyboard, then the skip link comes first, the report form takes focus and gives it back, and the report is sent', async () => {
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip the map: list of nearby free Wi-Fi'); // the first stop, shown when focused
    expect(await page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().top >= 0)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).id).toBe('panel-list-title'); // focus moved into the list
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused()).text).toBe('Skip the map: list of nearby free Wi-Fi'); // and back

    await zoomTo(page, { lon: cityHall.lon, lat: cityHall.lat + 0.003 }, 16);
    await tabTo('Report a problem here');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).id).toBe('report-title');
    await tabTo('Use map centre');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#position-text').innerText()).toContain('centre of the map');
    await page.keyboard.press('Tab'); // into the kinds: the first radio
    await page.keyboard.press('ArrowDown'); // arrow keys move within the group and choose
    expect(await page.getByRole('radio', { name: 'Too weak' }).isChecked()).toBe(true);
    await tabTo('Submit report');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/reports') && r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    expect(response.status()).toBe(201);
    // The thank-you card, not the status line: that goes on to the gap's progress as soon as it is known.
    await expect.poll(() => page.getByRole('region', { name: /Your report “Too weak” is sent/ }).innerText()).toContain('Thank you');
    expect(await page.locator('#status').innerText()).toMatch(/Thank you|This spot is in/); // announced: the thank-you, or the progress after it
    expect((await focused()).text).toBe('Report a problem here'); // focus returned to what opened the form
  });

  test('when a panel is opened from the navigation and closed with Escape, then focus goes in and comes back to its button', async () => {
    for (const { button, region } of panels) {
      await page.getByRole('button', { name: button, exact: true }).focus();
      await page.keyboard.press('Enter');
      expect(await page.getByRole('button', { name: button, exact: true }).getAttribute('aria-expanded')).toBe('true');
      await expect.poll(async () => (await focused()).text).toBe(region);
      await page.keyboard.press('Escape');
      await expect.poll(async () => (await focused()).text).toBe(button);
      expect(await page.getByRole('region', { name: region }).isVisible()).toBe(false);
    }
  });
});

describe('at 200 % zoom and at 360 px', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(() => browser?.close());

  // A 1280 × 800 window at 200 % zoom lays out 640 × 400 CSS pixels at twice the pixel density.
  const sizes = [
    { name: '200 % zoom', options: { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }, shot: 'zoom-200.png' },
    { name: '360 px phone', options: { ...phone }, shot: 'phone-360.png' },
  ];

  for (const { name, options, shot } of sizes) {
    test(`when the pages are used at ${name}, then nothing scrolls sideways and every control can be reached`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({ ...options, serviceWorkers: 'block' });
      try {
        const page = await context.newPage();
        await openResidentApp(page, site.server.url);
        expect(await fitsWidth(page)).toEqual([]);

        await page.getByRole('button', { name: 'Report a problem here' }).click();
        const form = page.getByRole('region', { name: 'Report a problem' });
        await form.waitFor();
        expect(await fitsWidth(page, '#report-panel')).toEqual([]);
        const submit = page.getByRole('button', { name: 'Submit report' });
        await submit.scrollIntoViewIfNeeded();
        const box = (await submit.boundingBox())!;
        const viewport = page.viewportSize()!;
        expect(box.y + box.height).toBeLessThanOrEqual(viewport.height); // not cut off below the fold
        expect(box.y).toBeGreaterThanOrEqual(0);
        await screenshot(page, shot);
        await page.getByRole('button', { name: 'Close the report form' }).click();

        for (const { button, region } of panels) {
          await page.getByRole('button', { name: button, exact: true }).click();
          const panel = page.getByRole('region', { name: region });
          await panel.waitFor();
          expect(await fitsWidth(page, `#${await panel.getAttribute('id')}`), region).toEqual([]);
          const last = panel.locator('button:visible').last();
          await last.scrollIntoViewIfNeeded();
          const b = (await last.boundingBox())!;
          expect(b.y + b.height, `${region}: its last button is reachable`).toBeLessThanOrEqual(viewport.height);
          await page.getByRole('button', { name: `Close ${region.toLowerCase()}` }).click();
        }
      } finally {
        await context.close();
      }
    });
  }
});
