// P(usable) learned from measured cells: the curve's arithmetic with known answers, and the engine using it —
// where readings show the predictions were over-generous, P falls where nobody measured, and nothing else moves.
import { describe, expect, it } from 'vitest';
import { binCaps, calibratedP, cohortCap, learnCurve, MAX_COHORT_SHARE, MAX_SHARPENING, type MeasuredCells, normalQuantile, onCurve, P_BINS, PCurveLearner, PREFERRED_MIN_CELLS, PTally, tallyToLearn } from '../../../server/domain/coverage/p-calibration';
import { normalCdf } from '../../../server/domain/coverage/fusion';
import { gaussian, mulberry32 } from '../../../server/domain/coverage/random';
import { createCoverageEngine, type ObservationInput } from '../../../server/domain/coverage/index';
import { DAY_MS, NOW, smallArea } from './helpers';

/** A tally of `cells` measured cells per bin, `share(b)` of them usable. */
function tallyOf(cells: number, share: (bin: number) => number): PTally {
  const t = new PTally();
  for (let b = 0; b < P_BINS; b++) {
    const p = (b + 0.5) / P_BINS;
    for (let k = 0; k < cells; k++) t.add(p, k < Math.round(cells * share(b)));
  }
  return t;
}

describe('learning P(usable) from measured cells', () => {
  it('when each bin was measured many times, then the curve is the measured share (the identity pseudo-cell weighs little)', () => {
    const curve = learnCurve(tallyOf(1000, (b) => (b / P_BINS) ** 2))!;
    for (let b = 0; b < P_BINS; b++) expect(curve[b]).toBeCloseTo(((b / P_BINS) ** 2 * 1000 + (b + 0.5) / P_BINS) / 1001, 3);
  });

  it('when the measured shares dip as P rises, then neighbouring bins are pooled so the curve never falls', () => {
    const share = (b: number) => (b === 10 ? 0.6 : b === 11 ? 0.2 : b / P_BINS);
    const curve = learnCurve(tallyOf(200, share))!;
    for (let b = 1; b < P_BINS; b++) expect(curve[b]).toBeGreaterThanOrEqual(curve[b - 1]);
    // 0.6 then 0.2 pool to 0.4, below the 0.45 before them: the three pool (pseudo-cells included).
    expect(curve[9]).toBeCloseTo(curve[11], 9);
    expect(curve[10]).toBeCloseTo(curve[11], 9);
    expect(curve[10]).toBeCloseTo((0.45 * 200 + 0.6 * 200 + 0.2 * 200 + 0.475 + 0.525 + 0.575) / 603, 9);
    expect(curve[12]).toBeCloseTo((0.6 * 200 + 0.625) / 201, 9);
  });

  it('when a cell was predicted certain (P 0 or 1), then it counts in the first or last bin', () => {
    const t = new PTally();
    t.add(1, true);
    t.add(0, false);
    expect(t.cells[P_BINS - 1]).toBe(1);
    expect(t.usable[P_BINS - 1]).toBe(1);
    expect(t.cells[0]).toBe(1);
    expect(t.total).toBe(2);
  });

  it('when fewer than 100 cells were measured, then there is no curve and P stays as predicted', () => {
    const t = new PTally();
    for (let k = 0; k < 99; k++) t.add(0.3, false);
    expect(learnCurve(t)).toBeNull();
    expect(calibratedP(0.3, 0, null)).toBe(0.3);
    t.add(0.3, false);
    expect(learnCurve(t)).not.toBeNull();
  });

  it('when enough cells were measured by two phones, then only those teach; before that, cells one phone measured do', () => {
    const early = new PTally(), preferred = new PTally();
    for (let k = 0; k < PREFERRED_MIN_CELLS + 500; k++) early.add(0.3, k % 4 === 0);
    for (let k = 0; k < PREFERRED_MIN_CELLS - 1; k++) preferred.add(0.3, k % 10 === 0);
    expect(tallyToLearn(preferred, () => early)).toBe(early);
    preferred.add(0.3, false);
    expect(tallyToLearn(preferred, () => early)).toBe(preferred);
    expect(preferred.total).toBe(PREFERRED_MIN_CELLS);
  });

  it('when Φ⁻¹ is asked, then it inverts Φ (known quantiles and a round trip)', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.96, 2);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.96, 2);
    for (const z of [-3.2, -1, 0.3, 2.5]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 6);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('when the measured labels are noisy, then the curve is sharpened by k = √(1 + noise² / prediction spread²)', () => {
    const t = tallyOf(300, (b) => (b + 0.5) / P_BINS);
    expect(t.sharpening()).toBe(1); // no spreads recorded: the shares as measured
    for (let k = 0; k < 300; k++) t.add(0.3, k % 3 === 0, 49, 36); // σ 7 dB predictions, cells measured by one phone (6 dB)
    for (let k = 0; k < 300; k++) t.add(0.01, false, 9, 900); // P 0–0.05 and 0.95–1: outside the bins that set k
    for (let k = 0; k < 300; k++) t.add(0.99, true, 9, 900);
    const k = Math.sqrt(1 + 36 / 49);
    expect(t.sharpening()).toBeCloseTo(k, 12);
    const curve = learnCurve(t)!;
    const share6 = (t.usable[6] + 0.325) / (t.cells[6] + 1); // bin 6 (P 0.30–0.35): its 300 cells, the 300 noisy ones, a pseudo-cell
    expect(curve[6]).toBeCloseTo(normalCdf(k * normalQuantile(share6)), 9);
    expect(curve[6]).toBeLessThan(share6 - 0.01); // below one half: sharpened down
    expect(curve[15]).toBeGreaterThan((t.usable[15] + 0.775) / (t.cells[15] + 1) + 0.01); // above one half: up
    for (let b = 1; b < P_BINS; b++) expect(curve[b]).toBeGreaterThanOrEqual(curve[b - 1]);
    t.add(0.5, true, 1, 1e6); // noise far beyond the predictions' spread: k stops at its cap
    expect(t.sharpening()).toBe(MAX_SHARPENING);
  });

  it('when cells are simulated with known truth and noisy readings, then the learned curve finds the true shares', () => {
    // Each cell: a prediction with P = Φ((μ − T)/σ), its true level μ + σ·z, measured as that + the readings' noise.
    const random = mulberry32(20261204), sigma = 7, noise = 6, T = -75;
    const noisy = new PTally(), plain = new PTally(), truth = new PTally();
    for (let k = 0; k < 100_000; k++) {
      const mu = T - 20 + 35 * random(), p = normalCdf((mu - T) / sigma), level = mu + sigma * gaussian(random);
      const measured = level + noise * gaussian(random);
      noisy.add(p, measured >= T, sigma * sigma, noise * noise);
      plain.add(p, measured >= T);
      truth.add(p, level >= T);
    }
    const [learned, unsharpened, actual] = [learnCurve(noisy)!, learnCurve(plain)!, learnCurve(truth)!];
    let errLearned = 0, errPlain = 0; // mean absolute error over the bins (each holds ~5,000 cells: sampling noise ~0.01)
    for (let b = 0; b < P_BINS; b++) {
      errLearned += Math.abs(learned[b] - actual[b]) / P_BINS;
      errPlain += Math.abs(unsharpened[b] - actual[b]) / P_BINS;
    }
    expect(errPlain).toBeGreaterThan(0.03); // noisy labels alone: pulled towards one half
    expect(errLearned).toBeLessThan(0.015);
  });

  it('when the curve is read, then it interpolates between bin centres and keeps certain predictions certain', () => {
    const curve = learnCurve(tallyOf(500, () => 0.5))!;
    expect(onCurve(curve, 0)).toBe(0);
    expect(onCurve(curve, 0.0125)).toBeCloseTo(curve[0] / 2, 12); // halfway to the first bin centre
    expect(onCurve(curve, 0.05)).toBeCloseTo((curve[0] + curve[1]) / 2, 12); // between the first two centres
    expect(onCurve(curve, 1)).toBeCloseTo(1, 12);
    expect(onCurve(curve, 0.9875)).toBeCloseTo((curve[P_BINS - 1] + 1) / 2, 12);
    expect(onCurve(curve, 0.525)).toBeCloseTo(curve[10], 12); // a bin centre
    expect(onCurve(curve, 0.55)).toBeCloseTo((curve[10] + curve[11]) / 2, 12);
    // A cell's own readings take over as they grow: none → the curve, many → its own P.
    expect(calibratedP(0.8, 0, curve)).toBeCloseTo(onCurve(curve, 0.8), 12);
    expect(calibratedP(0.8, 1, curve)).toBeCloseTo((0.8 + onCurve(curve, 0.8)) / 2, 12);
    expect(Math.abs(calibratedP(0.8, 99, curve) - 0.8)).toBeLessThan(0.01);
  });
});

