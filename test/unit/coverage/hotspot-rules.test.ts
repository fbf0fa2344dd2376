// The rules behind the hotspot verdicts, each at its edge, through the engine: when a listing is fitted and
// when it may move, which readings may call it "probably down", and when an unknown BSSID becomes a
// suggestion. One reading or phone either side of each line.
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type ObservationInput } from '../../../server/domain/coverage/index';
import { forCellsWithin, sharedLevelSigmaDb } from '../../../server/domain/coverage/hotspots';
import { FIT_NOISE_DB } from '../../../server/domain/coverage/hotspot-fit';
import { summarise } from '../../../server/domain/coverage/queries';
import { DAY_MS, NOW, bareGrid, smallArea } from './helpers';

const area = smallArea();
const SSID = 'Kitchener-Free';
const centre: [number, number] = [-80.49, 43.45];
const M_LON = 1 / 80_800, M_LAT = 1 / 111_195; // degrees per metre at 43.45° N
const at = (p: readonly [number, number], east: number, north: number) => ({ lon: p[0] + east * M_LON, lat: p[1] + north * M_LAT });
const BSSID_1 = 'aa:00:00:00:00:01', BSSID_2 = 'aa:00:00:00:00:02';
const aps = [
  { id: 1, position: centre, indoor: false, environment: 'urban' as const, ssid: SSID, bssids: [BSSID_1] },
  { id: 2, position: [centre[0] + 600 * M_LON, centre[1]] as const, indoor: false, environment: 'urban' as const, ssid: SSID, bssids: [BSSID_2] },
];
const engineWith = (observations: ObservationInput[], accessPoints = aps) => {
  const engine = createCoverageEngine({ boundary: area, accessPoints, now: NOW });
  engine.addObservations(observations);
  for (let k = 0; k < 10 && (k === 0 || engine.settling); k++) engine.refreshHotspots();
  return engine;
};

/** `perDevice` readings by each phone of a transmitter at `p` (level a at 1 m, exponent 2.8), 8–58 m from it. */
function around(p: readonly [number, number], bssid: string | null, devices: string[], perDevice = 6, a = -30, more: Partial<ObservationInput> = {}): ObservationInput[] {
  return devices.flatMap((deviceKey, k) => Array.from({ length: perDevice }, (_, j) => {
    const d = 8 + 10 * (j % 6), angle = k * 2.1 + j * 1.3;
    return { ...at(p, d * Math.cos(angle), d * Math.sin(angle)), accuracyM: 5, time: NOW - DAY_MS - 60_000 * (k * perDevice + j), signalDbm: Math.round(a - 28 * Math.log10(d)), ssid: SSID, bssid, deviceKey, ...more };
  }));
}
/** "Nothing free heard" by each phone, `perDevice` times, 5–20 m from the listed AP 1. */
const silent = (devices: string[], perDevice = 3, more: Partial<ObservationInput> = {}): ObservationInput[] =>
  devices.flatMap((deviceKey) => Array.from({ length: perDevice }, (_, j) => ({ ...at(centre, 5 + 7 * j, 3), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey, ...more })));

