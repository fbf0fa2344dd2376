// The expected covered area's 95 % interval counts each hotspot's curve being off as a whole: an error in its power
// or walls moves P in every cell it predicts together, which cell-by-cell spreads average away.
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type AccessPointInput } from '../../../server/domain/coverage/index';
import { gaussian } from '../../../server/domain/coverage/random';
import { DAY_MS, NOW, seeded, smallArea } from './helpers';

const area = smallArea();
const M_LON = 1 / 80_800, M_LAT = 1 / 111_195;
const site = (east: number, north: number) => [-80.49 + east * M_LON, 43.45 + north * M_LAT] as const;
const REGISTRY_LEVEL_SIGMA_DB = 8; // hotspots.ts: how far a registry default may be off as a whole
const FIT_NOISE_DB = 6; // hotspot-fit.ts: one reading's spread about the curve

/** A rectangle in metres east and north of the test site. */
const rectangle = (west: number, south: number, east: number, north: number): GeoJSON.Polygon =>
  ({ type: 'Polygon', coordinates: [[site(west, south), site(east, south), site(east, north), site(west, north), site(west, south)].map((p) => [...p])] });
const outdoor = (eirpDbm: number): AccessPointInput => ({ id: 1, position: site(0, 0), indoor: false, eirpDbm, bssids: ['aa:00:00:00:00:01'] });
// The stamp ends at the 'poor' threshold, where P jumps to 0; moved far below the covered one, Σ P is smooth in the level.
const smooth = { thresholdsDbm: { good: -67, fair: -75, poor: -105 }, noSignalDbm: -120 };
const cityOf = (aps: AccessPointInput[]) => createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, options: smooth }).statistics().city;
/** How far the interval reaches above the larger of its two estimates (Σ P and the class-based area), m². */
const upperReach = (city: ReturnType<typeof cityOf>) => city.expectedCoveredIntervalM2[1] - Math.max(city.expectedCoveredAreaM2, city.coveredAreaM2);

