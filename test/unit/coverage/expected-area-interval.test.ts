// The expected covered area's 95 % interval counts each hotspot's curve being off as a whole: an error in its power
// or walls moves P in every cell it predicts together, which cell-by-cell spreads average away.
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type AccessPointInput } from '../../../server/domain/coverage/index';
import { DAY_MS, NOW, smallArea } from './helpers';

const area = smallArea();
const M_LON = 1 / 80_800, M_LAT = 1 / 111_195;
const site = (east: number, north: number) => [-80.49 + east * M_LON, 43.45 + north * M_LAT] as const;
const REGISTRY_LEVEL_SIGMA_DB = 8; // hotspots.ts: how far a registry default may be off as a whole
const FIT_NOISE_DB = 6; // hotspot-fit.ts: one reading's spread about the curve

const outdoor = (eirpDbm: number): AccessPointInput => ({ id: 1, position: site(0, 0), indoor: false, eirpDbm, bssids: ['aa:00:00:00:00:01'] });
// The stamp ends at the 'poor' threshold, where P jumps to 0; moved far below the covered one, Σ P is smooth in the level.
const smooth = { thresholdsDbm: { good: -67, fair: -75, poor: -105 }, noSignalDbm: -120 };
const cityOf = (aps: AccessPointInput[]) => createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, options: smooth }).statistics().city;
/** How far the interval reaches above the larger of its two estimates (Σ P and the class-based area), m². */
const upperReach = (city: ReturnType<typeof cityOf>) => city.expectedCoveredIntervalM2[1] - Math.max(city.expectedCoveredAreaM2, city.coveredAreaM2);

describe('the expected covered area’s interval', () => {
  it('when one hotspot stands on its registry defaults, then the interval spans its curve being 8 dB off as a whole (1.96 × 8 dB × the area one dB moves)', () => {
    // With no readings, a hotspot's level moves one for one with its power: Σ P at ±1 dBm measures ∂area/∂dB.
    const slope = (cityOf([outdoor(21)]).expectedCoveredAreaM2 - cityOf([outdoor(19)]).expectedCoveredAreaM2) / 2;
    expect(slope).toBeGreaterThan(1_000); // m² per dB: an outdoor hotspot's reach grows with its power
    const reach = upperReach(cityOf([outdoor(20)]));
    const shared = 1.96 * REGISTRY_LEVEL_SIGMA_DB * slope;
    expect(reach).toBeGreaterThanOrEqual(shared * 0.95);
    expect(reach).toBeLessThanOrEqual(shared * 1.25); // the cells' own spread adds little next to it
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
