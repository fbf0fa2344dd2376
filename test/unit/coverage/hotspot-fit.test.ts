// Known answers for one hotspot's fit: readings drawn from a known curve (seeded), checked against that
// curve. Positions are projected metres as the engine gives them — away from the origin and with the east
// scale of Kitchener's latitude — so a sign or scale slip in the geometry shows.
import { describe, expect, it } from 'vitest';
import { EXPONENT_BOUNDS, LOUDEST_DBM_AT_1M, MAX_FIT_SAMPLES, MAX_MOVE_M, farthestHeardM, fitHotspot, heardWithinM, loudnessCentroid, oneHotspotReadings, placeHotspot, placeHotspotByPhones, positionWithinM, sampleByContent, type FitPrior, type HotspotFit } from '../../../server/domain/coverage/hotspot-fit';
import { gaussian, mulberry32 } from '../../../server/domain/coverage/random';
import { discoveryPrior } from '../../../server/domain/coverage/hotspots';

const EAST = 0.727; // projected metres east–west × this = true metres at 43.4° N
const OX = 1200, OY = -800; // projected position of the frame's origin
const px = (east: number) => OX + east / EAST, py = (north: number) => OY + north;

interface Samples { x: number[]; y: number[]; dbm: number[]; weight: number[]; count: number }

/** Readings of a hotspot at true (tx, ty) m with level a at 1 m and exponent n, 5…5+radius m away, noise σ dB. */
function readings(seed: number, count: number, tx: number, ty: number, a: number, n: number, radius: number, sigma: number): Samples {
  const rnd = mulberry32(seed);
  const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
  for (let i = 0; i < count; i++) {
    const r = 5 + rnd() * radius, t = rnd() * 2 * Math.PI;
    add(s, tx + r * Math.cos(t), ty + r * Math.sin(t), a - 10 * n * Math.log10(r) + sigma * gaussian(rnd));
  }
  return s;
}
/** Adds one reading at true (east, north) m. */
function add(s: Samples, east: number, north: number, dbm: number, weight = 1): Samples {
  s.x.push(px(east)); s.y.push(py(north)); s.dbm.push(dbm); s.weight.push(weight); s.count++;
  return s;
}
/** The same readings with some left out: arrays copied, so the original stays as it was. */
function pick(s: Samples, keep: (i: number) => boolean): Samples {
  const idx = Array.from({ length: s.count }, (_, i) => i).filter(keep);
  return { x: idx.map((i) => s.x[i]), y: idx.map((i) => s.y[i]), dbm: idx.map((i) => s.dbm[i]), weight: idx.map((i) => s.weight[i]), count: idx.length };
}

/** A registry prior at true (x, y) m, or none (a discovered hotspot). */
const prior = (x: number | null, y: number | null, more: Partial<FitPrior> = {}): FitPrior =>
  ({ x: x === null ? null : px(x), y: y === null ? null : py(y), positionSigmaM: 30, dbmAt1m: -32, dbmAt1mSigma: 8, n: 2.8, nSigma: 0.5, ...more });
const fixedAt = (x: number, y: number, more: Partial<FitPrior> = {}) => prior(x, y, { positionSigmaM: 0, ...more });
const VAGUE = { dbmAt1mSigma: 1000, nSigma: 1000 }; // a prior that says almost nothing: the readings decide alone

/** The fit, with its position back in true metres from the frame's origin. */
function fit(s: Samples, p: FitPrior): (HotspotFit & { east: number; north: number }) | null {
  const f = fitHotspot(s, p, EAST);
  return f && { ...f, east: (f.x - OX) * EAST, north: f.y - OY };
}
/** The same, with how far its position may be off. */
function placed(s: Samples, p: FitPrior) {
  const f = placeHotspot(s, p, EAST);
  return f && { ...f, east: (f.x - OX) * EAST, north: f.y - OY };
}
const at = (f: { dbmAt1m: number; n: number }, d: number) => f.dbmAt1m - 10 * f.n * Math.log10(d);

