import { describe, expect, it } from 'vitest';
import { fitHotspot, EXPONENT_BOUNDS } from '../../../server/domain/coverage/hotspot-fit';
import { createCoverageEngine, gaussian } from '../../../server/domain/coverage/index';
import { NOW, seeded, smallArea } from './helpers';

function samples(seed: number, n: number, count: number, outlierShare: number) {
  const random = seeded(seed);
  return Array.from({ length: count }, () => {
    const distanceM = 3 + random() * 150;
    const clean = -30 - 10 * n * Math.log10(distanceM) + 4 * gaussian(random); // 4 dB fading
    const outlier = random() < outlierShare;
    return { distanceM, dbm: outlier ? -95 + 40 * random() : clean }; // outliers: any level, unrelated to distance
  });
}

/** Fits readings around an AP at the origin whose position is known (held fixed), prior n 2.8, level −32 dBm. */
function fitList(list: { distanceM: number; dbm: number }[]) {
  const x = list.map((s, i) => s.distanceM * Math.cos(i)), y = list.map((s, i) => s.distanceM * Math.sin(i));
  return fitHotspot({ x, y, dbm: list.map((s) => s.dbm), weight: list.map(() => 1), count: list.length }, { x: 0, y: 0, positionSigmaM: 0, dbmAt1m: -32, dbmAt1mSigma: 8, n: 2.8, nSigma: 0.5 });
}

describe('calibration', () => {
  it('when 20 % of readings are outliers, then the fitted exponent is within ±0.3 of the truth', () => {
    for (const [seed, n] of [[1, 2.2], [2, 2.8], [3, 3.5], [4, 2.5], [5, 3.0]] as const) {
      const fit = fitList(samples(seed, n, 200, 0.2))!;
      expect(Math.abs(fit.n - n), `seed ${seed}, n ${n}: fitted ${fit.n}`).toBeLessThan(0.3);
      expect(Math.abs(fit.dbmAt1m - -30)).toBeLessThan(6);
    }
  });

  it('when the data say something implausible, then the fit is clamped to physical bounds', () => {
    const flat = Array.from({ length: 50 }, (_, i) => ({ distanceM: 2 + i * 4, dbm: -60 + (i % 2) })); // no decay at all
    expect(fitList(flat)!.n).toBe(EXPONENT_BOUNDS[0]);
  });
});

describe('calibration inside the engine', () => {
  it('when an access point has enough matched observations (20 % outliers), then its prediction uses the fit', () => {
    const random = seeded(9);
    const boundary = smallArea();
    const ap = { id: 42, position: [-80.49, 43.45] as const, indoor: false, environment: 'urban' as const };
    const probe = createCoverageEngine({ boundary, now: NOW });
    const [x0, y0] = [probe.projection.x(ap.position[0]), probe.projection.y(ap.position[1])];
    const observations = Array.from({ length: 300 }, () => {
      const d = 5 + 200 * random(), angle = 2 * Math.PI * random();
      const dbm = random() < 0.2 ? -95 + 40 * random() : -22 - 10 * 3.4 * Math.log10(d) + 3 * gaussian(random);
      return { x: x0 + d * Math.cos(angle), y: y0 + d * Math.sin(angle), accuracyM: 5, time: NOW, signalDbm: Math.round(Math.max(-120, dbm)), accessPointId: 42, deviceKey: 'surveyor' };
    });
    const engine = createCoverageEngine({ boundary, accessPoints: [ap], observations, now: NOW });
    const model = engine.modelOf(42);
    expect(model.source).toBe('calibrated');
    expect(Math.abs(model.n - 3.4)).toBeLessThan(0.3);
    expect(engine.reachOf(42)).toBeLessThan(createCoverageEngine({ boundary, accessPoints: [ap], now: NOW }).reachOf(42)); // harsher than the default n 2.8
    expect(engine.explainCell(-80.4901, 43.4501).contributors[0].model).toBe('calibrated');

    // A recompute with the same samples keeps the fit; new matched samples refit it when the hotspots are refreshed.
    const fit = engine.state.calibrations.get(42);
    engine.recompute();
    expect(engine.state.calibrations.get(42)).toEqual(fit);
    engine.addObservations(observations.slice(0, 150).map((o) => ({ ...o, signalDbm: Math.max(-120, o.signalDbm - 10) })));
    expect(engine.state.calibrations.get(42)).toEqual(fit); // a sample updates its cells at once; the fit follows on refresh (the server's timer)
    expect(engine.refreshHotspots()).toBe(true);
    expect(engine.state.calibrations.get(42)!.samples).toBe(450);
    // 150 readings 10 dB weaker pull the curve down where they were taken (level and exponent trade off: compare at 50 m)
    const at50m = (c: { dbmAt1m: number; n: number }) => c.dbmAt1m - 10 * c.n * Math.log10(50);
    expect(at50m(engine.state.calibrations.get(42)!)).toBeLessThan(at50m(fit!));
  });
});