describe('how much one cohort may teach the curve', () => {
  const k = Math.round(1 / MAX_COHORT_SHARE); // the independent voices a bin needs before its share is learned at all

  it('when k or more cohorts give alike, then no cap binds; with fewer than k, nobody counts', () => {
    expect(k).toBe(5);
    expect(cohortCap(Array(k).fill(7))).toBe(Infinity);
    expect(cohortCap(Array(3 * k).fill(1).concat([3]))).toBe(Infinity); // 3 of 3k + 3: at most the share
    expect(cohortCap(Array(k - 1).fill(7))).toBe(0);
    expect(cohortCap([500])).toBe(0);
    expect(cohortCap([500, 0, 0, 0, 0, 0])).toBe(0); // cohorts that gave nothing are no voices
    expect(cohortCap([])).toBe(Infinity); // nobody: nothing to cap
  });

  it('when one cohort gives most, then it is cut to the share of what counts, and no larger cap would do', () => {
    expect(cohortCap([100, ...Array(k - 1).fill(1)])).toBeCloseTo(1, 12); // 1 of k
    expect(cohortCap([100, 50, ...Array(2 * (k - 2)).fill(1)])).toBeCloseTo(2, 12); // two capped at 2: 2 of 2 + 2 + 2(k − 2)
    expect(cohortCap([9, 9, 9, 1, 1, 1], 0.1)).toBe(0); // six cohorts cannot make ten voices, however spread
    const random = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const cells = Array.from({ length: 3 + Math.floor(random() * 40) }, () => (random() < 0.2 ? 0 : random() ** 4 * 100));
      const tau = cohortCap(cells), counted = (t: number) => cells.reduce((sum, c) => sum + Math.min(c, t), 0);
      const largest = Math.max(...cells.map((c) => Math.min(c, tau)));
      if (tau > 0) expect(largest).toBeLessThanOrEqual(MAX_COHORT_SHARE * counted(tau) * (1 + 1e-9)); // nobody over the share
      const above = tau > 0 ? tau * 1.01 : 1e-6; // the largest such cap: any larger one lets somebody over the share
      if (tau < Infinity) expect(Math.max(...cells.map((c) => Math.min(c, above)))).toBeGreaterThan(MAX_COHORT_SHARE * counted(above));
    }
  });
});