describe('how far a fitted position may be off', () => {
  it('when readings are independent, then the stated radius holds the true position about 9 times in 10, and shrinks as readings grow', () => {
    // Independent noise is what the curvature assumes: one phone per reading, so no widening.
    const inside = (count: number) => {
      let hits = 0, radii = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const f = placed(readings(100 + seed, count, 500, -300, -35, 2.8, 120, 6), prior(null, null))!;
        const r = positionWithinM(f, count);
        radii += r;
        if (Math.hypot(f.east - 500, f.north + 300) <= r) hits++;
      }
      return { share: hits / 60, radius: radii / 60 };
    };
    const few = inside(12), many = inside(120);
    expect(few.share).toBeGreaterThanOrEqual(0.8); // 12 readings: 50 of 60 (a, n fitted too: the curvature is a little optimistic)
    expect(many.share).toBeGreaterThanOrEqual(0.9); // 120: 59 of 60
    expect(many.radius).toBeLessThan(few.radius * 0.6); // ten times the readings: ~√10 narrower
    expect(many.radius).toBeGreaterThan(4);
  });

  it('when the same readings come from fewer phones, then the radius widens by √(readings per phone)', () => {
    const f = placed(readings(7, 100, 0, 0, -35, 2.8, 120, 6), prior(null, null))!;
    expect({ ...f, positionSigmaM: undefined }).toEqual({ ...fit(readings(7, 100, 0, 0, -35, 2.8, 120, 6), prior(null, null))!, positionSigmaM: undefined }); // the same fit, with its spread
    expect(f.positionSigmaM).toBeGreaterThan(0);
    expect(positionWithinM(f, 100)).toBeCloseTo(2.45 * f.positionSigmaM, 6);
    expect(positionWithinM(f, 4)).toBeCloseTo(2.45 * f.positionSigmaM * 5, 6);
    expect(positionWithinM(f, 400)).toBeCloseTo(2.45 * f.positionSigmaM, 6); // more phones than readings: no narrower than independent
    expect(positionWithinM({ positionSigmaM: 200, samples: 150 }, 1)).toBe(1000); // "somewhere around here"
  });

  it('when a position prior pulls the fit (a discovery starts at its loudness centroid), then the stated spread is still what the readings alone say', () => {
    const s = readings(9, 10, 0, 0, -35, 2.8, 150, 8);
    const tight = placed(s, prior(0, 0, { positionSigmaM: 3 }))!, loose = placed(s, prior(0, 0, { positionSigmaM: 3000 }))!;
    expect(Math.hypot(tight.east, tight.north)).toBeLessThan(6); // the prior held it (to the search's 4 m step) …
    expect(loose.positionSigmaM).toBeGreaterThan(8);
    expect(tight.positionSigmaM).toBeGreaterThan(0.7 * loose.positionSigmaM); // … but claims no more than the readings know
  });

  it('when the readings cannot place it (all at one spot, all alike), then it is not pinned down; when its position was held, no spread is claimed', () => {
    const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let i = 0; i < 12; i++) add(s, 100, 100, -70);
    expect(placed(s, prior(null, null))!.positionSigmaM).toBeGreaterThan(40);
    expect(placed(readings(8, 50, 0, 0, -35, 2.8, 120, 4), fixedAt(0, 0))!.positionSigmaM).toBe(0);
  });
});

describe('loudnessCentroid', () => {
  it('when one reading is 20 dB louder than another, then the centroid sits a hundredth of the way towards the quieter; a reading that weighs nothing does not move it', () => {
    const s = add(add({ x: [], y: [], dbm: [], weight: [], count: 0 }, 0, 0, -40), 101, 0, -60);
    const [x, y] = loudnessCentroid(s);
    expect((x - OX) * EAST).toBeCloseTo(1, 6);
    expect(y).toBeCloseTo(OY, 6);
    add(s, 500, 500, -30, 0);
    expect(loudnessCentroid(s)[0]).toBeCloseTo(x, 6);
  });
});

