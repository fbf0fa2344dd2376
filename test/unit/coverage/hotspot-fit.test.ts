import { describe, expect, it } from 'vitest';
import { fitHotspot, type FitPrior } from '../../../server/domain/coverage/hotspot-fit';
import { gaussian, mulberry32 } from '../../../server/domain/coverage/random';

/** Readings of a hotspot at (tx, ty) with level a at 1 m and exponent n, within `radius` m, noise σ dB. */
function readings(seed: number, count: number, tx: number, ty: number, a: number, n: number, radius: number, sigma: number) {
  const rnd = mulberry32(seed);
  const x: number[] = [], y: number[] = [], dbm: number[] = [], weight: number[] = [];
  for (let i = 0; i < count; i++) {
    const r = 5 + rnd() * radius, t = rnd() * 2 * Math.PI;
    x.push(tx + r * Math.cos(t));
    y.push(ty + r * Math.sin(t));
    dbm.push(a - 10 * n * Math.log10(r) + sigma * gaussian(rnd));
    weight.push(1);
  }
  return { x, y, dbm, weight, count };
}

const prior = (x: number | null, y: number | null): FitPrior => ({ x, y, positionSigmaM: 30, dbmAt1m: -32, dbmAt1mSigma: 8, n: 2.8, nSigma: 0.5 });

describe('fitHotspot', () => {
  it('when many readings surround a hotspot the registry placed 60 m off, then it finds its position, level and exponent', () => {
    const fit = fitHotspot(readings(1, 300, 0, 0, -38, 3.2, 150, 4), prior(60, 0))!;
    expect(Math.hypot(fit.x, fit.y)).toBeLessThan(12);
    expect(fit.movedM).toBeGreaterThan(45);
    expect(fit.n).toBeGreaterThan(2.9);
    expect(fit.n).toBeLessThan(3.5);
    expect(fit.dbmAt1m).toBeGreaterThan(-43);
    expect(fit.dbmAt1m).toBeLessThan(-33);
    expect(fit.sigmaDb).toBeGreaterThan(2.5);
    expect(fit.sigmaDb).toBeLessThan(6);
  });

  it('when three readings say it is 25 dB louder than its prior, then the fit moves towards them, but not all the way', () => {
    const at50 = (f: { dbmAt1m: number; n: number }) => f.dbmAt1m - 10 * f.n * Math.log10(50);
    const fit = fitHotspot(readings(2, 3, 0, 0, -20, 2.0, 100, 4), prior(0, 0))!;
    const truth = at50({ dbmAt1m: -20, n: 2 }), before = at50({ dbmAt1m: -32, n: 2.8 });
    expect(at50(fit)).toBeGreaterThan(before + 10);
    expect(at50(fit)).toBeLessThan(truth);
    expect(fit.movedM).toBeLessThan(20);
  });

  it('when a fifth of the readings are lies (−30 dBm far away), then the fit still recovers the hotspot', () => {
    const honest = readings(3, 240, 0, 0, -35, 2.8, 120, 4);
    const rnd = mulberry32(4);
    for (let i = 0; i < 60; i++) {
      honest.x.push(200 + rnd() * 100); honest.y.push(200 + rnd() * 100); honest.dbm.push(-30); honest.weight.push(1); honest.count++;
    }
    const fit = fitHotspot(honest, prior(0, 0))!;
    expect(Math.hypot(fit.x, fit.y)).toBeLessThan(25);
    expect(fit.n).toBeGreaterThan(2.3);
  });

  it('when there is no registry position (a discovered hotspot), then readings alone place it', () => {
    const fit = fitHotspot(readings(5, 200, 500, -300, -30, 2.5, 120, 4), prior(null, null))!;
    expect(Math.hypot(fit.x - 500, fit.y + 300)).toBeLessThan(15);
    expect(fit.movedM).toBe(0);
  });

  it('when there are no readings, then there is no fit', () => {
    expect(fitHotspot({ x: [], y: [], dbm: [], weight: [], count: 0 }, prior(0, 0))).toBeNull();
  });
});