describe('caps per bin', () => {
  it('when a dense (cohort, bin) tally is capped, then each bin gets the cap of its own cohorts\' cells', () => {
    const random = mulberry32(11), cohorts = 30;
    for (let trial = 0; trial < 20; trial++) {
      const cells = new Float64Array(cohorts * P_BINS).map(() => (random() < 0.4 ? 0 : random() ** (1 + trial % 5) * 50));
      const caps = binCaps(cells, cohorts);
      for (let bin = 0; bin < P_BINS; bin++) {
        const mine = Array.from({ length: cohorts }, (_, c) => cells[bin * cohorts + c]);
        expect(caps[bin]).toBe(cohortCap(mine));
      }
    }
  });
});

/** Measured cells from a list: each cell's prediction-only P, whether it was measured usable, and its cohorts' capped weights. */
function measured(cells: { p: number; usable: boolean; by: [cohort: number, weight: number][]; predictionVar?: number }[]): MeasuredCells {
  const entries = cells.flatMap((c) => c.by);
  let k = 0;
  return {
    predicted: Float64Array.from(cells, (c) => c.p),
    cellWeight: Float64Array.from(cells, (c) => c.by.reduce((sum, [, w]) => sum + w, 0)),
    usable: Uint8Array.from(cells, (c) => (c.usable ? 1 : 0)),
    predictionVar: Float64Array.from(cells, (c) => c.predictionVar ?? 25),
    start: Int32Array.from([0, ...cells.map((c) => (k += c.by.length))]),
    cohort: Int32Array.from(entries, ([c]) => c),
    weight: Float64Array.from(entries, ([, w]) => w),
  };
}