describe('fitHotspot', () => {
  it('when many readings surround a hotspot the registry placed 60 m off, then it finds its position, level and exponent', () => {
    const f = fit(readings(1, 300, 0, 0, -38, 3.2, 150, 4), prior(60, 0))!;
    expect(Math.hypot(f.east, f.north)).toBeLessThan(12);
    expect(f.movedM).toBeGreaterThan(45);
    expect(f.n).toBeGreaterThan(2.9);
    expect(f.n).toBeLessThan(3.5);
    expect(f.dbmAt1m).toBeGreaterThan(-43);
    expect(f.dbmAt1m).toBeLessThan(-33);
  });

  it('when three readings say it is 25 dB louder than its prior, then the fit moves towards them, but not all the way', () => {
    const f = fit(readings(2, 3, 0, 0, -20, 2.0, 100, 4), prior(0, 0))!;
    const truth = at({ dbmAt1m: -20, n: 2 }, 50), before = at({ dbmAt1m: -32, n: 2.8 }, 50);
    expect(at(f, 50)).toBeGreaterThan(before + 10);
    expect(at(f, 50)).toBeLessThan(truth);
    expect(f.movedM).toBeLessThan(20);
  });

  it('when a fifth of the readings are lies (−30 dBm far away), then the fit still recovers the hotspot', () => {
    const s = readings(3, 240, 0, 0, -35, 2.8, 120, 4);
    const rnd = mulberry32(4);
    for (let i = 0; i < 60; i++) add(s, 200 + rnd() * 100, 200 + rnd() * 100, -30);
    const f = fit(s, prior(0, 0))!;
    expect(Math.hypot(f.east, f.north)).toBeLessThan(25);
    expect(f.n).toBeGreaterThan(2.3);
  });

  it('when there is no registry position (a discovered hotspot), then readings alone place it', () => {
    const f = fit(readings(5, 200, 500, -300, -30, 2.5, 120, 4), prior(null, null))!;
    expect(Math.hypot(f.east - 500, f.north + 300)).toBeLessThan(15);
    expect(f.movedM).toBe(0);
  });

  it('when there are no readings, then there is no fit', () => {
    expect(fitHotspot({ x: [], y: [], dbm: [], weight: [], count: 0 }, prior(0, 0), EAST)).toBeNull();
  });

  it('when noiseless readings fall exactly on a curve, then the fit returns that curve, whatever the prior said', () => {
    const exact = readings(6, 120, 0, 0, -41, 3.3, 150, 0);
    for (const start of [fixedAt(0, 0, VAGUE), fixedAt(0, 0, { ...VAGUE, dbmAt1m: -20, n: 2.2 })]) {
      const f = fit(exact, start)!;
      expect(f.dbmAt1m).toBeCloseTo(-41, 2);
      expect(f.n).toBeCloseTo(3.3, 3);
      expect(f.sigmaDb).toBeLessThan(0.05);
      expect(f.samples).toBe(120);
    }
  });

  it('when the readings fall off more gently or steeply than any real hotspot, then the exponent stops at its bound and the level is the most probable one for it', () => {
    for (const [n, bound] of [[1.1, EXPONENT_BOUNDS[0]], [6.5, EXPONENT_BOUNDS[1]]]) {
      // 20–40 m away: every reading sits within ~2 dB of the bound's curve, so none is down-weighted as an outlier.
      const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
      for (let k = 0; k < 60; k++) add(s, (20 + k / 3) * Math.cos(k), (20 + k / 3) * Math.sin(k), -40 - 10 * n * Math.log10(20 + k / 3));
      const f = fit(s, fixedAt(0, 0, { nSigma: 1000 }))!; // the exponent left to the readings; the level keeps its prior
      expect(f.n).toBe(bound);
      // A lie 40 dB above the curve changes nothing there either: it weighs nothing in the level's refit.
      const withLie = fit(add(pick(s, () => true), 30, 0, -40 - 10 * n * Math.log10(30) + 40), fixedAt(0, 0, { nSigma: 1000 }))!;
      expect(withLie.n).toBe(bound);
      expect(withLie.dbmAt1m).toBeCloseTo(f.dbmAt1m, 2);
      // The level with n held there: Gaussian prior (−32 ± 8 dB) and readings (each ± 6 dB) combined, precision-weighted.
      let implied = 0;
      for (let k = 0; k < 60; k++) implied += s.dbm[k] + 10 * bound * Math.log10(20 + k / 3);
      const priorPrecision = 1 / 8 ** 2, dataPrecision = 60 / 6 ** 2;
      expect(f.dbmAt1m).toBeCloseTo((priorPrecision * -32 + dataPrecision * (implied / 60)) / (priorPrecision + dataPrecision), 1);
    }
  });

  it('when one reading is 40 dB off the curve, then it gets no weight: the fit is the one without it', () => {
    const exact = readings(8, 80, 0, 0, -38, 3, 120, 0);
    const clean = fit(exact, fixedAt(0, 0))!;
    const withLie = fit(add(pick(exact, () => true), 40, 0, -38 - 30 * Math.log10(40) + 40), fixedAt(0, 0))!;
    expect(withLie.dbmAt1m).toBeCloseTo(clean.dbmAt1m, 2);
    expect(withLie.n).toBeCloseTo(clean.n, 3);
  });

  it('when the readings scatter 4 dB about the curve, then the fit says so (its robust spread)', () => {
    const f = fit(readings(9, 150, 0, 0, -38, 3, 150, 4), fixedAt(0, 0))!;
    expect(f.sigmaDb).toBeGreaterThan(3.3);
    expect(f.sigmaDb).toBeLessThan(4.7);
  });

  it('when a reading is louder than any hotspot could be from anywhere the listing may have moved to, then it is left out altogether', () => {
    const honest = readings(10, 60, 0, 0, -36, 2.9, 120, 3);
    const withLoud = pick(honest, () => true);
    for (const d of [500, 650, 800]) add(withLoud, d, 0, -25);
    expect(fit(withLoud, prior(0, 0))).toEqual({ ...fit(honest, prior(0, 0))!, samples: 63 });
  });

  it('when more readings come than a fit needs, then the same readings in any order give the same fit', () => {
    const many = readings(11, 3 * MAX_FIT_SAMPLES, 0, 0, -36, 2.9, 150, 4);
    const rnd = mulberry32(11), order = Array.from({ length: many.count }, (_, i) => i).sort(() => rnd() - 0.5);
    const shuffled: Samples = { x: order.map((i) => many.x[i]), y: order.map((i) => many.y[i]), dbm: order.map((i) => many.dbm[i]), weight: order.map((i) => many.weight[i]), count: many.count };
    const reversed = pick(many, () => true);
    for (const k of ['x', 'y', 'dbm', 'weight'] as const) reversed[k].reverse();
    const f = fit(many, prior(20, 0))!;
    expect(fit(shuffled, prior(20, 0))).toEqual(f);
    expect(fit(reversed, prior(20, 0))).toEqual(f);
    expect(f.samples).toBe(3 * MAX_FIT_SAMPLES);
  });

  it('when more readings come than a fit needs, then it takes that many, spread like all of them, and keeps them when others come or go', () => {
    const many = readings(21, 4 * MAX_FIT_SAMPLES, 0, 0, -36, 2.9, 150, 4);
    const picked = sampleByContent(many, MAX_FIT_SAMPLES);
    expect(picked.n).toBe(MAX_FIT_SAMPLES);
    const key = (x: number, y: number, dbm: number) => `${x},${y},${dbm}`;
    const chosen = new Set(Array.from({ length: picked.n }, (_, k) => key(picked.x[k], picked.y[k], picked.dbm[k])));
    expect(chosen.size).toBe(MAX_FIT_SAMPLES); // each reading once
    // As far out as all the readings: the nearer and the further half each hold 35–65 % of the picks.
    const dist = (x: number, y: number) => Math.hypot((x - OX) * EAST, y - OY);
    const all = Array.from({ length: many.count }, (_, i) => dist(many.x[i], many.y[i])).sort((a, b) => a - b);
    const median = all[all.length >> 1];
    const near = Array.from({ length: picked.n }, (_, k) => dist(picked.x[k], picked.y[k])).filter((d) => d < median).length;
    expect(near).toBeGreaterThan(0.35 * MAX_FIT_SAMPLES);
    expect(near).toBeLessThan(0.65 * MAX_FIT_SAMPLES);
    // Readings it passed over leave, others arrive that it would pass over too: the picks stay the same.
    const rest = pick(many, (i) => chosen.has(key(many.x[i], many.y[i], many.dbm[i])) || i % 3 === 0);
    const again = sampleByContent(rest, MAX_FIT_SAMPLES);
    expect(Array.from({ length: again.n }, (_, k) => key(again.x[k], again.y[k], again.dbm[k]))).toEqual(Array.from({ length: picked.n }, (_, k) => key(picked.x[k], picked.y[k], picked.dbm[k])));
  });

  it('when readings weigh nothing (too old, too vague), then they do not move the fit', () => {
    const honest = readings(12, 80, 0, 0, -36, 2.9, 120, 3);
    const stale = pick(honest, () => true);
    for (let k = 0; k < 20; k++) add(stale, 30 + k, 10, -40, 0);
    const a = fit(honest, prior(0, 0))!, b = fit(stale, prior(0, 0))!;
    expect(b.dbmAt1m).toBeCloseTo(a.dbmAt1m, 6);
    expect(b.n).toBeCloseTo(a.n, 6);
    expect(b.east).toBeCloseTo(a.east, 6);
  });

  it('when the readings come from a hotspot 230 m from its listing, then it is found there; from 400 m, it is another hotspot and the listing stays', () => {
    const near = fit(readings(13, 150, 230, 0, -34, 2.8, 100, 3), prior(0, 0))!;
    expect(Math.hypot(near.east - 230, near.north)).toBeLessThan(15);
    expect(near.movedM).toBeCloseTo(Math.hypot(near.east, near.north), 6);
    const far = fit(readings(14, 150, 400, 0, -34, 2.8, 100, 3), prior(0, 0))!;
    expect(far.movedM).toBeLessThan(MAX_MOVE_M / 5);
  });

  it('when the listing is trusted to a metre, then readings 50 m off barely move it; when it is vague, they do', () => {
    const off = readings(15, 150, 50, 0, -34, 2.8, 100, 3);
    const tight = fit(off, prior(0, 0, { positionSigmaM: 1 }))!, loose = fit(off, prior(0, 0, { positionSigmaM: 60 }))!;
    expect(tight.movedM).toBeLessThan(10);
    expect(loose.movedM).toBeGreaterThan(40);
    expect(loose.movedM).toBeLessThan(60);
  });

  it('when every reading lies along one street 40 m south of the hotspot, then the fit places it off the street, not on the readings', () => {
    const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let e = -150; e <= 150; e += 4) add(s, e, -40, -34 - 28 * Math.log10(Math.hypot(e, 40)));
    const f = fit(s, prior(15, 20))!; // listed 25 m from where it stands
    expect(Math.hypot(f.east, f.north)).toBeLessThan(10);
  });

  it('when the listing is fixed (a planner placed it), then readings elsewhere change its curve, never its place', () => {
    const f = fit(readings(16, 150, 60, 0, -34, 2.8, 100, 3), fixedAt(0, 0))!;
    expect(f.movedM).toBe(0);
    expect([f.east, f.north].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0]);
    expect(f.dbmAt1m).not.toBe(-32);
  });
  it('when phones agree on one strong level all over a small spot (a lie), then no fit is louder than a legal hotspot and the discovered one stays by the spot', () => {
    // 200 readings of −40…−30 dBm scattered ~20 m about one spot, no fall-off with distance: before, the fit put a
    // transmitter 2 km away at +19 dBm at 1 m (so every reading was "equally far"), and its disc covered the city.
    const rnd = mulberry32(41), s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let i = 0; i < 200; i++) add(s, 300 + 20 * gaussian(rnd), -200 + 20 * gaussian(rnd), Math.round(-40 + 10 * rnd()));
    for (const p of [prior(null, null), prior(null, null, VAGUE)]) {
      const f = fit(s, p)!;
      expect(f.dbmAt1m).toBeLessThanOrEqual(LOUDEST_DBM_AT_1M);
      expect(Math.hypot(f.east - 300, f.north + 200)).toBeLessThanOrEqual(MAX_MOVE_M);
    }
  });

  it('when the readings say louder than the legal limit at 1 m, then the level stops there and the exponent is the best one for it', () => {
    const s = readings(43, 150, 0, 0, 0, 2.4, 150, 2); // 0 dBm at 1 m: 40 dBm EIRP at 2.4 GHz
    const f = fit(s, fixedAt(0, 0, VAGUE))!;
    expect(f.dbmAt1m).toBe(LOUDEST_DBM_AT_1M);
    // Its exponent is the least-squares one with the level held: the mean of (level − reading) / (10·log10 d).
    let num = 0, den = 0;
    for (let i = 0; i < s.count; i++) {
      const lx = -10 * Math.log10(Math.hypot((s.x[i] - OX) * EAST, s.y[i] - OY));
      num += lx * (s.dbm[i] - LOUDEST_DBM_AT_1M); den += lx * lx;
    }
    expect(f.n).toBeCloseTo(num / den, 2);
    expect(f.n).toBeLessThan(2.4);
  });
});

