// The planners' words about the whole map, and fitting the map to what a tool shows (issue 13, item 7).
import { describe, expect, test } from 'vitest';
import { boundsAround, haloRadiusM, metresPerPixel, minReachPx, minSpanM } from '../../client/planner/fit';
import { evidenceWords, gapCount, gapCountWords, noGainWarning } from '../../client/planner/map-words';

describe('how much of the map is measured', () => {
  test('when most of the city is predicted, then the words give each share and the measured area', () => {
    const words = evidenceWords({ measuredAreaM2: 562_500, nearbyAreaM2: 1_500_000, predictedAreaM2: 136_200_000, measuredShare: 0.004068, nearbyShare: 0.010849, predictedShare: 0.985083 });
    expect(words).toBe('Measured: 0.41% of Kitchener (0.56 km² with readings or reports of its own); from readings nearby: 1.1%; predicted only, from the registry: 99%.');
  });

  test('when almost all of the city is predicted, then it does not read as all of it', () => {
    const words = evidenceWords({ measuredAreaM2: 9_996, nearbyAreaM2: 25_000, predictedAreaM2: 138_235_000, measuredShare: 0.000072, nearbyShare: 0.00018, predictedShare: 0.999748 });
    expect(words).toMatch(/predicted only, from the registry: 99\.97%\.$/);
    expect(evidenceWords({ measuredAreaM2: 0, nearbyAreaM2: 0, predictedAreaM2: 1e8, measuredShare: 0, nearbyShare: 0, predictedShare: 1 })).toMatch(/: 100%\.$/);
  });
});

describe('one gap count', () => {
  test('when tiny gaps exist, then every tab counts the ranked gaps only', () => {
    const stats = { count: 300, ranked: 258, tiny: 42, areaM2: 1e8, confirmed: 3 };
    const whatIf = { count: 300, ranked: 258, areaM2: 1e8 };
    expect(gapCount(stats)).toBe(258);
    expect(gapCount(whatIf)).toBe(gapCount(stats));
    expect(gapCountWords({ count: 1, ranked: 1, areaM2: 5000 })).toBe('1 gap');
  });
});

describe('a new site that adds nothing', () => {
  test('when a site adds no covered area, then the planner is warned; one cell or more, not', () => {
    expect(noGainWarning(2, 0)).toMatch(/^New access point 2 adds no covered area/);
    expect(noGainWarning(1, 0.4)).not.toBeNull();
    expect(noGainWarning(1, 625)).toBeNull();
    expect(noGainWarning(1, null)).toBeNull(); // not computed: no claim either way
  });
});

describe('fitting the map', () => {
  const perDegLon = (lat: number) => 111_195 * Math.cos((lat * Math.PI) / 180);

  test('when several sites are shown, then the box holds each with its reach around it', () => {
    const sites = [{ lon: -80.49, lat: 43.45 }, { lon: -80.45, lat: 43.42 }];
    const [w, s, e, n] = boundsAround(sites, 100)!;
    expect((-80.49 - w) * perDegLon(43.435)).toBeCloseTo(100, 0);
    expect((e - -80.45) * perDegLon(43.435)).toBeCloseTo(100, 0);
    expect((43.42 - s) * 111_195).toBeCloseTo(100, 0);
    expect((n - 43.45) * 111_195).toBeCloseTo(100, 0);
  });

  test('when one report is shown, then the box is a street block across, not a point', () => {
    const [w, s, e, n] = boundsAround([{ lon: -80.49, lat: 43.45 }])!;
    expect((e - w) * perDegLon(43.45)).toBeCloseTo(minSpanM, 0);
    expect((n - s) * 111_195).toBeCloseTo(minSpanM, 0);
    expect(boundsAround([])).toBeNull();
  });

  test('when a reach is a few pixels at city zoom, then a halo of the minimum size stands in; at street zoom, none', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(40_075_016.686 / 512, 3); // the whole world on one 512 px tile
    const cityZoom = 11.5, streetZoom = 16;
    const halo = haloRadiusM(34, cityZoom, 43.45)!;
    expect(halo / metresPerPixel(cityZoom, 43.45)).toBeCloseTo(minReachPx, 6);
    expect(halo).toBeGreaterThan(34);
    expect(haloRadiusM(34, streetZoom, 43.45)).toBeNull(); // 34 m is ~39 px there
  });
});
