import { describe, expect, it } from 'vitest';
import { classify, coveredTable, CLASS_NAMES } from '../../../server/domain/coverage/classes';
import { ageWeight, cellsInSpread, classLevelDbm, observationLevel, plausibleMaxDbm, REPORT_EVIDENCE, REPORT_KINDS, reportKindCode, reportLevels, spreadOf } from '../../../server/domain/coverage/evidence';
import { FAIR, GOOD, NONE, POOR } from '../../../server/domain/coverage/classes';
import { Ledger } from '../../../server/domain/coverage/ledger';
import { DEFAULT_OPTIONS as O, resolveOptions } from '../../../server/domain/coverage/options';
import { DAY_MS, bareGrid } from './helpers';

describe('classes', () => {
  it.each([
    [-50, 'good'], [-67, 'good'], [-67.01, 'fair'], [-75, 'fair'], [-75.01, 'poor'], [-85, 'poor'], [-85.01, 'none'], [-Infinity, 'none'], [NaN, 'none'],
  ])('when the signal is %d dBm, then the class is %s', (dbm, name) => {
    expect(CLASS_NAMES[classify(dbm, O.thresholdsDbm)]).toBe(name);
  });

  it('when covered means good or fair, then poor and none are not covered', () => {
    expect([...coveredTable(['good', 'fair'])]).toEqual([0, 0, 1, 1]);
    expect([...coveredTable(['good'])]).toEqual([0, 0, 0, 1]);
  });

  it('when options are inconsistent, then every problem is named', () => {
    expect(() => resolveOptions({ thresholdsDbm: { good: -80, fair: -75, poor: -85 }, priorWeight: 0 })).toThrow(/priorWeight 0.*good -80/);
  });

  it('when suggestions would need more phones than the map does, or none, then the options are refused', () => {
    expect(() => resolveOptions({ suggestDevices: 4 })).toThrow(/suggestDevices 4 must be ≤ confirmDevices 3/);
    expect(() => resolveOptions({ suggestDevices: 0 })).toThrow(/suggestDevices 0 must be a whole number ≥ 1/);
    expect(resolveOptions({ suggestDevices: 3 }).suggestDevices).toBe(3);
  });
});

describe('what evidence says (the decision table)', () => {
  const levels = reportLevels(O);
  it.each(REPORT_KINDS.map((k) => [k, REPORT_EVIDENCE[k].says] as const))('when a resident reports %s, then it counts as %s', (kind, says) => {
    const cls = CLASS_NAMES[classify(levels[reportKindCode(kind)], O.thresholdsDbm)];
    expect(says === 'covered' ? 'fair' : says).toBe(cls);
  });

  it('when covered means good only, then "works" says good', () => {
    const strict = resolveOptions({ coveredClasses: ['good'] });
    expect(CLASS_NAMES[classify(reportLevels(strict)[reportKindCode('works')], strict.thresholdsDbm)]).toBe('good');
  });

  it('when no free network is heard, or a reading is below the floor, then it counts as the floor', () => {
    expect(observationLevel(NaN, -95)).toBe(-95);
    expect(observationLevel(-110, -95)).toBe(-95);
    expect(observationLevel(-60, -95)).toBe(-60);
    expect(observationLevel(-95, -95)).toBe(-95);
    expect(() => reportKindCode('maybe' as never)).toThrow(/"maybe"/);
  });

  it('when a reading is louder than −20 dBm (nearer than a metre to an AP), then it counts as −20', () => {
    expect(observationLevel(-5, -95)).toBe(-20);
    expect(observationLevel(-20, -95)).toBe(-20);
    expect(observationLevel(-21, -95)).toBe(-21);
  });

  it('each class speaks with the level in the middle of its band (good: 4 dB above its bound; none: the floor)', () => {
    expect([GOOD, FAIR, POOR, NONE].map((c) => classLevelDbm(c, O))).toEqual([-63, -71, -80, -95]);
  });
});