describe('placing a discovery with each loud phone checked against the others', () => {
  // Three honest phones around a hotspot at (300, 200) m, 20 readings each; a liar sends −30 dBm 30 times from a spot
  // 200 m east. Nothing anchors a discovery but its readings.
  const honest = [11, 12, 13].map((seed) => readings(seed, 20, 300, 200, -35, 2.8, 100, 4));
  const join = (parts: { s: Samples; phone: number }[]) => {
    const all: Samples & { phone: number[]; accuracyM: number[] } = { x: [], y: [], dbm: [], weight: [], count: 0, phone: [], accuracyM: [] };
    for (const { s, phone } of parts) for (let i = 0; i < s.count; i++) { add(all, (s.x[i] - OX) * EAST, s.y[i] - OY, s.dbm[i]); all.phone.push(phone); all.accuracyM.push(0); }
    return all;
  };
  const rnd = mulberry32(5), lies: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
  for (let i = 0; i < 30; i++) add(lies, 500 + 10 * rnd() - 5, 200 + 10 * rnd() - 5, -30);
  const fromTruth = (f: { x: number; y: number }) => Math.hypot((f.x - OX) * EAST - 300, f.y - OY - 200);
  const honestParts = honest.map((s, k) => ({ s, phone: k + 1 }));

  it('when one phone sends −30 dBm from 200 m away, then its readings are dropped and the others place it; placed as one crowd, the lie drags it there', () => {
    const all = join([...honestParts, { s: lies, phone: 9 }]);
    expect(fromTruth(placeHotspot(all, discoveryPrior(all), EAST)!)).toBeGreaterThan(150);
    const checked = placeHotspotByPhones(all, discoveryPrior, EAST)!;
    expect(fromTruth(checked.fit)).toBeLessThan(30);
    expect(checked.kept).toEqual(Array.from({ length: 60 }, (_, i) => i)); // every honest reading, none of the liar's
  });

  it('when an honest phone beside the hotspot is louder than the liar, then the liar is caught all the same (the three loudest are checked)', () => {
    const beside: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let i = 0; i < 5; i++) add(beside, 302 + i, 201, -26 - i); // 2–6 m from it: −26…−30 dBm
    const quieterLies = { ...lies, dbm: lies.dbm.map(() => -32) };
    const all = join([...honestParts, { s: beside, phone: 4 }, { s: quieterLies, phone: 9 }]);
    const checked = placeHotspotByPhones(all, discoveryPrior, EAST)!;
    expect(checked.kept).toHaveLength(65);
    expect(fromTruth(checked.fit)).toBeLessThan(30);
  });

  it('when the liar is the loudest and a phone beside the hotspot the next, each held by the same quiet votes, then the placement\'s check decides, not loudness; a phone loud in both places counts for neither', () => {
    const beside: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let i = 0; i < 5; i++) add(beside, 302 + i, 201, -30 - i); // 2–6 m from it: −30…−34 dBm, quieter than the liar's −26
    const louderLies = { ...lies, dbm: lies.dbm.map(() => -26) };
    const both: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    add(add(both, 301, 200, -28), 499, 200, -28); // one phone, loud by the hotspot and by the liar
    const all = join([...honestParts, { s: beside, phone: 4 }, { s: louderLies, phone: 9 }, { s: both, phone: 7 }]);
    const together = oneHotspotReadings(all, EAST);
    expect(together).toEqual(Array.from({ length: 95 }, (_, i) => i)); // everyone's but the phone loud in both places
    const checked = placeHotspotByPhones(all, discoveryPrior, EAST)!;
    expect(checked.kept).toEqual(Array.from({ length: 65 }, (_, i) => i)); // the honest and the beside phone's; the liar's dropped by the check
    expect(fromTruth(checked.fit)).toBeLessThan(30);
  });

  it('a reading is dropped from just louder than a legal hotspot could be at its distance from the others\' placement, less their radius and GPS error', () => {
    const others = join(honestParts), rest = placeHotspot(others, discoveryPrior(others), EAST)!;
    const slackM = positionWithinM(rest, 3) + 20, east = (rest.x - OX) * EAST + 80, north = rest.y - OY; // 80 m east of it
    const limit = LOUDEST_DBM_AT_1M - 10 * EXPONENT_BOUNDS[0] * Math.log10(80 - slackM);
    const loud = (dbm: number) => join([...honestParts, { s: add(add({ x: [], y: [], dbm: [], weight: [], count: 0 }, east, north, dbm), east, north + 1, dbm), phone: 9 }]);
    expect(placeHotspotByPhones(loud(limit - 0.05), discoveryPrior, EAST)!.kept).toHaveLength(62);
    expect(placeHotspotByPhones(loud(limit + 0.05), discoveryPrior, EAST)!.kept).toHaveLength(60);
  });

  it('when many phones heard it, then the loudest are the ones checked: a liar among seven is caught', () => {
    const more = [14, 15, 16].map((seed, k) => ({ s: readings(seed, 20, 300, 200, -35, 2.8, 100, 4), phone: k + 4 }));
    const checked = placeHotspotByPhones(join([...honestParts, { s: lies, phone: 9 }, ...more]), discoveryPrior, EAST)!; // the liar in the middle
    expect(checked.kept).toEqual([...Array.from({ length: 60 }, (_, i) => i), ...Array.from({ length: 60 }, (_, i) => 90 + i)]);
    expect(fromTruth(checked.fit)).toBeLessThan(30);
  });

  it('when every phone is honest, then nothing is dropped and the placement is the plain one', () => {
    const all = join(honestParts);
    const checked = placeHotspotByPhones(all, discoveryPrior, EAST)!;
    expect(checked.kept).toHaveLength(60);
    expect(checked.fit).toEqual(placeHotspot(all, discoveryPrior(all), EAST));
  });

  it('when only one other phone could contradict the loud one, then one voice does not overrule another', () => {
    const pair = join([honestParts[0], { s: lies, phone: 9 }]);
    expect(placeHotspotByPhones(pair, discoveryPrior, EAST)!.kept).toHaveLength(50);
    // With two others it is overruled, whichever two.
    expect(placeHotspotByPhones(join([honestParts[1], honestParts[2], { s: lies, phone: 9 }]), discoveryPrior, EAST)!.kept).toHaveLength(40);
  });
});