describe('hotspot rules', () => {
  it('when 7 readings name an AP, then it keeps its registry model; from the 8th it is fitted (readings with a vague fix do not count)', () => {
    const eight = around(centre, BSSID_1, ['a', 'b'], 4);
    expect(engineWith(eight.slice(0, 7)).assessmentOf(1).fitted).toBeNull();
    expect(engineWith(eight).assessmentOf(1)).toMatchObject({ readings: 8, devices: 2 });
    expect(engineWith(eight.map((o) => ({ ...o, accuracyM: 80 }))).assessmentOf(1).fitted).toBeNull();
  });

  it('when readings put an AP 80 m from its listing, then it moves only with 20 readings from 3 phones', () => {
    const spot = [centre[0] + 80 * M_LON, centre[1]] as const;
    expect(engineWith(around(spot, BSSID_1, ['a', 'b', 'c'], 6)).assessmentOf(1).movedM).toBe(0); // 18 readings
    expect(engineWith(around(spot, BSSID_1, ['a', 'b'], 12)).assessmentOf(1).movedM).toBe(0); // 24 readings, 2 phones
    const moved = engineWith(around(spot, BSSID_1, ['a', 'b', 'c'], 7)).assessmentOf(1); // 21 readings, 3 phones
    expect(moved.movedM).toBeGreaterThan(60);
    expect(moved.movedM).toBeLessThan(100);
  });

  it('when the silent readings near an AP are too vague to keep (over 150 m), too old, too far or anonymous, then they do not call it down', () => {
    const phones = ['p', 'q', 'r'];
    expect(engineWith(silent(phones)).assessmentOf(1).probablyDown).toBe(true); // the reference: 9 readings, 3 phones, 5–19 m
    expect(engineWith(silent(phones, 3, { accuracyM: 50 })).assessmentOf(1).probablyDown).toBe(true); // a 50 m fix is still precise enough
    expect(engineWith(silent(phones, 3, { accuracyM: 151 })).assessmentOf(1).nearby!.devices).toBe(0); // a fix the map discards (vaguer ones count as far off as they allow: hotspots.test.ts)
    expect(engineWith(silent(phones, 3, { time: NOW - 364 * DAY_MS })).assessmentOf(1).nearby!.devices).toBe(3); // inside the year's window
    expect(engineWith(silent(phones, 3, { time: NOW - 400 * DAY_MS })).assessmentOf(1).nearby!.devices).toBe(0);
    expect(engineWith(silent(phones).map((o) => ({ ...o, ...at(centre, 125, 0) }))).assessmentOf(1).nearby!.devices).toBe(0);
    expect(engineWith(silent(phones, 3, { deviceKey: null }))).toSatisfy((e: ReturnType<typeof engineWith>) => {
      const a = e.assessmentOf(1);
      return !a.probablyDown && a.nearby!.devices === 0 && a.nearby!.nothingHeard === 9; // counted, but no phone to stand behind them
    });
  });

  it('when silent phones stand east, north, west or south of an AP just inside its judging radius, then they count; just outside, not', () => {
    const radius = Math.min(120, Math.max(30, engineWith([]).reachOf(1, -78)));
    // AP 1 stands at the projection's origin, AP 3 400 m north-west of it: a slip between a reading's and the
    // AP's projected metres (a sign, a missing offset) shows only away from the origin.
    const north = { ...aps[0], id: 3, bssids: ['aa:00:00:00:00:03'], position: [centre[0] - 300 * M_LON, centre[1] + 400 * M_LAT] as const };
    for (const [id, p] of [[1, centre], [3, north.position]] as const)
      for (const [dx, dy] of [[1, 0], [0, 1], [-1, 0], [0, -1]]) {
        const ring = (d: number) => silent(['p', 'q', 'r']).map((o) => ({ ...o, ...at(p, d * dx, d * dy) }));
        expect(engineWith(ring(radius - 3), [...aps, north]).assessmentOf(id).nearby!.devices).toBe(3);
        expect(engineWith(ring(radius + 3), [...aps, north]).assessmentOf(id).nearby!.devices).toBe(0);
      }
  });

  it('when fewer than 6 readings near it hear nothing, then it is not down however sure they are; with 6 it is', () => {
    expect(engineWith(silent(['p', 'q', 'r'], 1)).assessmentOf(1).probablyDown).toBe(false);
    expect(engineWith(silent(['p', 'q', 'r'], 2)).assessmentOf(1).probablyDown).toBe(true);
  });

  it('when two phones near it name it, then it is up whatever the silent ones say; one phone, however often it names it, is one voice (a stale scan, or a liar)', () => {
    const naming = (devices: string[], k: number) => around(centre, BSSID_1, devices, k);
    const once = engineWith([...silent(['p', 'q', 'r']), ...naming(['n'], 1)]).assessmentOf(1);
    expect(once).toMatchObject({ probablyDown: true, nearby: { heard: 1 } });
    const often = engineWith([...silent(['p', 'q', 'r']), ...naming(['n'], 6)]).assessmentOf(1);
    expect(often).toMatchObject({ probablyDown: true, nearby: { heard: 6 } });
    expect(often.nearby!.pDown).toBeCloseTo(once.nearby!.pDown, 12);
    const twoPhones = engineWith([...silent(['p', 'q', 'r']), ...naming(['n', 'm'], 1)]).assessmentOf(1);
    expect(twoPhones).toMatchObject({ probablyDown: false, nearby: { heard: 2, pDown: 0 } });
    // A reading with no device credential is no second phone: the same phone could send it.
    const anonymous = around(centre, BSSID_1, ['x'], 1, -30, { deviceKey: null });
    const withAnonymous = engineWith([...silent(['p', 'q', 'r']), ...naming(['n'], 1), ...anonymous]).assessmentOf(1);
    expect(withAnonymous).toMatchObject({ probablyDown: true, nearby: { heard: 2 } });
  });

  it('when a planner confirmed it 40 days ago, then the same readings flag it again', () => {
    expect(engineWith(silent(['p', 'q', 'r']), aps.map((a) => ({ ...a, verifiedAt: NOW - 40 * DAY_MS }))).assessmentOf(1).probablyDown).toBe(true);
    expect(engineWith(silent(['p', 'q', 'r']), aps.map((a) => ({ ...a, verifiedAt: NOW - 20 * DAY_MS }))).assessmentOf(1).probablyDown).toBe(false);
  });

  it('when phones beside it name another hotspot, then only a far weaker one counts as "it should have won"', () => {
    const beside = (dbm: number) => ['p', 'q', 'r'].flatMap((deviceKey) => [6, 12].map((d) => ({ ...at(centre, d, -4), accuracyM: 5, time: NOW - DAY_MS, signalDbm: dbm, ssid: SSID, bssid: BSSID_2, deviceKey })));
    const weak = engineWith(beside(-88)).assessmentOf(1);
    expect(weak).toMatchObject({ probablyDown: true, nearby: { othersHeard: 6, shouldHaveWon: 6, heard: 0 } });
    const loud = engineWith(beside(-40)).assessmentOf(1);
    expect(loud).toMatchObject({ probablyDown: false, nearby: { othersHeard: 6, shouldHaveWon: 0 } });
  });

  it('when scans beside it list every network heard but not it, then their quieter rows count too; a scan that names it says nothing more', () => {
    const BSSID_3 = 'aa:00:00:00:00:03';
    // 3 phones × 2 scans, 6–12 m from AP 1: a loud neighbour at −40 dBm (no proof alone) and a far weaker one at −88.
    const scans = (naming = -1): ObservationInput[] => ['p', 'q', 'r'].flatMap((deviceKey, k) => [6, 12].flatMap((d, j) => {
      const time = NOW - DAY_MS - 60_000 * (2 * k + j), row = { ...at(centre, d, -4), accuracyM: 5, time, ssid: SSID, deviceKey, scan: `${deviceKey}|${time}` };
      const rows: ObservationInput[] = [{ ...row, signalDbm: -40, bssid: BSSID_2 }, { ...row, signalDbm: -88, bssid: BSSID_3 }];
      return 2 * k + j === naming ? [...rows, { ...row, signalDbm: -60, bssid: BSSID_1 }] : rows;
    }));
    expect(engineWith(scans()).assessmentOf(1)).toMatchObject({ probablyDown: true, nearby: { othersHeard: 12, shouldHaveWon: 6, heard: 0 } });
    expect(engineWith(scans(0)).assessmentOf(1)).toMatchObject({ nearby: { othersHeard: 11, shouldHaveWon: 5, heard: 1 } });
    // Read as separate loudest-only readings, the same rows are no scan: every one is a bound of its own.
    expect(engineWith(scans().map((o) => ({ ...o, scan: null }))).assessmentOf(1)).toMatchObject({ nearby: { othersHeard: 12, shouldHaveWon: 6 } });
  });

  it('when an unknown BSSID is heard 4 times by 2 phones and once at −75 dBm or louder, then planners see it suggested, with when it was first and last heard; the public map draws it from a third phone', () => {
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const four = around(spot, 'bb:00:00:00:00:01', ['x', 'y'], 2, -52); // loudest: 8 m, −52 − 25.3 = −77 dBm
    expect(engineWith(four).discoveries()).toEqual([]);
    const louder = around(spot, 'bb:00:00:00:00:01', ['x', 'y'], 2, -50); // loudest −75 dBm
    const engine = engineWith(louder), found = engine.discoveries();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ readings: 4, devices: 2, strongestDbm: -75, onPublicMap: false });
    expect(engine.statistics().hotspots).toMatchObject({ discovered: 0, suggested: 1 }); // a lead for planners, not a transmitter on the map
    const times = louder.map((o) => o.time);
    expect([found[0].firstSeen, found[0].lastSeen]).toEqual([Math.min(...times), Math.max(...times)]);
    expect(engineWith(louder.slice(0, 3)).discoveries()).toEqual([]); // 3 readings
    expect(engineWith(louder.map((o, k) => (k === 3 ? { ...o, accuracyM: 200 } : o))).discoveries()).toEqual([]); // a fix the map discards (over 150 m) is no sighting
    expect(engineWith(around(spot, 'bb:00:00:00:00:01', ['x'], 6, -50)).discoveries()).toEqual([]); // one phone, however often
    const third = engineWith(around(spot, 'bb:00:00:00:00:01', ['x', 'y', 'z'], 2, -50));
    expect(third.discoveries()[0]).toMatchObject({ readings: 6, devices: 3, onPublicMap: true });
    expect(third.statistics().hotspots).toMatchObject({ discovered: 1, suggested: 0 });
  });

  it('when several unknown BSSIDs are suggested, then the best heard come first: by phones (those on the public map lead), then by readings', () => {
    const spot = (east: number): [number, number] => [centre[0] - 700 * M_LON + east * M_LON, centre[1] + 500 * M_LAT];
    const engine = engineWith([
      ...around(spot(0), 'bb:00:00:00:00:0a', ['x', 'y'], 2, -50), // 2 phones, 4 readings
      ...around(spot(300), 'bb:00:00:00:00:0b', ['x', 'y', 'z'], 2, -50), // 3 phones: on the map
      ...around(spot(600), 'bb:00:00:00:00:0c', ['x', 'y'], 4, -50), // 2 phones, 8 readings
      ...around(spot(900), 'bb:00:00:00:00:09', ['x', 'y'], 2, -50), // as 0a: the BSSID decides
      ...around(spot(1200), 'bb:00:00:00:00:0d', ['w', 'x', 'y', 'z'], 1, -50), // 4 phones, 4 readings: on the map
    ]);
    expect(engine.discoveries().map((d) => [d.bssid, d.devices, d.readings, d.onPublicMap])).toEqual([
      ['bb:00:00:00:00:0d', 4, 4, true], ['bb:00:00:00:00:0b', 3, 6, true], ['bb:00:00:00:00:0c', 2, 8, false], ['bb:00:00:00:00:09', 2, 4, false], ['bb:00:00:00:00:0a', 2, 4, false],
    ]);
  });

  it('when phones name one made-up BSSID along a legal curve in places a kilometre apart, then no hotspot covers the city: none if each phone heard it everywhere, and none of its readings counts; one place\'s, drawn no further than its own readings, if four phones hold it against one', () => {
    const places: [number, number][] = [[-700, 500], [-700, -600], [600, -700], [0, -100]].map(([e, n]) => [centre[0] + e * M_LON, centre[1] + n * M_LAT]);
    const bare = engineWith([]).statistics().city.coveredAreaM2;
    // −45 … −69 dBm 8–58 m from each place: possible from some hotspot, not all from one.
    const spoofed = places.flatMap((p) => around(p, 'cc:00:00:00:00:01', ['l1', 'l2', 'l3', 'l4', 'l5'], 2, -20));
    const everywhere = engineWith(spoofed);
    expect(everywhere.discoveries()).toEqual([]);
    // Left out, but planners are told: what a made-up hotspot looks like, with how widely it was heard (its readings' box: ~1.4 km east–west, ~1.3 km north–south).
    const [apart] = everywhere.heardApart();
    expect(apart).toMatchObject({ bssid: 'cc:00:00:00:00:01', ssid: SSID, readings: 40, devices: 5, strongestDbm: Math.round(-20 - 28 * Math.log10(8)) });
    const extent = (metres: number[]) => Math.max(...metres) - Math.min(...metres); // of the readings, east–west and north–south
    const [eastWest, northSouth] = [extent(spoofed.map((o) => (o.lon! - centre[0]) / M_LON)), extent(spoofed.map((o) => (o.lat! - centre[1]) / M_LAT))];
    expect(eastWest).toBeGreaterThan(northSouth + 50); // so a span taken the wrong way round shows
    expect(apart.spanM).toBeCloseTo(eastWest, -1);
    expect(everywhere.heardApart()).toHaveLength(1);
    // Nor do its readings count in the cells they were taken in, though near a listed AP they were possible: they
    // name a source that is not there (before, 15 cells 100 m from AP 1 were painted covered by them).
    expect(everywhere.statistics().city.coveredAreaM2).toBe(bare);
    for (const d of [8, 18, 28]) expect(everywhere.explainCell(at(places[3], d, 0).lon, at(places[3], d, 0).lat).covered).toBe(false);
    // "Why this colour?" says so: each reading taken in a cell is counted there as set aside, and why.
    const asideAt = (p: readonly [number, number]) => spoofed.filter((o) => everywhere.state.grid.cellAt(o.lon!, o.lat!) === everywhere.state.grid.cellAt(p[0], p[1])).length;
    const spot = spoofed[0], why = everywhere.explainCell(spot.lon!, spot.lat!);
    expect(why.evidence.setAside).toEqual({ spoofed: asideAt([spot.lon!, spot.lat!]), implausible: 0, unconfirmed: 0, unbacked: 0 });
    expect(why.evidence.setAside.spoofed).toBeGreaterThan(0);
    expect(why.evidence.samples).toBe(0);
    expect(why.summary).toMatch(new RegExp(`no readings here that count \\(${why.evidence.setAside.spoofed} set aside: (it names|they name) a hotspot phones heard in places too far apart to be one\\)`));
    expect(engineWith([]).explainCell(spot.lon!, spot.lat!).evidence.setAside).toEqual({ spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 });
    // Beside readings that count, or pooled ones, the words say "more" and "that count".
    const counted = { ...why, evidence: { ...why.evidence, samples: 2, devices: 2, ageDays: null, setAside: { spoofed: 3, implausible: 1, unconfirmed: 2, unbacked: 1 } } };
    expect(summarise(everywhere.state, counted)).toContain('2 readings here from 2 phones; 3 more set aside: they name a hotspot phones heard in places too far apart to be one; 1 more set aside as impossible from the hotspots known here; 2 more set aside as far weaker than predicted until another phone\'s reading nearby backs them; 1 more set aside as far stronger than predicted until another phone\'s reading nearby backs it.');
    const pooled = { ...why, pooled: { weight: 0.6, residualDb: 0 }, evidence: { ...why.evidence, setAside: { spoofed: 1, implausible: 0, unconfirmed: 0, unbacked: 0 } } };
    expect(summarise(everywhere.state, pooled)).toContain('no readings in this cell that count (1 set aside: it names a hotspot phones heard in places too far apart to be one), but readings nearby inform it.');
    // A new reading of it counts for nothing as it arrives, before any refresh: a spoofer sending one a second must
    // not cost a re-read of every reading each time (npm run bench -- coverage.spoof-stream).
    const again = { ...at(places[3], 40, 20), accuracyM: 5, time: NOW - DAY_MS, signalDbm: -50, ssid: SSID, bssid: 'cc:00:00:00:00:01', deviceKey: 'l1' };
    // Two phones' (one phone's so far above the prediction waits for a second's), so only the made-up BSSID holds them.
    const twice = (o: typeof again) => [o, { ...o, deviceKey: 'l2' }];
    everywhere.addObservations(twice(again));
    expect(everywhere.explainCell(again.lon, again.lat).covered).toBe(false);
    const elsewhere = engineWith([]); // the same readings from phones nobody doubts paint their cell
    elsewhere.addObservations(twice({ ...again, bssid: 'cc:00:00:00:00:02' }));
    expect(elsewhere.explainCell(again.lon, again.lat).covered).toBe(true);
    // Four phones by the first place, one by the second, quieter (−60 … −84 dBm): its quiet readings possible from the first, a kilometre off.
    const held = engineWith([...around(places[0], 'cc:00:00:00:00:01', ['l1', 'l2', 'l3', 'l4'], 3, -20), ...around(places[1], 'cc:00:00:00:00:01', ['m1'], 6, -35)]);
    const [found] = held.discoveries();
    expect(found).toMatchObject({ bssid: 'cc:00:00:00:00:01', onPublicMap: true });
    expect(Math.hypot((found.lon - places[0][0]) / M_LON, (found.lat - places[0][1]) / M_LAT)).toBeLessThan(100);
    expect(found.reachM).toBeLessThan(250);
    expect(held.statistics().city.coveredAreaM2).toBeLessThan(bare + 200_000); // at most a disc of ~250 m
    expect(held.heardApart()).toEqual([]); // placed: not also reported as heard too far apart
  });

  it('when a phone\'s readings of an unknown BSSID first paint cells, and later that phone also names it loudly a kilometre away where four others place it, then its readings stop counting anywhere and the others\' find stands', () => {
    const [far, near] = [[-700, 500], [0, -100]].map(([e, n]) => [centre[0] + e * M_LON, centre[1] + n * M_LAT] as [number, number]); // `near`: 100 m from AP 1
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const settle = () => { for (let k = 0; k < 10 && (k === 0 || engine.settling); k++) engine.refreshHotspots(); };
    const cellsBeside = () => [8, 18, 28].map((d) => engine.explainCell(at(near, d, 0).lon, at(near, d, 0).lat).covered);
    engine.addObservations(around(near, 'cc:00:00:00:00:02', ['m1'], 6, -20)); // one phone: a reading where it was taken
    settle();
    expect(cellsBeside()).toContain(true);
    engine.addObservations([...around(far, 'cc:00:00:00:00:02', ['a', 'b', 'c', 'd'], 3, -20), ...around(far, 'cc:00:00:00:00:02', ['m1'], 3, -20)]);
    settle(); // the stream paused: no refresh after this batch but these
    expect(engine.discoveries()).toMatchObject([{ bssid: 'cc:00:00:00:00:02', devices: 4, readings: 12 }]);
    expect(cellsBeside()).toEqual([false, false, false]);
  });

  it('when an unknown BSSID is heard only weaker than −75 dBm, then it takes 6 phones and 8 readings to be suggested', () => {
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const weak = (phones: string[], perDevice: number) => around(spot, 'bb:00:00:00:00:02', phones, perDevice, -52); // loudest −77 dBm
    const eight = [...weak(['s', 't', 'u', 'v'], 1), ...weak(['w', 'x'], 2)];
    const found = engineWith(eight).discoveries();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ readings: 8, devices: 6, strongestDbm: -77 });
    expect(engineWith(eight.slice(0, 7)).discoveries()).toEqual([]); // 7 readings, still 6 phones
    expect(engineWith(weak(['s', 't', 'u', 'v', 'w'], 3)).discoveries()).toEqual([]); // 15 readings, 5 phones
  });

  it('how far a hotspot\'s whole curve may be off: the registry default\'s spread, a measured range\'s own, or the fit\'s noise over its phones', () => {
    expect(sharedLevelSigmaDb('default', 9, 6)).toBe(8);
    expect(sharedLevelSigmaDb('override', 9, 5)).toBe(5);
    expect(sharedLevelSigmaDb('calibrated', 4, 5)).toBe(FIT_NOISE_DB / 2);
    expect(sharedLevelSigmaDb('calibrated', 0, 5)).toBe(FIT_NOISE_DB);
  });

  it('the cells within a radius are exactly those whose centres lie within it, in true metres, with each distance', () => {
    const grid = bareGrid(40, 30), east = 0.727;
    for (const [x, y, r] of [[300, 400, 110], [30, 20, 80], [990, 740, 60]]) {
      const found = new Map<number, number>();
      forCellsWithin(grid, x, y, r, east, (cell, d) => found.set(cell, d));
      const expected = new Map<number, number>();
      for (let cell = 0; cell < grid.cellCount; cell++) {
        const d = Math.hypot((grid.colCentreX(grid.col(cell)) - x) * east, grid.rowCentreY(grid.row(cell)) - y);
        if (d <= r) expected.set(cell, d);
      }
      expect(found.size).toBeGreaterThan(5);
      expect([...found.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
      for (const [cell, d] of found) expect(d).toBeCloseTo(expected.get(cell)!, 9);
    }
  });

  it('when a listed AP names its SSID but no BSSID, then the BSSID phones hear right there is its own radio: fitted, heard, not suggested as new', () => {
    const unlisted = aps.map((a) => ({ ...a, bssids: [] as string[] }));
    const heard = around(centre, 'dd:00:00:00:00:01', ['x', 'y', 'z']);
    const engine = engineWith(heard, unlisted);
    expect(engine.discoveries()).toEqual([]);
    expect(engine.assessmentOf(1)).toMatchObject({ readings: 18, devices: 3, probablyDown: false, learnedBssids: ['dd:00:00:00:00:01'] });
    expect(engine.assessmentOf(2).learnedBssids).toEqual([]);
    expect(engine.assessmentOf(1).fitted).not.toBeNull();
    // Beside it, phones naming that radio are hearing it, not "another one".
    const withSilent = engineWith([...heard, ...silent(['p', 'q', 'r'])], unlisted).assessmentOf(1);
    expect(withSilent).toMatchObject({ probablyDown: false, nearby: { othersHeard: 0 } });
    expect(withSilent.nearby!.heard).toBeGreaterThanOrEqual(2);
    // 150 m away it is another hotspot; an AP that lists its own BSSIDs keeps them as its only radios.
    const elsewhere = around([centre[0], centre[1] + 150 * M_LAT], 'dd:00:00:00:00:01', ['x', 'y', 'z']);
    expect(engineWith(elsewhere, unlisted).discoveries()).toHaveLength(1);
    expect(engineWith(heard, aps).discoveries()).toHaveLength(1);
    // Rejected by a planner: not the City's, so not this AP's either.
    const rejected = createCoverageEngine({ boundary: area, accessPoints: unlisted, now: NOW, rejectedBssids: ['dd:00:00:00:00:01'] });
    rejected.addObservations(heard);
    rejected.refreshHotspots();
    expect(rejected.assessmentOf(1).fitted).toBeNull();
  });

  it('when a listing names no BSSID, then it takes one radio heard round it and a second only beside the first: a hotspot 60 m off is suggested as new', () => {
    const unlisted = aps.map((a) => ({ ...a, bssids: [] as string[] }));
    const own = around(centre, 'dd:00:00:00:00:01', ['x', 'y', 'z']);
    const otherRadio = around([centre[0] + 4 * M_LON, centre[1] + 3 * M_LAT], 'dd:00:00:00:00:02', ['x', 'y', 'z'], 6, -36); // its 5 GHz radio
    const neighbour = around([centre[0] + 60 * M_LON, centre[1]], 'dd:00:00:00:00:03', ['u', 'v', 'w']);
    const engine = engineWith([...own, ...otherRadio, ...neighbour], unlisted);
    expect([...engine.assessmentOf(1).learnedBssids].sort()).toEqual(['dd:00:00:00:00:01', 'dd:00:00:00:00:02']);
    expect(engine.discoveries().map((d) => d.bssid)).toEqual(['dd:00:00:00:00:03']);
    // Alone, the neighbour is still taken as the listing's radio: nothing nearer claims it.
    expect(engineWith(neighbour, unlisted).assessmentOf(1).learnedBssids).toEqual(['dd:00:00:00:00:03']);
  });

  it('when one phone names a radio beside a listing without BSSIDs, then it is taken as the listing\'s but its readings fit nothing until a second phone names it', () => {
    const unlisted = aps.map((a) => ({ ...a, bssids: [] as string[] }));
    const onePhone = around(centre, 'dd:00:00:00:00:09', ['liar'], 18, -20); // loud, all round the listing
    const alone = engineWith(onePhone, unlisted);
    // Its radio, so not "another hotspot heard here" and not a find; but one phone's loud readings make no fit.
    expect(alone.assessmentOf(1)).toMatchObject({ learnedBssids: ['dd:00:00:00:00:09'], fitted: null, probablyDown: false });
    expect(alone.modelOf(1)).toEqual(engineWith([], unlisted).modelOf(1)); // the listing's radio as the registry says
    expect(alone.discoveries()).toEqual([]);
    const twoPhones = engineWith([...onePhone, ...around(centre, 'dd:00:00:00:00:09', ['walker'], 6, -30)], unlisted);
    expect(twoPhones.assessmentOf(1)).toMatchObject({ learnedBssids: ['dd:00:00:00:00:09'], devices: 2 });
    expect(twoPhones.assessmentOf(1).fitted).not.toBeNull();
  });
});
