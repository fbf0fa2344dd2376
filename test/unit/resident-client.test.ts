// The resident client's pure parts: which coverage tiles a view needs, when the outbox retries, what the
// gap list and the explanation say, and which networks count as "nearby".
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ApiError, type AccessPointCollection, type AccessPointProps } from '../../client/api';
import { levelForZoom, maxTilesPerView, tileBBox, tilesFor, tileXY } from '../../client/coverage/tiles';
import { confirmationWords, demandWords, formatArea, gapListSummary, gapTitle } from '../../client/coverage/gap-list';
import { gapProgressWords, stillShownWords } from '../../client/report/gap-progress';
import { confidenceWords, evidenceWords } from '../../client/coverage/explain';
import { cellOpacity, gapLineAt, gapOutlinedAt } from '../../client/map/coverage-style';
import { isRetryable, retry, retryDelayMs } from '../../client/offline/outbox';
import { byDistance, downHotspotsAt, networksNear } from '../../client/resident/nearby';
import { connectionWords, median } from '../../client/speedtest/measure';
import type { BBox, CellExplanation } from '../../client/api';
import { coverageWords, whereToGo } from '../../client/search/answer-card';

const serviceArea: BBox = [-80.586, 43.345, -80.366, 43.516]; // Kitchener plus its 1 km margin, as the server reports it