describe('readings one legal hotspot could give together', () => {
  // Phones name one made-up BSSID along a legal curve (−20 dBm at 1 m, n 2.5) around each of four spots
  // 1.9–2.9 km apart: every reading is possible from some hotspot, but not all from one.
  const SPOTS: [number, number][] = [[0, 0], [2000, 0], [0, 2100], [1900, 2000]];
  /** Readings along a legal curve around each of the first `places` spots, 15 each, from the phone `phoneOf(i, place)` names. */
  const spread = (phoneOf: (i: number, place: number) => number, places = SPOTS.length) => {
    const rnd = mulberry32(21), all: Samples & { phone: number[]; accuracyM: number[] } = { x: [], y: [], dbm: [], weight: [], count: 0, phone: [], accuracyM: [] };
    SPOTS.slice(0, places).forEach(([sx, sy], k) => {
      for (let i = 0; i < 15; i++) {
        const r = 3 + 150 * rnd(), t = 2 * Math.PI * rnd();
        add(all, sx + r * Math.cos(t), sy + r * Math.sin(t), -20 - 25 * Math.log10(r) + 3 * gaussian(rnd));
        all.phone.push(phoneOf(i, k)); all.accuracyM.push(0);
      }
    });
    return all;
  };
  const nearestSpotM = (f: { x: number; y: number }) => Math.min(...SPOTS.map(([sx, sy]) => Math.hypot((f.x - OX) * EAST - sx, f.y - OY - sy)));

  it('when phones each heard one made-up BSSID loudly in places a kilometre apart, then none of their readings count; fitted as one crowd, they covered every place', () => {
    const all = spread((i, k) => 1 + ((i + k) % 5)); // every phone in every place
    expect(oneHotspotReadings(all, EAST)).toEqual([]);
    expect(placeHotspotByPhones(all, discoveryPrior, EAST)).toBeNull();
    const crowd = placeHotspot(all, discoveryPrior(all), EAST)!;
    expect(nearestSpotM(crowd)).toBeGreaterThan(500); // between the places, with a flat curve that reached them all
    expect(heardWithinM(all, crowd, EAST, true)).toBeGreaterThan(1000);
  });

  it('when each phone heard it in one place, then a place two phones hold for each elsewhere is kept and drawn no further than its own readings reach; short of that, no place is', () => {
    const four = spread((i, k) => (k === 0 ? 1 + (i % 4) : 4 + k)); // phones 1–4 by the first place, 5, 6 and 7 by one other each
    expect(oneHotspotReadings(four, EAST)).toEqual([]); // four against three
    const held = spread((i, k) => (k === 0 ? 1 + (i % 4) : k === 1 ? 5 : 6), 3); // four against two: the first three places
    const kept = oneHotspotReadings(held, EAST);
    const spotOf = (i: number) => SPOTS.findIndex(([sx, sy]) => Math.hypot((held.x[i] - OX) * EAST - sx, held.y[i] - OY - sy) < 160);
    expect(kept.filter((i) => spotOf(i) === 0)).toEqual(Array.from({ length: 15 }, (_, i) => i)); // every reading of the first place
    expect(kept.filter((i) => spotOf(i) !== 0 && held.dbm[i] > -60)).toEqual([]); // elsewhere, only quiet ones that could be from it
    const placed = placeHotspotByPhones(held, discoveryPrior, EAST)!;
    expect(nearestSpotM(placed.fit)).toBeLessThan(100);
    const chosen = pick(held, (i) => placed.kept.includes(i));
    expect(heardWithinM(chosen, placed.fit, EAST, true)).toBeLessThan(250);
  });

  it('when honest phones heard one hotspot, near and 800 m off, then every reading is kept', () => {
    const near = [31, 32, 33].map((seed) => readings(seed, 20, 300, 200, -30, 2.6, 120, 4));
    const far = readings(34, 6, 300, 200, -30, 2.6, 0, 4); // placed below, 800 m east
    const all: Samples & { phone: number[]; accuracyM: number[] } = { x: [], y: [], dbm: [], weight: [], count: 0, phone: [], accuracyM: [] };
    near.forEach((s, k) => { for (let i = 0; i < s.count; i++) { all.x.push(s.x[i]); all.y.push(s.y[i]); all.dbm.push(s.dbm[i]); all.weight.push(1); all.count++; all.phone.push(k + 1); all.accuracyM.push(0); } });
    for (let i = 0; i < far.count; i++) { add(all, 1100, 200 + 10 * i, -30 - 26 * Math.log10(800) + 3); all.phone.push(4); all.accuracyM.push(0); } // a kind shadow: 3 dB over the curve
    expect(oneHotspotReadings(all, EAST)).toEqual(Array.from({ length: all.count }, (_, i) => i));
  });

  it('two loud readings can share a source up to the sum of their free-space bounds, GPS error included, and not a decimetre further', () => {
    const limit = 2 * (farthestHeardM(-40) + 20); // 20 m of GPS slack each
    expect(farthestHeardM(-40)).toBeCloseTo(10 ** ((LOUDEST_DBM_AT_1M + 10 + 40) / 20), 9); // free space from the legal limit, 10 dB of kind shadowing
    const pair = (d: number, accuracyM = 0) => ({ ...add(add({ x: [], y: [], dbm: [], weight: [], count: 0 }, 0, 0, -40), d, 0, -40), phone: [1, 2], accuracyM: [accuracyM, accuracyM] });
    expect(oneHotspotReadings(pair(limit - 0.1), EAST)).toEqual([0, 1]);
    expect(oneHotspotReadings(pair(limit + 0.1), EAST)).toEqual([]); // one phone's place against another's: neither
    expect(oneHotspotReadings(pair(limit + 39.9, 10), EAST)).toEqual([0, 1]); // a 10 m fix may be 20 m off, each
    expect(oneHotspotReadings(pair(limit + 40.1, 10), EAST)).toEqual([]);
    const trio = pair(limit + 0.1);
    add(trio, -1, 0, -40); trio.phone.push(3); trio.accuracyM.push(0); // a second phone by the first, away from the other: two against one
    expect(oneHotspotReadings(trio, EAST)).toEqual([0, 2]);
    const twice = pair(limit + 0.1);
    twice.phone[1] = 1; // one phone heard it loudly in both places
    expect(oneHotspotReadings(twice, EAST)).toEqual([]);
    for (const phone of [3, 4]) { add(twice, -1, 0, -40); twice.phone.push(phone); twice.accuracyM.push(0); } // two more by the first place
    expect(oneHotspotReadings(twice, EAST)).toEqual([2, 3]); // theirs: not the first phone's, even where they agree
  });

  it('when a liar is loud a kilometre off where the honest phones also walked quietly, then the honest phones\' loudest readings outvote it', () => {
    const honest = [41, 42, 43].map((seed) => readings(seed, 20, 300, 200, -20, 2.8, 30, 3)); // loudest −40 dBm and up
    const all: Samples & { phone: number[]; accuracyM: number[] } = { x: [], y: [], dbm: [], weight: [], count: 0, phone: [], accuracyM: [] };
    honest.forEach((s, k) => { for (let i = 0; i < s.count; i++) { all.x.push(s.x[i]); all.y.push(s.y[i]); all.dbm.push(s.dbm[i]); all.weight.push(1); all.count++; all.phone.push(k + 1); all.accuracyM.push(0); } });
    for (let k = 0; k < 3; k++) { add(all, 1300 + 5 * k, 210, -85); all.phone.push(k + 1); all.accuracyM.push(0); } // each honest phone, quietly, by the liar's spot
    for (let i = 0; i < 30; i++) { add(all, 1300 + (i % 5), 200 + (i % 7), -30); all.phone.push(9); all.accuracyM.push(0); }
    // Counted by any reading, the liar's spot had four phones (its own and three quiet ones) against three.
    expect(oneHotspotReadings(all, EAST)).toEqual(Array.from({ length: 63 }, (_, i) => i)); // every honest reading, none of the liar's
  });
});

