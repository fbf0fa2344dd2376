// The truth simulation's world and readings (scripts/eval): deterministic per seed, with the statistics
// the README claims, measured on samples.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../server/domain/coverage/random';
import { buildWorld, hotspotDbm, makeShadow, meanDbm, registryGeoJSON, shadowDb, trueSignal, WORLD_DEFAULTS, type World } from '../../scripts/eval/world';
import { simulateReadings, type Reading } from '../../scripts/eval/readings';
import { observable, REVEAL } from '../../scripts/eval/run';
import { insidePolygon } from '../../scripts/eval/geo';

const city = (JSON.parse(readFileSync(new URL('../../data/kitchener-boundary.geojson', import.meta.url), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon>).features[0].geometry;

/** Pearson correlation of two equal-length samples. */
function correlation(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('world', () => {
  it('when built twice from one seed, then it is the same world; another seed gives another', () => {
    const [a, b] = [buildWorld(7), buildWorld(7)];
    expect(a.hotspots).toEqual(b.hotspots);
    expect(a.registry).toEqual(b.registry);
    expect(buildWorld(8).hotspots[0]).not.toEqual(buildWorld(7).hotspots[0]);
  });

  it('when built, then every hotspot lies in the 4 km square inside the city, with radios in the stated ranges', () => {
    const w = buildWorld(3);
    expect(w.hotspots).toHaveLength(120);
    for (const h of w.hotspots) {
      expect(Math.max(Math.abs(h.x), Math.abs(h.y))).toBeLessThanOrEqual(2_000);
      expect(insidePolygon(city, [h.lon, h.lat])).toBe(true);
      expect(h.eirpDbm).toBeGreaterThanOrEqual(14);
      expect(h.eirpDbm).toBeLessThanOrEqual(27);
      expect(h.exponent).toBeGreaterThanOrEqual(2);
      expect(h.exponent).toBeLessThanOrEqual(3.5);
      if (h.indoor) expect(h.wallLossDb).toBeGreaterThanOrEqual(8);
      else expect(h.wallLossDb).toBe(0);
    }
    // The corners of the square are inside the boundary too (the region was chosen for that).
    for (const [x, y] of [[-2000, -2000], [2000, -2000], [2000, 2000], [-2000, 2000]]) expect(insidePolygon(city, [w.frame.lon(x), w.frame.lat(y)])).toBe(true);
  });

  it('when the registry is derived, then it has the stated shares of unregistered, dead, misplaced and wrong indoor flags', () => {
    const w = buildWorld(11, { hotspots: 1_000 });
    const unregistered = w.hotspots.filter((h) => !h.registered);
    expect(unregistered).toHaveLength(100); // 10 % of true hotspots
    expect(w.registry).toHaveLength(900);
    expect(w.hotspots.filter((h) => !h.alive && h.registered)).toHaveLength(90); // 10 % of registered
    expect(w.hotspots.filter((h) => !h.alive && !h.registered)).toHaveLength(0); // dead means listed yet off
    const misplaced = w.registry.filter((r) => r.misplaced);
    expect(misplaced).toHaveLength(90);
    for (const r of misplaced) {
      expect(r.offsetM).toBeGreaterThanOrEqual(60);
      expect(r.offsetM).toBeLessThanOrEqual(150);
    }
    // N(0, 15 m) per axis: the RMS distance is 15·√2 ≈ 21.2 m.
    const rest = w.registry.filter((r) => !r.misplaced);
    const rms = Math.sqrt(rest.reduce((s, r) => s + r.offsetM ** 2, 0) / rest.length);
    expect(rms).toBeGreaterThan(19.5);
    expect(rms).toBeLessThan(23);
    const right = w.registry.filter((r) => r.indoor === w.hotspots[r.hotspotId].indoor).length / w.registry.length;
    expect(right).toBeGreaterThan(0.76);
    expect(right).toBeLessThan(0.84);
    const nominal = w.registry.filter((r) => r.eirpDbm === 20 && r.band === '2.4').length / w.registry.length;
    expect(nominal).toBeGreaterThan(0.7); // 75 % nominal, plus known ones that happen to be 20 dBm on 2.4
    for (const r of w.registry) expect(r.bssids).toEqual([w.hotspots[r.hotspotId].bssid]);
    expect(new Set(w.hotspots.map((h) => h.bssid)).size).toBe(1_000);
  });

  it('when written as a seed file, then it has the fields server/services/seed.ts reads', () => {
    const w = buildWorld(2);
    const f = registryGeoJSON(w).features[0];
    expect(f.geometry.coordinates).toEqual([w.registry[0].lon, w.registry[0].lat]);
    expect(f.properties).toMatchObject({ name: w.registry[0].name, ssid: WORLD_DEFAULTS.ssid, eirpDbm: w.registry[0].eirpDbm, band: w.registry[0].band, indoor: w.registry[0].indoor });
    expect(new Set(registryGeoJSON(w).features.map((x) => x.properties!.seedId)).size).toBe(w.registry.length);
  });
});

describe('truth field', () => {
  it('when measured around hotspots, then the signal falls with distance on average and the shadowing averages out', () => {
    const w = buildWorld(5);
    const ringMean = (h: (typeof w.hotspots)[number], d: number) => {
      let s = 0;
      for (let k = 0; k < 360; k++) s += hotspotDbm(h, h.x + d * Math.cos((k * Math.PI) / 180), h.y + d * Math.sin((k * Math.PI) / 180));
      return s / 360;
    };
    const alive = w.hotspots.filter((x) => x.alive);
    for (const h of alive.slice(0, 10)) {
      const means = [5, 20, 80, 320].map((d) => ringMean(h, d));
      for (let k = 1; k < means.length; k++) expect(means[k]).toBeLessThan(means[k - 1]);
    }
    // Over ~100 rings of 2 km, each spanning ~40 correlation lengths, the shadowing's mean is ~0 (± 0.1 dB by chance).
    const bias = alive.reduce((s, h) => s + ringMean(h, 320) - meanDbm(h, 320), 0) / alive.length;
    expect(Math.abs(bias)).toBeLessThan(0.4);
  });

  it('when a dead hotspot is asked, then it is silent, and the true signal is the strongest live hotspot', () => {
    const w = buildWorld(5);
    const dead = w.hotspots.find((x) => !x.alive)!;
    expect(hotspotDbm(dead, dead.x, dead.y)).toBe(-Infinity);
    const random = mulberry32(99);
    for (let i = 0; i < 200; i++) {
      const x = (random() - 0.5) * 4000, y = (random() - 0.5) * 4000;
      const { dbm, hotspot } = trueSignal(w, x, y);
      const best = Math.max(...w.hotspots.map((hs) => hotspotDbm(hs, x, y)));
      expect(dbm).toBeCloseTo(best, 9);
      expect(w.hotspots[hotspot].alive).toBe(true);
    }
  });

  it('when sampled over many hotspots, then the shadowing has σ ≈ 6 dB and correlation 1/e at 50 m', () => {
    const random = mulberry32(2024);
    const at0: number[] = [], at50a: number[] = [], at50b: number[] = [], at200: number[] = [], at5: number[] = [];
    for (let field = 0; field < 300; field++) {
      const s = makeShadow(random, 6, 50, 64);
      for (let k = 0; k < 40; k++) {
        const x = random() * 5000, y = random() * 5000, a = 2 * Math.PI * random();
        const v = shadowDb(s, x, y);
        at0.push(v);
        at5.push(shadowDb(s, x + 5 * Math.cos(a), y + 5 * Math.sin(a)));
        at50a.push(v);
        at50b.push(shadowDb(s, x + 50 * Math.cos(a), y + 50 * Math.sin(a)));
        at200.push(shadowDb(s, x + 200 * Math.cos(a), y + 200 * Math.sin(a)));
      }
    }
    const sd = Math.sqrt(at0.reduce((s, v) => s + v * v, 0) / at0.length);
    expect(sd).toBeGreaterThan(5.6);
    expect(sd).toBeLessThan(6.4);
    expect(correlation(at0, at5)).toBeGreaterThan(0.97); // exp(−25/5000·…) ≈ 0.99 at 5 m
    expect(correlation(at50a, at50b)).toBeGreaterThan(Math.exp(-1) - 0.06);
    expect(correlation(at50a, at50b)).toBeLessThan(Math.exp(-1) + 0.06);
    expect(Math.abs(correlation(at0, at200))).toBeLessThan(0.06);
  });
});

describe('readings', () => {
  const w = buildWorld(4);
  const { readings } = simulateReadings(w, 4, 5_000);

  it('when simulated twice from one seed, then they are the same readings', () => {
    expect(simulateReadings(buildWorld(4), 4, 5_000).readings).toEqual(readings);
  });

  it('when simulated, then they come oldest first, within 30 days, valid for the API, with ~2 % from liars', () => {
    expect(readings).toHaveLength(5_000);
    let inOrder = true;
    for (let i = 1; i < readings.length; i++) if (readings[i].agoMs > readings[i - 1].agoMs) inOrder = false;
    expect(inOrder).toBe(true);
    for (const r of readings) {
      expect(r.agoMs).toBeGreaterThan(0);
      expect(r.agoMs).toBeLessThan(30 * 86_400_000);
      expect(r.noFreeNetwork === true).toBe(r.signalDbm === undefined);
      if (r.signalDbm !== undefined) {
        expect(r.signalDbm).toBeGreaterThanOrEqual(-100);
        expect(r.signalDbm).toBeLessThanOrEqual(-10);
        expect(r.ssid).toBe(WORLD_DEFAULTS.ssid);
      }
      expect(['survey', 'app']).toContain(r.source);
      expect(insidePolygon(city, [r.lon, r.lat])).toBe(true);
    }
    const liars = readings.filter((r) => r.liar);
    expect(liars).toHaveLength(100);
    expect(new Set(liars.map((r) => r.device)).size).toBe(3);
    expect(liars.filter((r) => r.liar === 'fake-dead').every((r) => r.noFreeNetwork)).toBe(true);
  });

  it.each([
    ['listed', 'the listed one', { liarNamesListed: true }, (h: World['hotspots'][number]) => h.registered],
    ['unlisted', 'the live unregistered one', { liarNamesUnlisted: true }, (h: World['hotspots'][number]) => !h.registered && h.alive],
  ] as const)('when the fake-strong liar names %s hotspots, then it names %s nearest where it stands, and every other reading is the same', (_kind, _which, option, targetable) => {
    const named = simulateReadings(w, 4, 5_000, option).readings;
    expect(named).toHaveLength(readings.length);
    const targets = w.hotspots.filter(targetable);
    expect(targets.length).toBeGreaterThan(1);
    let fakes = 0;
    named.forEach((r, k) => {
      if (r.liar !== 'fake-strong') return expect(r).toEqual(readings[k]);
      fakes++;
      expect({ ...r, bssid: readings[k].bssid }).toEqual(readings[k]);
      const [x, y] = [w.frame.x(r.lon), w.frame.y(r.lat)];
      const nearest = Math.min(...targets.map((h) => Math.hypot(h.x - x, h.y - y)));
      const target = targets.find((h) => h.bssid === r.bssid)!;
      expect(target).toBeDefined();
      expect(Math.hypot(target.x - x, target.y - y)).toBeLessThan(nearest + 150); // the liar's spot is ~20 m about the point it chose, GPS error on top
    });
    expect(fakes).toBe(25);
  });

  it('when the fake-strong liar follows physics, then its readings fall off from its spot as a legal hotspot\'s would (−20 dBm at 1 m, n 2.5, ±4 dB), spread three times as wide, and every other reading is the same', () => {
    const physical = simulateReadings(w, 4, 5_000, { liarFollowsPhysics: true }).readings;
    expect(physical).toHaveLength(readings.length);
    let fakes = 0;
    physical.forEach((r, k) => {
      if (r.liar !== 'fake-strong') return expect(r).toEqual(readings[k]);
      fakes++;
      const plain = readings[k];
      expect(r.bssid).toBe(plain.bssid);
      // The same draws: the plain liar stands 20 m × g about its spot, this one 60 m × g, so they stand 40 m × g apart
      // (GPS error alike), and this one's true distance from the spot is 1.5 times that.
      const apartM = Math.hypot(w.frame.x(r.lon) - w.frame.x(plain.lon), w.frame.y(r.lat) - w.frame.y(plain.lat));
      const expected = -20 - 25 * Math.log10(Math.max(3, 1.5 * apartM)) + 0.8 * (plain.signalDbm! + 35);
      expect(Math.abs(r.signalDbm! - expected)).toBeLessThanOrEqual(0.5 + 0.8 * 0.5 + 0.05); // both rounded to the dB
    });
    expect(fakes).toBe(25);
  });

  it('when the fake-strong liar scatters, then each of its readings is a usable-looking level on the City SSID with no BSSID at its own random spot, and every other reading is the same', () => {
    const scattered = simulateReadings(w, 4, 5_000, { liarScatters: true }).readings;
    expect(scattered).toHaveLength(readings.length);
    const spots: [number, number][] = [];
    scattered.forEach((r, k) => {
      if (r.liar !== 'fake-strong') return expect(r).toEqual(readings[k]);
      expect(r).toMatchObject({ source: 'app', ssid: w.options.ssid, device: readings[k].device, agoMs: readings[k].agoMs });
      expect(r.bssid).toBeUndefined();
      expect(r.signalDbm).toBeGreaterThanOrEqual(-72);
      expect(r.signalDbm).toBeLessThanOrEqual(-60);
      spots.push([w.frame.x(r.lon), w.frame.y(r.lat)]);
    });
    expect(spots).toHaveLength(25);
    const apart = spots.flatMap((a, i) => spots.slice(i + 1).map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
    expect(Math.min(...apart)).toBeGreaterThan(20); // not one spot, as the plain liar's are
    expect(Math.max(...spots.flat().map(Math.abs))).toBeLessThanOrEqual(w.halfM + 200); // inside the square, GPS error aside
    expect(simulateReadings(w, 4, 5_000, { liarScatters: true }).readings).toEqual(scattered); // seeded
  });

  it('when the fake-strong liar drags unregistered hotspots, then it names a live unregistered one from about 200 m away, and every other reading is the same', () => {
    const dragging = simulateReadings(w, 4, 5_000, { liarDragsUnlisted: true }).readings;
    expect(dragging).toHaveLength(readings.length);
    const unlisted = new Map(w.hotspots.filter((h) => !h.registered && h.alive).map((h) => [h.bssid, h]));
    const targets = new Set<string>(), offM: number[] = [];
    dragging.forEach((r, k) => {
      if (r.liar !== 'fake-strong') return expect(r).toEqual(readings[k]);
      const target = unlisted.get(r.bssid!)!;
      expect(target).toBeDefined();
      targets.add(r.bssid!);
      offM.push(Math.hypot(target.x - w.frame.x(r.lon), target.y - w.frame.y(r.lat)));
    });
    expect(offM).toHaveLength(25);
    expect(targets.size).toBeGreaterThan(1);
    offM.sort((a, b) => a - b);
    expect(offM[12]).toBeGreaterThan(170); // the liar's spot is ~20 m about its point 200 m off, GPS error on top
    expect(offM[12]).toBeLessThan(230);
  });

  it('when the fake-dead liar resurrects, then it names a dead listed hotspot within ~60 m of it at the level it would have alive, and every other reading is the same', () => {
    const raised = simulateReadings(w, 4, 5_000, { liarResurrects: true }).readings;
    const dead = new Map(w.hotspots.filter((h) => h.registered && !h.alive).map((h) => [h.bssid, h]));
    let lies = 0;
    raised.forEach((r, k) => {
      if (r.liar !== 'fake-dead') return expect(r).toEqual(readings[k]);
      lies++;
      const h = dead.get(r.bssid!)!;
      expect(h).toBeDefined();
      const d = Math.hypot(w.frame.x(r.lon) - h.x, w.frame.y(r.lat) - h.y);
      expect(d).toBeLessThan(100); // 15 m about it, GPS error on top
      expect(Math.abs(r.signalDbm! - meanDbm(h, d))).toBeLessThan(3); // its alive level there, to rounding and GPS error
    });
    expect(lies).toBe(25);
  });

  it('when the fake-dead liar blankets, then it says "nothing heard" all over its targets\' reach, farther out than beside them, and every other reading is the same', () => {
    const plain = readings.filter((r) => r.liar === 'fake-dead'), blanketing = simulateReadings(w, 4, 5_000, { liarBlankets: true }).readings;
    expect(blanketing).toHaveLength(readings.length);
    const strong = w.hotspots.filter((h) => h.alive);
    const nearestM = (r: (typeof readings)[number]) => Math.min(...strong.map((h) => Math.hypot(w.frame.x(r.lon) - h.x, w.frame.y(r.lat) - h.y)));
    const lies: number[] = [];
    blanketing.forEach((r, k) => {
      if (r.liar !== 'fake-dead') return expect(r).toEqual(readings[k]);
      expect(r).toMatchObject({ noFreeNetwork: true, device: readings[k].device, agoMs: readings[k].agoMs });
      lies.push(nearestM(r));
    });
    expect(lies).toHaveLength(plain.length);
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
    expect(Math.max(...lies)).toBeLessThanOrEqual(150 + 100); // within its reach, GPS error on top
    expect(median(lies)).toBeGreaterThan(3 * median(plain.map(nearestM))); // spread over the reach, not heaped beside it
  });

  it('when honest phones hear a hotspot, then ~60 % of those readings name its BSSID and the rest only the SSID', () => {
    const heard = readings.filter((r) => !r.liar && r.signalDbm !== undefined);
    const withBssid = heard.filter((r) => r.bssid).length / heard.length;
    expect(withBssid).toBeGreaterThan(0.45);
    expect(withBssid).toBeLessThan(0.75);
    const known = new Set(w.hotspots.map((h) => h.bssid));
    for (const r of heard) if (r.bssid) expect(known.has(r.bssid)).toBe(true);
  });
});

describe('what the readings could reveal', () => {
  const w = buildWorld(4);
  const [a, b, c] = w.hotspots.filter((h) => !h.registered);
  const naming = (bssid: string, devices: number[]): Reading[] =>
    devices.map((device) => ({ device, liar: null, agoMs: 0, lon: w.options.centre[0], lat: w.options.centre[1], accuracyM: 10, source: 'survey', signalDbm: -70, ssid: w.options.ssid, bssid }));

  it('when an unregistered hotspot is named as often and by as many phones as the server needs to suggest one, then it counts as revealed; one reading or one phone fewer does not', () => {
    expect(REVEAL).toEqual({ readings: 4, phones: 2 });
    expect(observable(w, [...naming(a.bssid, [1, 1, 2, 2]), ...naming(b.bssid, [1, 1, 2]), ...naming(c.bssid, [3, 3, 3, 3, 3])])).toBe(1);
    expect(observable(w, naming(w.hotspots.find((h) => h.registered)!.bssid, [1, 2, 3, 4]))).toBe(0); // listed: nothing to reveal
  });
});