describe('coverage tiles', () => {
  test('when the zoom crosses 13 and 15, then the level follows the server: 400 m, 100 m, 25 m', () => {
    expect([10, 12.99, 13, 14.99, 15, 18].map(levelForZoom)).toEqual([2, 2, 1, 1, 0, 0]);
  });

  test('when zoomed out, then one request covers the whole service area', () => {
    const tiles = tilesFor([-80.6, 43.3, -80.3, 43.6], 11, serviceArea);
    expect(tiles).toEqual([{ key: expect.stringMatching(/^2\/area\//), level: 2, bbox: serviceArea, requestZoom: 11 }]);
  });

  test('for any view inside the city at street zoom, then the tiles cover the view, are few, and keep stable keys', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80.55, max: -80.4, noNaN: true }),
        fc.double({ min: 43.37, max: 43.49, noNaN: true }),
        fc.double({ min: 0.002, max: 0.08, noNaN: true }),
        fc.double({ min: 13, max: 19, noNaN: true }),
        (lon, lat, span, zoom) => {
          const view: BBox = [lon, lat, lon + span, lat + span * 0.7];
          const tiles = tilesFor(view, zoom, serviceArea);
          expect(tiles.length).toBeGreaterThan(0);
          expect(tiles.length).toBeLessThanOrEqual(maxTilesPerView);
          expect(new Set(tiles.map((t) => t.level))).toEqual(new Set([levelForZoom(zoom)]));
          // Coverage: the union of tile boxes contains the view's corners (clipped to the service area).
          const corners = [[view[0], view[1]], [view[2], view[3]], [view[0], view[3]], [view[2], view[1]]].map(([x, y]) => [Math.min(x, serviceArea[2]), Math.min(y, serviceArea[3])]);
          for (const [x, y] of corners) expect(tiles.some((t) => x >= t.bbox[0] - 1e-6 && x <= t.bbox[2] + 1e-6 && y >= t.bbox[1] - 1e-6 && y <= t.bbox[3] + 1e-6)).toBe(true);
          expect(tilesFor(view, zoom, serviceArea).map((t) => t.key)).toEqual(tiles.map((t) => t.key)); // same view, same URLs
        },
      ),
      { seed: 4, numRuns: 200 },
    );
  });

  test('for any position, then its tile’s box contains it (tileXY and tileBBox agree)', () => {
    fc.assert(
      fc.property(fc.double({ min: -179, max: 179, noNaN: true }), fc.double({ min: -80, max: 80, noNaN: true }), fc.integer({ min: 0, max: 18 }), (lon, lat, z) => {
        const [x, y] = tileXY(lon, lat, z);
        const [minLon, minLat, maxLon, maxLat] = tileBBox(x, y, z);
        expect(lon).toBeGreaterThanOrEqual(minLon - 1e-6);
        expect(lon).toBeLessThanOrEqual(maxLon + 1e-6);
        expect(lat).toBeGreaterThanOrEqual(minLat - 1e-6);
        expect(lat).toBeLessThanOrEqual(maxLat + 1e-6);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  test('when the view lies outside the service area, then nothing is fetched', () => {
    expect(tilesFor([-79.5, 43.6, -79.4, 43.7], 16, serviceArea)).toEqual([]);
  });
});

describe('outbox retries', () => {
  test.each([
    [0, true], // no connection
    [400, false],
    [404, false],
    [408, true],
    [413, false],
    [422, false],
    [425, true],
    [429, true],
    [500, true],
    [503, true],
  ])('when the server answers %i, then retryable is %s', (status, expected) => {
    expect(isRetryable(new ApiError(status, 'x', []))).toBe(expected);
  });

  test('when the failure is not an API error (a body cut off mid-read), then it is retried', () => {
    expect(isRetryable(new TypeError('network error'))).toBe(true);
  });

  test('when attempts accumulate, then the delay doubles from 5 s up to 5 min, within ±20 %', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 7, 20].map((n) => retryDelayMs(n, middle))).toEqual([5_000, 10_000, 20_000, 40_000, 300_000, 300_000]);
    expect(retryDelayMs(1, () => 0)).toBe(retry.firstDelayMs * 0.8);
    expect(retryDelayMs(1, () => 1)).toBe(retry.firstDelayMs * 1.2);
  });
});

describe('what the resident reads', () => {
  test('the speed test names the network the browser says, and never calls Wi-Fi or a cable "4G" (issue 13)', () => {
    expect(connectionWords({ type: 'wifi', effectiveType: '4g' })).toBe("Wi-Fi, fast by the browser's estimate");
    expect(connectionWords({ type: 'cellular', effectiveType: '3g' })).toBe("mobile data, moderate by the browser's estimate");
    expect(connectionWords({ effectiveType: 'slow-2g' })).toBe('Not said by this browser (it rates the connection very slow)');
    expect(connectionWords({ type: 'ethernet' })).toBe('a cable');
    for (const effectiveType of ['slow-2g', '2g', '3g', '4g']) for (const type of ['wifi', 'ethernet', undefined])
      expect(connectionWords({ type, effectiveType })).not.toMatch(/\dG\b/i);
  });

  test('areas read as m² for a block and km² for a neighbourhood', () => {
    expect([40, 2_340, 99_999, 100_000, 137_864_391].map(formatArea)).toEqual(['100 m²', '2,300 m²', '100,000 m²', '0.1 km²', '137.9 km²']);
    expect(gapTitle({ rank: 3, areaM2: 612_000, ward: { id: 'ward-9', name: 'Ward 9' }, landmark: 'Kitchener City Hall' })).toBe('Gap 3: 0.6 km² in Ward 9, around Kitchener City Hall');
    expect(gapTitle({ rank: 1, areaM2: 2_000, ward: null, landmark: null })).toBe('Gap 1: 2,000 m²');
    // The list shows the first 50; it says of how many, the count the planners' header gives too.
    expect(gapListSummary(50, 258)).toBe('The 50 of Kitchener’s 258 gaps where most people need Wi-Fi, ranked.');
    expect(gapListSummary(7, 7)).toBe('The 7 gaps where most people need Wi-Fi, ranked.');
    expect(gapListSummary(1, 1)).toBe('One gap.');
    expect(gapListSummary(0, 0)).toMatch(/^No gaps/);
    const ward3 = { id: 'ward-3', name: 'Ward 3' };
    expect(gapProgressWords({ rank: 12, ward: ward3, confirmed: false, confirmationsNeeded: 1 })).toBe('This spot is in gap 12 in Ward 3: reports from 1 more phone will confirm it.');
    expect(gapProgressWords({ rank: null, ward: null, confirmed: false, confirmationsNeeded: 2 })).toBe('This spot is in a small gap: reports from 2 more phones will confirm it.');
    expect(gapProgressWords({ rank: 4, ward: ward3, confirmed: true, confirmationsNeeded: 0 })).toBe('This spot is in gap 4 in Ward 3, confirmed by reports from several phones.');
  });

  test('a report the map does not follow yet says what the map still shows, either way', () => {
    expect(stillShownWords(true, 'good')).toBe('The map still shows free Wi-Fi here (good): it changes when reports or readings from other phones nearby agree with yours.');
    expect(stillShownWords(false, 'none')).toBe('The map still shows no usable free Wi-Fi here (none): it changes when reports or readings from other phones nearby agree with yours.');
  });

  test('a gap says how close it is to confirmed', () => {
    expect(confirmationWords({ confirmed: false, confirmationsNeeded: 1 })).toBe('Not confirmed yet: needs reports from 1 more phone');
    expect(confirmationWords({ confirmed: false, confirmationsNeeded: 3 })).toBe('Not confirmed yet: needs reports from 3 more phones');
    expect(confirmationWords({ confirmed: true, confirmationsNeeded: 0 })).toBe('Confirmed by reports from several phones');
    expect(demandWords({ total: 12.4, places: 1, transitStops: 10, reports: 1 })).toBe('Need score 12: 1 place, 10 transit stops, 1 report inside');
  });

  test('evidence and confidence are said in words, with the figures', () => {
    expect(evidenceWords({ weight: 0, samples: 0, devices: 0, reports: 0, newestAt: null, ageDays: null, setAside: { spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 } })).toMatch(/^No measurements or reports here yet/);
    expect(evidenceWords({ weight: 3, samples: 3, devices: 2, reports: 1, newestAt: null, ageDays: 4.6, setAside: { spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 } })).toBe('3 measurements and 1 report from residents from 2 devices, the newest 5 days ago.');
    expect(confidenceWords(0)).toBe('Low (0 %): mostly a prediction');
    expect(confidenceWords(0.45)).toBe('Medium (45 %)');
    expect(confidenceWords(0.9)).toBe('High (90 %): backed by recent measurements');
  });

  test('a cell grows more opaque with confidence, and usable classes never look fainter than unusable ones', () => {
    for (const cls of ['good', 'fair', 'poor', 'none'] as const) expect(cellOpacity(cls, 0)).toBeLessThan(cellOpacity(cls, 1));
    expect(cellOpacity('fair', 0)).toBeGreaterThan(cellOpacity('poor', 0));
    expect(cellOpacity('poor', 0)).toBeGreaterThan(cellOpacity('none', 0));
    expect(cellOpacity('good', 7)).toBe(cellOpacity('good', 1)); // clamped
  });

  test('gap outlines are thin and faint across the city and full weight in the streets, the same in both map libraries', () => {
    expect(gapLineAt(9)).toEqual({ width: 1, opacity: 0.5 });
    expect(gapLineAt(11)).toEqual({ width: 1, opacity: 0.5 });
    expect(gapLineAt(12.5)).toEqual({ width: 1.75, opacity: 0.75 });
    expect(gapLineAt(14)).toEqual({ width: 2.5, opacity: 1 });
    expect(gapLineAt(18)).toEqual({ width: 2.5, opacity: 1 });
  });

  test('at the city view only the ten worst gaps are outlined, every gap from zoom 13 (no 1 km lattice over the city)', () => {
    expect([1, 10, 11, 250, null].map((rank) => gapOutlinedAt(11, rank))).toEqual([true, true, false, false, false]);
    expect([1, 11, 250, null].map((rank) => gapOutlinedAt(13, rank))).toEqual([true, true, true, true]);
  });

  test('the median of latencies ignores a slow first connection', () => {
    expect(median([900, 20, 22, 21, 25])).toBe(22);
    expect(median([20, 30])).toBe(25);
    expect(median([])).toBeNull();
  });
});

describe('networks near a pin', () => {
  const ap = (id: number, lon: number, lat: number, status: AccessPointProps['status'], reachM: number): AccessPointCollection['features'][number] => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { id, name: `AP ${id}`, ssid: 'KitchenerWiFi', venue: null, operator: null, address: null, environment: 'outdoor_urban', indoor: false, status, reachM, confidence: 'documented', source: null },
  });
  // At 43.45° N, 0.001° of longitude is about 81 m.
  const collection: AccessPointCollection = {
    type: 'FeatureCollection',
    features: [ap(1, -80.49, 43.45, 'active', 34), ap(2, -80.4925, 43.45, 'down', 316), ap(3, -80.4885, 43.45, 'planned', 100), ap(4, -80.486, 43.45, 'active', 34)],
  };
  const pin = { lon: -80.49, lat: 43.45 };

  test('when listing networks to choose from, then only working or broken ones within 300 m, nearest first', () => {
    expect(networksNear(collection, pin).map((n) => n.properties.id)).toEqual([1, 2]); // 3 is only planned, 4 is ~320 m away
  });

  test('when a hotspot marked down reaches the pin, then it is named; a working one is not', () => {
    expect(downHotspotsAt(collection, pin).map((n) => n.properties.id)).toEqual([2]); // ~200 m, within its 316 m reach
    expect(downHotspotsAt(collection, { lon: -80.4925 + 0.0048, lat: 43.45 })).toEqual([]); // ~390 m: beyond reach + 25 m
  });
});