describe('tallying measured cells by cohort', () => {
  const readingVar = 36;

  it('when five cohorts each measured their own cells alike, then every cell counts whole, with one reading\'s noise', () => {
    const cells = Array.from({ length: 100 }, (_, i) => ({ p: 0.52, usable: i % 4 === 0, by: [[i % 5, 1]] as [number, number][] }));
    const t = new PCurveLearner().tally(measured(cells), 5, readingVar, 1);
    expect(t.cells[10]).toBe(100);
    expect(t.usable[10]).toBe(25);
    expect(t.total).toBe(100);
    expect(t.noiseVar[10]).toBeCloseTo(100 * readingVar, 9);
    expect(t.predictionVar[10]).toBeCloseTo(100 * 25, 9);
  });

  it('when two phones share a cell, then its label noise is one reading\'s over the phones its mean is worth, (Σ c)² / Σ c²', () => {
    // Ten cohorts with four cells each in bin 6, so no cap binds, and one cell cohorts 1 and 2 measured with weights 1 and 3.
    const cells = [
      ...Array.from({ length: 40 }, (_, i) => ({ p: 0.3, usable: false, by: [[i % 10, 1]] as [number, number][] })),
      { p: 0.3, usable: true, by: [[1, 1], [2, 3]] as [number, number][] },
    ];
    const t = new PCurveLearner().tally(measured(cells), 10, readingVar, 1);
    expect(t.cells[6]).toBe(41);
    expect(t.usable[6]).toBe(1);
    expect(t.noiseVar[6]).toBeCloseTo(40 * readingVar + readingVar / (16 / 10), 9);
  });

  it('when one cohort measured most of a bin, then its cells count at the cap\'s share and the others\' whole', () => {
    // Bin 10: cohort 0 measured 60 cells (all usable), cohorts 1–4 ten each (none usable), and one cell both 0 and 1 did.
    const cells = [
      ...Array.from({ length: 60 }, () => ({ p: 0.51, usable: true, by: [[0, 2]] as [number, number][] })),
      ...Array.from({ length: 40 }, (_, i) => ({ p: 0.51, usable: false, by: [[1 + (i % 4), 2]] as [number, number][] })),
      { p: 0.51, usable: true, by: [[0, 1], [1, 3]] as [number, number][] }, // shared by weight: a quarter and three quarters
    ];
    const t = new PCurveLearner().tally(measured(cells), 5, readingVar, 1);
    // Cohort 0 holds 60.25 cells, cohort 1 10.75, cohorts 2–4 ten each: both capped, τ = 0.2 (2τ + 30) = 10.
    const tau = cohortCap([60.25, 10.75, 10, 10, 10]);
    expect(tau).toBeCloseTo(10, 12);
    expect(t.cells[10]).toBeCloseTo(tau + tau + 30, 9);
    expect(t.usable[10]).toBeCloseTo(60.25 * (tau / 60.25) + 0.75 * (tau / 10.75), 9);
  });

  it('when cells weigh less than the weight asked for, then they are left out, from the caps too', () => {
    // Ten cohorts with one heavy cell each; cohort 0 also measured twenty light cells, which would cap it were they counted.
    const cells = [
      ...Array.from({ length: 10 }, (_, i) => ({ p: 0.9, usable: true, by: [[i, 2]] as [number, number][] })),
      ...Array.from({ length: 20 }, () => ({ p: 0.9, usable: true, by: [[0, 1]] as [number, number][] })),
    ];
    expect(new PCurveLearner().tally(measured(cells), 10, readingVar, 2).total).toBe(10);
    expect(new PCurveLearner().tally(measured(cells), 10, readingVar, 1).total).toBeLessThan(30);
  });

  it('when no cap binds, then a shared cell counts exactly one, whatever its shares add up to in floating point', () => {
    const shared = { p: 0.6, usable: true, by: [[0, 0.3], [1, 0.6], [2, 0.1]] as [number, number][] }; // shares sum to 1.0000000000000002
    const cells = [shared, ...Array.from({ length: 40 }, (_, i) => ({ p: 0.6, usable: false, by: [[i % 10, 1]] as [number, number][] }))];
    const t = new PCurveLearner().tally(measured(cells), 10, readingVar, 0.5);
    expect(t.cells[12]).toBe(41);
    expect(t.usable[12]).toBe(1); // the shared cell alone
  });

  it('when one learner tallies a few cohorts and then thousands, then it gives what a fresh one does', () => {
    // Three cells per cohort, and cohort 0 another 9,000, which the cap cuts to a fifth of what counts.
    const cellsOf = (cohorts: number) => measured(Array.from({ length: 3 * cohorts + 9000 }, (_, i) => ({ p: 0.7, usable: i % 3 === 0, by: [[i < 3 * cohorts ? i % cohorts : 0, 1]] as [number, number][] })));
    const learner = new PCurveLearner();
    learner.tally(cellsOf(5), 5, readingVar, 1);
    const again = learner.tally(cellsOf(3000), 3000, readingVar, 1), fresh = new PCurveLearner().tally(cellsOf(3000), 3000, readingVar, 1);
    expect(again.cells[14]).toBeCloseTo(8997 * 1.25, 6); // the others' 8,997 whole, cohort 0's 9,003 capped to a fifth of the total
    expect([...again.cells]).toEqual([...fresh.cells]);
    expect([...again.usable]).toEqual([...fresh.usable]);
  });

  it('when a bin has too few cohorts to count, then a phone that gave nothing in a cell adds nothing either (not NaN)', () => {
    const t = new PCurveLearner().tally(measured([{ p: 0.4, usable: true, by: [[0, 1], [1, 0]] }]), 2, readingVar, 1);
    expect(t.cells[8]).toBe(0);
    expect(t.usable[8]).toBe(0);
  });

  it('when enough cells were measured by two phones\' weight, then only they teach the curve; one short of that, every measured cell does', () => {
    // Bin 10 (P 0.52): cells one phone's weight measured say unusable, cells two phones' weight measured say usable.
    const cellsWith = (preferred: number) => measured([
      ...Array.from({ length: 500 }, (_, i) => ({ p: 0.52, usable: false, by: [[i % 10, 1]] as [number, number][], predictionVar: 1e6 })),
      ...Array.from({ length: preferred }, (_, i) => ({ p: 0.52, usable: true, by: [[i % 10, 1], [(i + 1) % 10, 1]] as [number, number][], predictionVar: 1e6 })),
    ]);
    const many = new PCurveLearner().learn(cellsWith(PREFERRED_MIN_CELLS), 10, readingVar)!;
    const few = new PCurveLearner().learn(cellsWith(PREFERRED_MIN_CELLS - 1), 10, readingVar)!;
    expect(many[10]).toBeGreaterThan(0.99);
    expect(few[10]).toBeCloseTo((PREFERRED_MIN_CELLS - 1 + 0.525) / (500 + PREFERRED_MIN_CELLS - 1 + 1), 3);
  });
});