describe('heardWithinM', () => {
  const at = (east: number, north: number, dbmAt1m: number, n: number) => ({ x: px(east), y: py(north), dbmAt1m, n });

  it('when readings on the curve reach out to 200 m, then it was heard within about 200 m (their 90th percentile, plus GPS error)', () => {
    const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let d = 2; d <= 200; d += 2) add(s, d, 0, -30 - 25 * Math.log10(d)); // 100 readings, 2 … 200 m east
    expect(heardWithinM(s, at(0, 0, -30, 2.5), EAST)).toBeCloseTo(182 + 25, 6); // the 91st of 100 distances
  });

  it('when unbroken, then a ring more than 150 m wide with no reading in it ends where it was heard: readings beyond are another place', () => {
    const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let d = 2; d <= 200; d += 2) add(s, d, 0, -30 - 20 * Math.log10(d)); // 100 readings, 2 … 200 m east
    const beyond = (gapM: number) => {
      const t = pick(s, () => true);
      for (let k = 0; k < 40; k++) add(t, 200 + gapM + k, 0, -30 - 20 * Math.log10(200 + gapM + k)); // 40 more, on the curve
      return t;
    };
    const curve = at(0, 0, -30, 2);
    expect(heardWithinM(beyond(149.9), curve, EAST, true)).toBeGreaterThan(300); // a narrower ring: still one stretch
    expect(heardWithinM(beyond(150.1), curve, EAST, true)).toBeCloseTo(182 + 25, 6); // the 91st of the first 100
    expect(heardWithinM(beyond(150.1), curve, EAST)).toBeGreaterThan(300); // not asked to stop at gaps: every reading counts
  });

  it('when far readings are off the curve (another transmitter, a lie), then they do not widen where it was heard', () => {
    const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let d = 2; d <= 60; d += 2) add(s, 0, d, -30 - 25 * Math.log10(d));
    const near = heardWithinM(s, at(0, 0, -30, 2.5), EAST);
    for (let d = 500; d < 1500; d += 10) add(s, 0, d, -35); // 100 far readings, 30+ dB louder than the curve
    expect(heardWithinM(s, at(0, 0, -30, 2.5), EAST)).toBe(near);
    expect(near).toBeCloseTo(56 + 25, 6);
  });

  it('when readings near the curve are louder than any legal hotspot could be at their distance, then they do not widen it either', () => {
    // A fit at the legal limit (−10 dBm at 1 m, n 1.6) 100 m from a blob of −35 dBm readings: within 15 dB of its curve
    // (−42 dBm there), but 5 dB louder than physics allows 80 m away (100 m less GPS error).
    const s: Samples = { x: [], y: [], dbm: [], weight: [], count: 0 };
    for (let k = 0; k < 20; k++) add(s, 100 + (k % 5), k % 4, -35);
    expect(heardWithinM(s, at(0, 0, LOUDEST_DBM_AT_1M, EXPONENT_BOUNDS[0]), EAST)).toBe(25);
    for (let k = 0; k < 20; k++) add(s, 20 + (k % 5), k % 4, -35); // 20 m away they are possible
    expect(heardWithinM(s, at(0, 0, LOUDEST_DBM_AT_1M, EXPONENT_BOUNDS[0]), EAST)).toBeLessThan(25 + 26);
  });

  it('when no reading fits the curve, then only GPS error is left', () => {
    const s = add({ x: [], y: [], dbm: [], weight: [], count: 0 }, 100, 0, -20);
    expect(heardWithinM(s, at(0, 0, -30, 2.5), EAST)).toBe(25);
  });
});