describe('the answer card\'s words', () => {
  const cell = (evidence: { weight: number; samples: number; reports: number }) =>
    ({ insideCity: true, class: 'poor', evidence: { devices: 0, newestAt: null, ageDays: null, setAside: { spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 }, ...evidence } }) as unknown as CellExplanation;
  test('a cell is "measured" by readings that count, not by readings a distrusted or anonymous source sent (a hundredth each)', () => {
    expect(coverageWords(cell({ weight: 1, samples: 1, reports: 0 }))).toBe('poor (measured)');
    expect(coverageWords(cell({ weight: 0.3, samples: 1, reports: 0 }))).toBe('poor (measured)'); // a reading a little off its cell
    expect(coverageWords(cell({ weight: 0.01, samples: 2, reports: 0 }))).toBe('poor (predicted)'); // until 2026-12-06: "measured"
    expect(coverageWords(cell({ weight: 0, samples: 0, reports: 1 }))).toBe('poor (measured)');
    expect(coverageWords(cell({ weight: 0, samples: 0, reports: 0 }))).toBe('poor (predicted)');
  });

  test('where readings say a spot has no usable free Wi-Fi, the hotspots meant to reach it are named as not reaching, and the nearest farther than its reach is offered', () => {
    const ap = (id: number, eastM: number, reachM: number): AccessPointCollection['features'][number] => ({
      type: 'Feature', geometry: { type: 'Point', coordinates: [-80.49 + eastM / 80_800, 43.45] },
      properties: { id, name: `AP ${id}`, ssid: 'KitchenerWiFi', venue: null, operator: null, address: null, environment: 'outdoor_open', indoor: false, status: 'active', reachM, confidence: 'documented', source: null },
    });
    const here = { lon: -80.49, lat: 43.45 };
    const nearby = byDistance({ type: 'FeatureCollection', features: [ap(1, 10, 120), ap(2, 60, 90), ap(3, 400, 60), ap(4, 900, 300)] }, here);
    const at = (className: string, covered: boolean, weight: number, reports = 0) =>
      ({ insideCity: true, class: className, covered, evidence: { weight, samples: weight > 0 ? 3 : 0, reports, devices: 2, newestAt: null, ageDays: null, setAside: { spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 } } }) as unknown as CellExplanation;
    const ids = (r: ReturnType<typeof whereToGo>) => [r.go?.properties.id, r.notReaching?.properties.id];
    expect(ids(whereToGo(nearby, at('none', false, 2)))).toEqual([3, 1]); // 1 and 2 should reach here and do not
    expect(ids(whereToGo(nearby, at('poor', false, 0, 1)))).toEqual([3, 1]); // a report measures too
    expect(ids(whereToGo(nearby, at('none', false, 0.01)))).toEqual([1, undefined]); // a hundredth measures nothing
    expect(ids(whereToGo(nearby, at('none', false, 0)))).toEqual([1, undefined]); // predicted only: the prediction may be wrong, not the hotspot
    expect(ids(whereToGo(nearby, at('fair', true, 2)))).toEqual([1, undefined]);
    expect(ids(whereToGo(nearby, null))).toEqual([1, undefined]); // offline
    expect(ids(whereToGo(nearby.slice(0, 2), at('none', false, 2)))).toEqual([undefined, 1]); // none farther off: nothing offered
    expect(ids(whereToGo([], at('none', false, 2)))).toEqual([undefined, undefined]);
  });
});