describe('the engine learning P(usable)', () => {
  const area = smallArea();
  const M_LON = 1 / 80_800, M_LAT = 1 / 111_195;
  const site = (east: number, north: number) => [-80.49 + east * M_LON, 43.45 + north * M_LAT] as const;
  // Six outdoor hotspots listed at 20 dBm; the first three are measured all around, 8 dB weaker than listed.
  const aps = [[-600, -500], [-100, -500], [400, -500], [-600, 300], [-100, 400], [500, -100]].map(([e, n], k) => ({ id: k + 1, position: site(e, n), indoor: false, eirpDbm: 20 }));

  function measured(engine: ReturnType<typeof createCoverageEngine>, offsetDb = -8, around = aps.slice(0, 3)): ObservationInput[] {
    const out: ObservationInput[] = [];
    for (const ap of around) for (let dx = -150; dx <= 150; dx += 25) for (let dy = -150; dy <= 150; dy += 25) {
      const lon = ap.position[0] + dx * M_LON, lat = ap.position[1] + dy * M_LAT;
      const predicted = engine.explainCell(lon, lat).predictedDbm ?? -95;
      // No network named: the phones ask about the free one, and no hotspot is refitted from them. Four of
      // twelve phones at each spot, taking turns: the curve needs several independent voices.
      const spot = out.length / 4;
      for (let k = 0; k < 4; k++) out.push({ lon, lat, accuracyM: 5, time: NOW - DAY_MS, signalDbm: Math.max(-95, Math.round(predicted + offsetDb)), deviceKey: `phone-${(spot + k * 3) % 12}` });
    }
    return out;
  }

  it('when readings show the predictions over-generous, then P falls where nobody measured, and levels and classes stay', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const readings = measured(engine);
    const unmeasured = site(-100 + 70, 400); // 70 m from hotspot 5: predicted near the usable threshold
    const before = engine.explainCell(...unmeasured);
    const expectedBefore = engine.statistics().city.expectedCoveredAreaM2;
    expect(before.pUsable!).toBeGreaterThan(0.2);
    expect(before.pUsable!).toBeLessThan(0.8);

    const plain = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: readings, options: {} });
    const after = plain.explainCell(...unmeasured);
    expect(after.pUsable!).toBeLessThan(before.pUsable! - 0.1);
    expect(after.fusedDbm).toBe(before.fusedDbm);
    expect(after.class).toBe(before.class);
    // Drawn as usable, yet a 5 % chance: the explanation says why.
    expect(after.covered).toBe(true);
    expect(after.summary).toMatch(/a [0-9] % chance of usable free Wi-Fi \(where phones checked predictions like this one, they were often weaker\)/);
    expect(before.summary).not.toMatch(/often/);
    expect(plain.statistics().city.expectedCoveredAreaM2).toBeLessThan(expectedBefore);
    // The interval spans both estimates (Σ P and the class-based area), plus the cells' spread.
    const city = plain.statistics().city;
    expect(city.coveredAreaM2 - city.expectedCoveredAreaM2).toBeGreaterThan(1e4); // they differ by over a hectare here
    expect(city.expectedCoveredIntervalM2[0]).toBeLessThan(city.expectedCoveredAreaM2);
    expect(city.expectedCoveredIntervalM2[1]).toBeGreaterThan(city.coveredAreaM2);

    // The same readings streamed in and refreshed as the server's timer does: the same P.
    engine.addObservations(readings);
    engine.refreshHotspots();
    expect(engine.explainCell(...unmeasured).pUsable).toBe(after.pUsable);
  });

  it('when readings stream in with refreshes between them, then the settled P is the one the same readings give at once', () => {
    // Phones name hotspots 1–3 by BSSID, 8 dB weaker than listed: the fits (and so the predictions the curve is
    // learned against) keep moving while readings arrive and once more after they pause.
    const named = aps.map((a, k) => ({ ...a, bssids: [`aa:00:00:00:00:0${k + 1}`] }));
    const probe = createCoverageEngine({ boundary: area, accessPoints: named, now: NOW });
    const plain = measured(probe); // hotspot 1's readings first, then 2's, then 3's, equally many
    const readings = plain.map((r, k) => ({ ...r, bssid: `aa:00:00:00:00:0${1 + Math.floor((3 * k) / plain.length)}` }));
    const streamed = createCoverageEngine({ boundary: area, accessPoints: named, now: NOW });
    for (let k = 0; k < readings.length; k += 200) {
      streamed.addObservations(readings.slice(k, k + 200));
      streamed.refreshHotspots(); // the server's timer, between batches
    }
    for (let k = 0; k < 20 && streamed.settling; k++) streamed.refreshHotspots(); // the stream paused
    const atOnce = createCoverageEngine({ boundary: area, accessPoints: named, now: NOW, observations: readings });
    for (let k = 0; k < 20 && (k < 2 || atOnce.settling); k++) atOnce.refreshHotspots();
    expect(streamed.settling).toBe(false);
    expect(streamed.state.fused).toEqual(atOnce.state.fused);
    let differ = 0;
    for (let cell = 0; cell < streamed.state.pUsable.length; cell++) if (Math.abs(streamed.state.pUsable[cell] - atOnce.state.pUsable[cell]) > 1e-12) differ++;
    expect(differ).toBe(0);
  });

  it('when a planner edits a hotspot, then the learned P is not relearned: P elsewhere does not move', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations(measured(engine));
    engine.refreshHotspots();
    const p = Array.from(engine.state.pUsable);
    engine.setAccessPoints(aps.map((a) => (a.id === 2 ? { ...a, eirpDbm: 23 } : a)));
    const near2 = engine.state.grid.cellAt(...site(-100, -500));
    const changed = Array.from(engine.state.pUsable).flatMap((v, cell) => (v !== p[cell] ? [cell] : []));
    expect(changed).toContain(near2);
    const far = engine.state.grid.cellAt(...site(-600, 300)); // hotspot 4's spot, 900 m from hotspot 2
    expect(changed).not.toContain(far);
  });
  it('when one phone alone says every prediction is over-generous, then P nowhere moves: the curve needs five voices', () => {
    // One phone's "nothing heard" round a park once took P at a library across town from 0.73 to 0.02.
    const bare = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const lone = measured(bare, -30).map((r) => ({ ...r, deviceKey: 'one-phone' }));
    const four = measured(bare, -30).map((r, k) => ({ ...r, deviceKey: `sybil-${k % 4}` })); // four voices: still too few
    for (const readings of [lone, four]) {
      const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: readings });
      for (const spot of [site(-100 + 70, 400), site(-600 + 60, 300), site(500, -100 + 80)]) expect(engine.explainCell(...spot).pUsable).toBe(bare.explainCell(...spot).pUsable);
    }
  });

  it('when one phone among twelve measures elsewhere and says nothing reaches, then P moves by less than its fifth', () => {
    const bare = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const honest = measured(bare, 0); // twelve phones find the predictions right round hotspots 1–3
    const liar = [0, 1, 2, 3].flatMap(() => measured(bare, -40, [aps[3], aps[5]])).map((r) => ({ ...r, deviceKey: 'liar' })); // and one says nothing round 4 and 6, four times over
    const truthful = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: honest });
    const lied = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: [...honest, ...liar] });
    const unmeasured = site(-100 + 70, 400); // by hotspot 5, which nobody measured
    const [p0, p1] = [truthful.explainCell(...unmeasured).pUsable!, lied.explainCell(...unmeasured).pUsable!];
    expect(p0).toBeGreaterThan(0.2); // the test means something: a P that can fall
    expect(p1).toBeLessThanOrEqual(p0);
    expect(p0 - p1).toBeLessThan(0.2); // its cells are at most a fifth of any bin
  });
});