describe('evidence weights', () => {
  it('when a sample is one half-life old, then it weighs half; outside the window nothing', () => {
    expect(ageWeight(0, O)).toBe(1);
    expect(ageWeight(90 * DAY_MS, O)).toBeCloseTo(0.5, 12);
    expect(ageWeight(180 * DAY_MS, O)).toBeCloseTo(0.25, 12);
    expect(ageWeight(365 * DAY_MS, O)).toBeCloseTo(2 ** (-365 / 90), 12); // the window's last day still counts
    expect(ageWeight(366 * DAY_MS, O)).toBe(0);
    expect(ageWeight(-DAY_MS, O)).toBe(1); // a fast phone clock
  });

  it('when accuracy gets worse, then the sample spreads wider and thinner, and beyond 150 m it is dropped', () => {
    expect(spreadOf(10, O)).toEqual({ radiusM: 0, weight: 1 });
    expect(spreadOf(50, O)).toEqual({ radiusM: 0, weight: 1 });
    expect(spreadOf(51, O)).toEqual({ radiusM: 1, weight: 1 }); // its own cell, and hardly ever another
    expect(spreadOf(100, O)!.radiusM).toBe(50);
    expect(spreadOf(150, O)!.radiusM).toBe(100);
    const weights = [60, 75, 100, 125, 150].map((a) => spreadOf(a, O)!.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(spreadOf(151, O)).toBeNull();
  });

  it('when a fix is vague, then the cells it spreads over together weigh about one reading, as a precise fix does', () => {
    // Until 2026-12-08 each cell took (50/accuracy)²: a 150 m fix's cells together weighed 5.6 readings.
    const grid = bareGrid(40, 40); // 25 m cells, as O's
    for (const accuracyM of [55, 60, 75, 100, 150]) {
      const { radiusM, weight } = spreadOf(accuracyM, O)!;
      let total = 0, fixes = 0;
      for (let k = 0; k < 25; k++) { // fixes at different places within a cell: the count of cells varies a little
        const x = 500 + (k % 5) * 5.3, y = 500 + Math.floor(k / 5) * 4.7;
        total += weight * cellsInSpread(grid, x, y, radiusM, []).length;
        fixes++;
      }
      expect(total / fixes).toBeGreaterThan(0.9);
      expect(total / fixes).toBeLessThan(1.1);
    }
  });

  it('when one device sends many samples to a cell, then its weight is capped and five others outvote it', () => {
    const ledger = new Ledger(1, O.deviceCapWeight, -75);
    for (let i = 0; i < 100; i++) ledger.add(0, 1, 1, -95, 0); // one device: "nothing here" ×100
    expect(ledger.weight[0]).toBe(O.deviceCapWeight);
    for (let d = 2; d <= 6; d++) ledger.add(0, d, 1, -60, 0); // five devices: strong signal, once each
    expect(ledger.weight[0]).toBe(O.deviceCapWeight + 5);
    expect(ledger.weightedDbm[0] / ledger.weight[0]).toBeCloseTo((1 * -95 + 5 * -60) / 6, 9); // one phone, one voice: the default cap is one reading
  });

  it('when devices weigh unequally in a cell, then its mean is worth (Σ w)² / Σ w² phones (capped weights)', () => {
    const ledger = new Ledger(2, 1, -75);
    expect(ledger.effectiveDevices(0)).toBe(0);
    ledger.add(0, 1, 1, -70, 0);
    ledger.add(0, 2, 1, -80, 0);
    expect(ledger.effectiveDevices(0)).toBeCloseTo(2, 12);
    for (let k = 0; k < 5; k++) ledger.add(0, 3, 1, -60, 0); // five readings, one voice: capped at 1
    expect(ledger.effectiveDevices(0)).toBeCloseTo(3, 12);
    ledger.add(1, 1, 1, -70, 0);
    ledger.add(1, 2, 0.25, -70, 0); // a vague fix's share
    expect(ledger.effectiveDevices(1)).toBeCloseTo(1.25 ** 2 / (1 + 0.0625), 12);
  });

  it('when a known device says "not covered" on balance, then it counts toward confirmation; unknown devices never do', () => {
    const ledger = new Ledger(1, 2, -75);
    expect(ledger.add(0, 1, 1, -95, 0)).toBe(1);
    expect(ledger.add(0, 1, 1, -95, 0)).toBe(0);
    expect(ledger.add(0, 1, 3, -60, 0)).toBe(-1); // its own later "works" outweighs its earlier samples
    expect(ledger.add(0, 0, 1, -95, 0)).toBe(0);
  });
});

describe('where a reading lands', () => {
  it('a fix touches its own cell and every cell whose centre lies within the spread radius, nothing else', () => {
    const grid = bareGrid(30, 24);
    for (const [x, y, r] of [[310, 260, 0], [310, 260, 60], [12, 590, 45], [737, 12, 80]]) {
      const own = grid.cellAtXY(x, y);
      const expected = [own];
      for (let cell = 0; cell < grid.cellCount; cell++)
        if (cell !== own && Math.hypot(grid.colCentreX(grid.col(cell)) - x, grid.rowCentreY(grid.row(cell)) - y) <= r) expected.push(cell);
      const got = cellsInSpread(grid, x, y, r, []);
      expect(got[0]).toBe(own);
      expect([...got].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    }
  });

  it('the loudest plausible reading falls off as free space from the loudest hotspot, with 30 m of slack for positions', () => {
    expect(plausibleMaxDbm(20)).toBe(-13); // within the slack: as loud as 1 m from it
    expect(plausibleMaxDbm(130)).toBeCloseTo(-53, 9); // 100 m beyond the slack: −13 − 40
    expect(plausibleMaxDbm(1030)).toBeCloseTo(-73, 9);
  });
});