describe('the expected covered area’s interval', () => {
  it('when four hotspots stand on their registry defaults, then the interval holds Σ P of worlds where each is off by N(0, 8 dB) as a whole, on both sides', () => {
    // Known answer by simulation: 200 seeded worlds, each hotspot's power drawn about its listed 10 dBm. A hotspot's
    // area grows exponentially with its level, so the worlds' spread is skewed: far above, never below 0.
    const sites = [site(-600, -500), site(500, -600), site(-400, 500), site(300, -100)]; // ≥ 500 m apart: each predicts its own cells
    const aps = (eirp: number[]): AccessPointInput[] => sites.map((position, k) => ({ id: k + 1, position, indoor: false, eirpDbm: eirp[k], bssids: [`aa:00:00:00:00:0${k + 1}`] }));
    const listed = cityOf(aps([10, 10, 10, 10]));
    const [lower, upper] = listed.expectedCoveredIntervalM2;
    const random = seeded(10), worlds: number[] = [];
    for (let w = 0; w < 200; w++) worlds.push(cityOf(aps(sites.map(() => Math.min(40, Math.max(-10, 10 + REGISTRY_LEVEL_SIGMA_DB * gaussian(random)))))).expectedCoveredAreaM2);
    const below = worlds.filter((a) => a < lower).length, above = worlds.filter((a) => a > upper).length;
    expect(below).toBeLessThanOrEqual(10); // ≤ 5 % of worlds on each side
    expect(above).toBeLessThanOrEqual(10);
    expect(lower).toBeGreaterThan(0); // a skewed area is not said to reach 0 m²
    // …and the interval is not merely wide: its ends are near the worlds' own 2.5 % and 97.5 % quantiles.
    const sorted = [...worlds].sort((a, b) => a - b);
    expect(lower).toBeGreaterThan(sorted[0]);
    expect(upper).toBeLessThan(1.5 * sorted[194]);
    expect(upper - listed.expectedCoveredAreaM2).toBeGreaterThan(3 * (listed.expectedCoveredAreaM2 - lower));
  });

  it('when the city has wards, then each ward\'s interval is the one its own hotspot alone would give', () => {
    const ap = (id: number, east: number, north: number, eirpDbm: number): AccessPointInput => ({ id, position: site(east, north), indoor: false, eirpDbm, bssids: [`aa:00:00:00:00:0${id}`] });
    const west = ap(1, -600, -500, 10), east = ap(2, 500, -600, 14); // 1.1 km apart, each 500 m or more inside its ward
    const wards = [{ id: 'west', name: 'West', geometry: rectangle(-1200, -1100, 0, 1100) }, { id: 'east', name: 'East', geometry: rectangle(0, -1100, 1200, 1100) }];
    const stats = createCoverageEngine({ boundary: area, wards, accessPoints: [west, east], now: NOW, options: smooth }).statistics();
    for (const [ward, alone] of [[stats.wards[0], cityOf([west])], [stats.wards[1], cityOf([east])]] as const) {
      // Within 1 %: the other hotspot's far tail still adds a little P across the ward line.
      for (const [got, want] of [[ward.expectedCoveredAreaM2, alone.expectedCoveredAreaM2], ...ward.expectedCoveredIntervalM2.map((v, k) => [v, alone.expectedCoveredIntervalM2[k]])])
        expect(Math.abs(got - want)).toBeLessThanOrEqual(0.01 * want);
    }
    expect(stats.wards[1].expectedCoveredIntervalM2[1]).toBeGreaterThan(1.5 * stats.wards[0].expectedCoveredIntervalM2[1]); // 4 dB louder: not one ward's figures twice
  });

  it('when a hotspot could reach past the area itself, then the interval stops at the area: nothing is covered twice over', () => {
    const city = createCoverageEngine({ boundary: rectangle(-150, -150, 150, 150), accessPoints: [outdoor(20)], now: NOW, options: smooth }).statistics().city;
    expect(city.expectedCoveredAreaM2).toBeLessThan(city.areaM2); // 300 m × 300 m: 1.96 × 8 dB more would cover it several times
    expect(city.expectedCoveredIntervalM2[1]).toBe(city.areaM2);
  });

  it('when a hotspot is listed at the legal limit, then its curve cannot be louder: the interval reaches less far above than below', () => {
    const reaches = (eirp: number) => {
      const city = cityOf([outdoor(eirp)]), [lower, upper] = city.expectedCoveredIntervalM2;
      return { above: upper - Math.max(city.expectedCoveredAreaM2, city.coveredAreaM2), below: Math.min(city.expectedCoveredAreaM2, city.coveredAreaM2) - lower };
    };
    const quiet = reaches(10), loudest = reaches(30); // 30 dBm EIRP: hotspot-fit.ts' LOUDEST_DBM_AT_1M
    expect(quiet.above).toBeGreaterThan(5 * quiet.below); // room above: the area may grow 13-fold
    expect(loudest.above).toBeLessThan(loudest.below); // none: only the cells' own spread is left above
  });

  it('when a hotspot is fitted from readings, then its share of the interval shrinks with the phones behind the fit (6 dB / √phones)', () => {
    // The same readings along one street east of the hotspot, 3 dB weaker than listed, from 1 phone or from 16;
    // everywhere else its fitted curve alone decides.
    const probe = createCoverageEngine({ boundary: area, accessPoints: [outdoor(20)], now: NOW });
    const spots: { lon: number; lat: number; dbm: number }[] = [];
    for (let e = 20; e <= 240; e += 10) for (const n of [-10, 0, 10]) {
      const [lon, lat] = site(e, n), predicted = probe.explainCell(lon, lat).predictedDbm;
      if (predicted != null && predicted - 3 > -92) spots.push({ lon, lat, dbm: Math.round(predicted - 3) });
    }
    const readings = (phones: number) => spots.flatMap((s, k) => ({ lon: s.lon, lat: s.lat, accuracyM: 5, time: NOW - DAY_MS, signalDbm: s.dbm, deviceKey: `phone-${k % phones}`, bssid: 'aa:00:00:00:00:01' }));
    const one = createCoverageEngine({ boundary: area, accessPoints: [outdoor(20)], now: NOW, observations: readings(1) });
    const many = createCoverageEngine({ boundary: area, accessPoints: [outdoor(20)], now: NOW, observations: readings(16) });
    expect(one.assessmentOf(1).devices).toBe(1);
    expect(many.assessmentOf(1).devices).toBe(16);
    expect(one.modelOf(1).source).toBe('calibrated');
    // Far from every reading (the hotspot's own curve alone), its level moves one for one with the fit.
    const fromOne = upperReach(one.statistics().city), fromMany = upperReach(many.statistics().city);

    expect(fromOne).toBeGreaterThan(2 * fromMany);
    expect(FIT_NOISE_DB / Math.sqrt(16)).toBeLessThan(REGISTRY_LEVEL_SIGMA_DB); // and both below the registry default's
  });
});
