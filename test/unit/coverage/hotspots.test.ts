// The engine reasons about hotspots: a dead one flagged, an unregistered one discovered (and drawn), a lone
// implausible reading ignored, a contradicting device distrusted, and an edit to one AP changing nothing else.
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type CoverageEngine, type ObservationInput } from '../../../server/domain/coverage/index';
import { DAY_MS, NOW, smallArea } from './helpers';

const area = smallArea();
const SSID = 'Kitchener-Free';
const centre: [number, number] = [-80.49, 43.45];
const M_LON = 1 / 80_800, M_LAT = 1 / 111_195; // degrees per metre at 43.45° N
const at = (p: readonly [number, number], east: number, north: number) => ({ lon: p[0] + east * M_LON, lat: p[1] + north * M_LAT });
const aps = [
  { id: 1, position: centre, indoor: false, environment: 'urban' as const, ssid: SSID, bssids: ['aa:00:00:00:00:01'] },
  { id: 2, position: [centre[0] + 600 * M_LON, centre[1]] as const, indoor: false, environment: 'urban' as const, ssid: SSID, bssids: ['aa:00:00:00:00:02'] },
];

/** Readings of a transmitter at `p` (level a at 1 m, exponent 2.8) on rings of 8–60 m, by `devices` phones. */
function around(p: readonly [number, number], bssid: string | null, devices: string[], a = -30): ObservationInput[] {
  return devices.flatMap((deviceKey, k) => Array.from({ length: 6 }, (_, j) => {
    const d = 8 + 10 * j, angle = k * 2.1 + j * 1.3;
    return { ...at(p, d * Math.cos(angle), d * Math.sin(angle)), accuracyM: 5, time: NOW - DAY_MS, signalDbm: Math.round(a - 28 * Math.log10(d)), ssid: SSID, bssid, deviceKey };
  }));
}

/** 24 readings by 4 phones naming AP 1 (−25 dBm at 1 m, exponent 2.8), 30–80 m from it. */
function namedFarOut(): ObservationInput[] {
  return around(centre, 'aa:00:00:00:00:01', ['a', 'b', 'c', 'd'], -25).map((o) => {
    const [east, north] = [(o.lon! - centre[0]) / M_LON, (o.lat! - centre[1]) / M_LAT], d = Math.hypot(east, north), far = d + 22;
    return { ...o, ...at(centre, (east * far) / d, (north * far) / d), signalDbm: Math.round(-25 - 28 * Math.log10(far)) };
  });
}

describe('hotspots', () => {
  it('when phones around a registered AP hear nothing free, from three devices, then it is probably down and stops predicting coverage', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const before = engine.explainCell(...Object.values(at(centre, 10, 0)) as [number, number]);
    expect(before.covered).toBe(true);
    const silent = ['p', 'q', 'r'].flatMap((deviceKey) => [5, 12, 20].map((d) => ({ ...at(centre, d, 3), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey })));
    engine.addObservations(silent.slice(0, 6)); // two devices: not enough
    engine.refreshHotspots();
    expect(engine.assessmentOf(1).probablyDown).toBe(false);
    engine.addObservations(silent.slice(6));
    expect(engine.refreshHotspots()).toBe(true);
    expect(engine.assessmentOf(1)).toMatchObject({ probablyDown: true, nearby: { devices: 3, heard: 0, nothingHeard: 9 } });
    expect(engine.assessmentOf(2).probablyDown).toBe(false); // 600 m away: nobody read near it
    const after = engine.explainCell(...Object.values(at(centre, 10, 0)) as [number, number]);
    expect(after.contributors.map((c) => c.accessPointId)).not.toContain(1);
    expect(after.covered).toBe(false);
    expect(engine.statistics().hotspots.probablyDown).toBe(1);
  });

  it('when one phone names a silent AP 24 times beside it while six others hear nothing there, then it is still probably down; three phones naming it keep it up', () => {
    // One phone repeating a dead AP's BSSID (a liar hiding it, or a stale scan) used to keep it "up": 20 readings naming it lately, or 2 beside it.
    const silent = ['p', 'q', 'r', 's', 't', 'u'].flatMap((deviceKey, k) => [5, 12, 20].map((d) => ({ ...at(centre, d * Math.cos(k), d * Math.sin(k)), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey })));
    const naming = (devices: string[]) => Array.from({ length: 24 }, (_, j) => {
      const d = 6 + (j % 6) * 4, angle = j * 0.9;
      return { ...at(centre, d * Math.cos(angle), d * Math.sin(angle)), accuracyM: 5, time: NOW - DAY_MS, signalDbm: Math.round(-30 - 28 * Math.log10(d)), ssid: SSID, bssid: 'aa:00:00:00:00:01', deviceKey: devices[j % devices.length] };
    });
    const settle = (engine: ReturnType<typeof createCoverageEngine>) => { for (let k = 0; k < 5 && (k < 2 || engine.settling); k++) engine.refreshHotspots(); };
    const lone = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    lone.addObservations([...silent, ...naming(['liar'])]);
    settle(lone);
    expect(lone.assessmentOf(1)).toMatchObject({ probablyDown: true, nearby: { heard: 24 } });
    const crowd = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    crowd.addObservations([...silent, ...naming(['a', 'b', 'c'])]);
    settle(crowd);
    expect(crowd.assessmentOf(1).probablyDown).toBe(false);
  });

  it('when phones that name no BSSID hear its own SSID far weaker than it should be, then its chance of being off rises; another network heard so does not move it', () => {
    const pDownWith = (extra: ObservationInput[]) => {
      const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
      const silent = { ...at(centre, 110, 3), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey: 'p' };
      engine.addObservations([silent, ...extra]);
      engine.refreshHotspots();
      return engine.assessmentOf(1).nearby!.pDown;
    };
    // A browser-like phone reports the network and level it is on, without the BSSID.
    const weak = (ssid: string) => ['p', 'q', 'r'].flatMap((deviceKey) => [5, 10, 15].map((d) => ({ ...at(centre, d, -3), accuracyM: 5, time: NOW - DAY_MS, signalDbm: -88, ssid, bssid: null, deviceKey })));
    const baseline = pDownWith([]);
    expect(baseline).toBeLessThan(0.7);
    expect(pDownWith(weak(SSID))).toBeGreaterThanOrEqual(0.7);
    expect(pDownWith(weak('HomeRouter'))).toBeCloseTo(baseline, 6);
  });

  it('when phones with vague fixes (100–150 m, as indoors) hear nothing beside a registered AP, then they count as far as the fix allows: beside it it is probably down; 100 m off it is not, where precise fixes say it is', () => {
    // Until 2026-12-08 a fix worse than 50 m was no evidence at all: in a world of 5–150 m fixes 30 % of dead hotspots were flagged.
    const assess = (accuracyM: number, offM: number) => {
      const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
      engine.addObservations(['p', 'q', 'r'].flatMap((deviceKey) => [5, 12, 20].map((d) => ({ ...at(centre, d + offM, 3), accuracyM, time: NOW - DAY_MS, signalDbm: null, deviceKey }))));
      engine.refreshHotspots();
      return engine.assessmentOf(1);
    };
    expect(assess(100, 0)).toMatchObject({ probablyDown: true, nearby: { devices: 3, nothingHeard: 9 } });
    expect(assess(150, 0).probablyDown).toBe(true);
    // The phone may have stood 100 m further off than its fix says: it is judged there, where the AP is weak.
    expect(assess(5, 100).probablyDown).toBe(true);
    expect(assess(150, 100)).toMatchObject({ probablyDown: false, nearby: { devices: 3 } });
  });

  it('when a planner confirmed the AP works in the last 30 days, then the same readings do not flag it', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps.map((a) => ({ ...a, verifiedAt: NOW - 2 * DAY_MS })), now: NOW });
    engine.addObservations(['p', 'q', 'r'].flatMap((deviceKey) => [5, 12, 20].map((d) => ({ ...at(centre, d, 3), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey }))));
    engine.refreshHotspots();
    expect(engine.assessmentOf(1).probablyDown).toBe(false);
  });

  it('when three phones hear a City SSID from an unknown BSSID, then it is discovered where it stands and drawn; from one phone it is not', () => {
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const one = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    one.addObservations(around(spot, 'bb:00:00:00:00:01', ['solo', 'solo', 'solo']));
    one.refreshHotspots();
    expect(one.state.discovered).toEqual([]);
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations(around(spot, 'bb:00:00:00:00:01', ['x', 'y', 'z']));
    expect(engine.refreshHotspots()).toBe(true);
    expect(engine.state.discovered).toHaveLength(1);
    const d = engine.state.discovered[0];
    expect(d).toMatchObject({ bssid: 'bb:00:00:00:00:01', ssid: SSID, readings: 18, devices: 3 });
    const x = engine.state.grid.projection.x(spot[0]), y = engine.state.grid.projection.y(spot[1]);
    expect(Math.hypot(d.x - x, d.y - y)).toBeLessThan(15);
    expect(d.model.n).toBeGreaterThan(2.3);
    expect(d.model.n).toBeLessThan(3.3);
    const cell = engine.explainCell(...Object.values(at(spot, 15, 0)) as [number, number]);
    expect(cell.contributors[0]).toMatchObject({ accessPointId: null, discoveredBssid: 'bb:00:00:00:00:01' });
    expect(cell.covered).toBe(true);
    // Rejected by a planner: gone from the map.
    engine.setRejectedBssids(['BB:00:00:00:00:01']);
    expect(engine.state.discovered).toEqual([]);
  });

  it('when three phones with vague fixes (100 m) hear a City SSID from an unknown BSSID, then it is discovered all the same: that they heard it does not depend on where they stood', () => {
    // Until 2026-12-08 only fixes of 50 m or better counted: in a world of 5–150 m fixes 47 % of unregistered hotspots were found, 69 % with 5–30 m.
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations(around(spot, 'bb:00:00:00:00:09', ['x', 'y', 'z']).map((o) => ({ ...o, accuracyM: 100 })));
    engine.refreshHotspots();
    expect(engine.discoveries()).toMatchObject([{ bssid: 'bb:00:00:00:00:09', readings: 18, devices: 3 }]);
    const d = engine.state.discovered[0], x = engine.state.grid.projection.x(spot[0]), y = engine.state.grid.projection.y(spot[1]);
    expect(Math.hypot((d.x - x) * engine.state.grid.projection.eastScale(spot[1]), d.y - y)).toBeLessThan(30);
    // Fixes the map discards (over 150 m) say nothing of any cell: still nothing to suggest.
    const vaguer = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    vaguer.addObservations(around(spot, 'bb:00:00:00:00:09', ['x', 'y', 'z']).map((o) => ({ ...o, accuracyM: 200 })));
    vaguer.refreshHotspots();
    expect(vaguer.discoveries()).toEqual([]);
  });

  it('when a fourth phone names a discovered BSSID at −30 dBm from 200 m away, then its readings are no sighting: the hotspot stays where three phones heard it', () => {
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const honest = around(spot, 'bb:00:00:00:00:08', ['x', 'y', 'z']);
    const lies = Array.from({ length: 30 }, (_, k) => ({ ...at(spot, 200 + (k % 5), -(k % 6)), accuracyM: 5, time: NOW - DAY_MS, signalDbm: -30, ssid: SSID, bssid: 'bb:00:00:00:00:08', deviceKey: 'liar' }));
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations([...honest, ...lies]);
    engine.refreshHotspots();
    expect(engine.statistics().hotspots.distrustedDevices).toBe(0); // nobody else stood where it lied: only the placement can tell
    expect(engine.discoveries()).toMatchObject([{ readings: 18, devices: 3, onPublicMap: true }]);
    const d = engine.state.discovered[0], x = engine.state.grid.projection.x(spot[0]), y = engine.state.grid.projection.y(spot[1]);
    expect(Math.hypot((d.x - x) * engine.state.grid.projection.eastScale(spot[1]), d.y - y)).toBeLessThan(15);
  });

  it('when five phones agree on −40…−30 dBm from an unknown BSSID all over one spot (a lie), then planners see it suggested, but the map is covered only where they stood', () => {
    // Before: the fit put a transmitter of impossible power far off, "heard" everywhere at one level, and its disc
    // covered the whole area (a city, in the truth simulation, from 15 phones).
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const before = engine.statistics().city.coveredAreaM2;
    const lies = ['s1', 's2', 's3', 's4', 's5'].flatMap((deviceKey, k) => Array.from({ length: 40 }, (_, j) => {
      const r = 4 + ((j * 7 + k * 3) % 20), angle = j * 2.4 + k;
      return { ...at(spot, r * Math.cos(angle), r * Math.sin(angle)), accuracyM: 5, time: NOW - DAY_MS, signalDbm: -40 + ((j * 3 + k) % 11), ssid: SSID, bssid: 'bb:00:00:00:00:66', deviceKey };
    }));
    engine.addObservations(lies);
    for (let k = 0; k < 5 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
    expect(engine.state.discovered.map((d) => d.bssid)).toEqual(['bb:00:00:00:00:66']); // for a planner to reject
    const d = engine.state.discovered[0];
    expect(d.model.dbmAt1m).toBeLessThanOrEqual(-10); // no free hotspot is louder than 30 dBm EIRP
    expect(d.model.heardWithinM).toBeLessThan(80); // where the readings were, plus GPS error
    const grown = engine.statistics().city.coveredAreaM2 - before;
    expect(grown).toBeGreaterThan(0);
    expect(grown).toBeLessThan(Math.PI * 80 ** 2); // that spot's disc at most: 2 ha, not the 4 km² area
    expect(engine.explainCell(...Object.values(at(spot, 300, 0)) as [number, number]).covered).toBe(false);
  });

  it('when five phones agree on −40…−30 dBm naming a listed AP from one spot 150 m off, then its fit reaches no further than they stood or its listing does', () => {
    // Before: the fit moved it there at the legal limit with the gentlest exponent, and its disc covered the whole area.
    const spot = at(centre, 150, 0);
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const listed = engine.reachOf(1); // where its listing says it is usable
    const before = engine.statistics().city.coveredAreaM2;
    engine.addObservations(['s1', 's2', 's3', 's4', 's5'].flatMap((deviceKey, k) => Array.from({ length: 40 }, (_, j) => {
      const r = 4 + ((j * 7 + k * 3) % 20), angle = j * 2.4 + k;
      return { lon: spot.lon + r * Math.cos(angle) * M_LON, lat: spot.lat + r * Math.sin(angle) * M_LAT, accuracyM: 5, time: NOW - DAY_MS, signalDbm: -40 + ((j * 3 + k) % 11), ssid: SSID, bssid: 'aa:00:00:00:00:01', deviceKey };
    })));
    for (let k = 0; k < 5 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
    const fitted = engine.state.registry[0].model;
    expect(fitted.source).toBe('calibrated');
    expect(fitted.dbmAt1m).toBeLessThanOrEqual(-10);
    expect(engine.reachOf(1, -85)).toBeLessThanOrEqual(Math.max(listed, 200)); // its listing's reach, or where they stood (within 175 m of it, plus 25 m)
    expect(engine.statistics().city.coveredAreaM2 - before).toBeLessThan(Math.PI * 60 ** 2); // about the spot they stood on: ≤ 1.2 ha of a 314 ha area
  });

  it('when phones keep naming an AP, then "nothing heard" from eight other phones right beside it is held back; when nobody names it, the same readings count', () => {
    // Before, the eight outvoted the four in the cells beside it (−78 dBm there: not covered).
    const beside = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].flatMap((deviceKey, k) => [2, 5, 8].map((d) => ({ ...at(centre, d * Math.cos(k), d * Math.sin(k)), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey })));
    const named = namedFarOut(); // none in the cells beside it, where only the eight speak
    const withNamed = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    withNamed.addObservations([...named, ...beside]);
    for (let k = 0; k < 5 && (k < 2 || withNamed.settling); k++) withNamed.refreshHotspots();
    expect(withNamed.assessmentOf(1).probablyDown).toBe(false);
    const here = at(centre, 4, 2);
    expect(withNamed.explainCell(here.lon, here.lat).covered).toBe(true);
    // Nobody names it: eight phones hearing nothing beside it is what a dead AP looks like, and it counts.
    const alone = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    alone.addObservations(beside);
    for (let k = 0; k < 5 && (k < 2 || alone.settling); k++) alone.refreshHotspots();
    expect(alone.assessmentOf(1).probablyDown).toBe(true);
    expect(alone.explainCell(here.lon, here.lat).covered).toBe(false);
  });

  it('when phones keep naming an AP, then "no free Wi-Fi here" reports from eight other phones 15–30 m from it are held back like "nothing heard"; when nobody names it, they count', () => {
    // The same ring as below, told as residents' reports: before, reports skipped the reverse check, and eight reports blanked the cells round a live hotspot.
    const ring = (kind: 'no_wifi' | 'cant_connect' | 'too_weak', distances = [15, 22, 30]) => ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].flatMap((deviceKey, k) => distances.map((d) => ({ ...at(centre, d * Math.cos((k * Math.PI) / 4), d * Math.sin((k * Math.PI) / 4)), accuracyM: 5, time: NOW - DAY_MS, kind, deviceKey })));
    const reports = ring('no_wifi');
    const settled = (observations: ObservationInput[], told = reports) => {
      const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
      engine.addObservations(observations);
      for (const r of told) engine.addReport(r);
      for (let k = 0; k < 5 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
      return engine;
    };
    const named = settled(namedFarOut());
    expect(reports.filter((r) => !named.explainCell(r.lon, r.lat).covered)).toEqual([]);
    expect(named.explainCell(reports[0].lon, reports[0].lat).evidence.setAside.implausible).toBeGreaterThan(0);
    const nobody = settled([]);
    expect(reports.filter((r) => !nobody.explainCell(r.lon, r.lat).covered).length).toBeGreaterThan(12);
    // "Can't connect" is about the login, which hearing the network does not refute: it counts right beside a named
    // hotspot (2–8 m, where "too weak" would be refuted).
    const beside = ring('cant_connect', [2, 5, 8]);
    const login = settled(namedFarOut(), beside);
    expect(beside.map((r) => login.explainCell(r.lon, r.lat).evidence.setAside.implausible)).toEqual(beside.map(() => 0));
    const weak = settled(namedFarOut(), beside.map((r) => ({ ...r, kind: 'too_weak' as const })));
    expect(weak.explainCell(beside[0].lon, beside[0].lat).evidence.setAside.implausible).toBeGreaterThan(0);
  });

  it('when phones keep naming an AP, then "nothing heard" from eight other phones 15–30 m from it, where it is predicted −61…−68 dBm, is held back too', () => {
    // A Sybil attack on a hotspot the crowd keeps naming: eight phones on their own networks ring it with "nothing heard".
    // Judged at distance + GPS error the level there is 22–29 dB above "nothing heard": before, only 30 dB counted as a lie.
    const ring = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].flatMap((deviceKey, k) => [15, 22, 30].map((d) => ({ ...at(centre, d * Math.cos((k * Math.PI) / 4), d * Math.sin((k * Math.PI) / 4)), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey })));
    const named = namedFarOut();
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations([...named, ...ring]);
    for (let k = 0; k < 5 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
    expect(engine.assessmentOf(1).probablyDown).toBe(false);
    const uncovered = ring.filter((o) => !engine.explainCell(o.lon, o.lat).covered);
    expect(uncovered).toEqual([]);
  });

  it('when a BSSID is heard that belongs to another network (not a City SSID), then it is neither discovered nor evidence of free Wi-Fi', () => {
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations(around(spot, 'cc:00:00:00:00:01', ['x', 'y', 'z']).map((o) => ({ ...o, ssid: 'HomeRouter', signalDbm: Math.min(o.signalDbm!, -66) })));
    engine.refreshHotspots();
    expect(engine.state.discovered).toEqual([]);
    expect(engine.explainCell(...Object.values(at(spot, 15, 0)) as [number, number]).evidence.samples).toBe(0);
  });

  it('when one reading says −20 dBm 500 m from every hotspot, then it is held back; a plausible −80 dBm there counts', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const far = at(centre, -500, -400);
    engine.addObservation({ ...far, accuracyM: 5, time: NOW, signalDbm: -20, deviceKey: 'liar' });
    expect(engine.explainCell(far.lon, far.lat)).toMatchObject({ covered: false, evidence: { samples: 0 } });
    engine.addObservation({ ...far, accuracyM: 5, time: NOW, signalDbm: -80, deviceKey: 'honest' });
    expect(engine.explainCell(far.lon, far.lat).evidence.samples).toBe(1);
  });

  it('when two devices say "nothing heard" where four others hear an AP well, cell after cell, then they are distrusted and their readings weigh a hundredth', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const spots = Array.from({ length: 8 }, (_, k) => at(centre, 20 + 25 * (k % 4), 25 * Math.floor(k / 4)));
    const honest = ['a', 'b', 'c', 'd'].flatMap((deviceKey) => spots.map((p) => ({ ...p, accuracyM: 5, time: NOW, signalDbm: -62, deviceKey })));
    // Two liars: one phone's "nothing heard" 20 dB under a usable prediction is held back until another phone's comes.
    const liars = ['liar', 'liar2'].flatMap((deviceKey) => spots.map((p) => ({ ...p, accuracyM: 5, time: NOW, signalDbm: null, deviceKey })));
    engine.addObservations([...honest, ...liars]);
    const before = engine.explainCell(spots[0].lon, spots[0].lat).fusedDbm!;
    engine.refreshHotspots(); // found out: their readings from now on weigh a hundredth…
    expect(engine.statistics().hotspots.distrustedDevices).toBe(2);
    expect(engine.settling).toBe(true);
    for (let k = 0; k < 5 && engine.settling; k++) engine.refreshHotspots(); // …and their earlier ones once the stream pauses
    const after = engine.explainCell(spots[0].lon, spots[0].lat).fusedDbm!;
    expect(after).toBeGreaterThan(before + 4); // the second liar's −95 dB no longer drags the cell down
    expect(after).toBeGreaterThan(-64);
  });

  it('when one device contradicts the others in a quarter of the cells they share and agrees elsewhere, then it is distrusted; one that does in one cell of twenty is not', () => {
    // A liar hiding where it lies: 30 cells as everyone hears them, 10 where it claims the opposite (until 2026-12-05
    // a phone had to contradict the others in two of every three cells it shared).
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const spots = Array.from({ length: 100 }, (_, k) => at(centre, 20 + 25 * (k % 10), 20 + 25 * Math.floor(k / 10)));
    const reading = (p: { lon: number; lat: number }, signalDbm: number | null, deviceKey: string) => ({ ...p, accuracyM: 5, time: NOW, signalDbm, deviceKey });
    const honest = ['a', 'b', 'c', 'd'].flatMap((deviceKey) => spots.map((p) => reading(p, -62, deviceKey)));
    const liar = spots.slice(0, 40).map((p, k) => reading(p, k % 4 === 0 ? null : -62, 'liar'));
    const unlucky = spots.map((p, k) => reading(p, k % 20 === 0 ? null : -62, 'unlucky')); // 5 of 100: chance
    engine.addObservations([...honest, ...liar, ...unlucky]);
    engine.refreshHotspots();
    expect(engine.statistics().hotspots.distrustedDevices).toBe(1);
    // The liar's "nothing heard" no longer drags its cells down; the unlucky phone's still counts as a voice.
    const liedAt = spots[0], unluckyAt = spots[20];
    expect(engine.explainCell(liedAt.lon, liedAt.lat).fusedDbm!).toBeGreaterThan(engine.explainCell(unluckyAt.lon, unluckyAt.lat).fusedDbm! + 4);
  });

  it('when a distrusted phone sends twenty readings into a cell, then together they weigh a hundredth of a phone, not a whole one', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const spots = Array.from({ length: 8 }, (_, k) => at(centre, 20 + 25 * (k % 4), 25 * Math.floor(k / 4)));
    const honest = ['a', 'b', 'c', 'd'].flatMap((deviceKey) => spots.map((p) => ({ ...p, accuracyM: 5, time: NOW, signalDbm: -62, deviceKey })));
    const liar = spots.flatMap((p) => Array.from({ length: 20 }, () => ({ ...p, accuracyM: 5, time: NOW, signalDbm: null, deviceKey: 'liar' })));
    engine.addObservations([...honest, ...liar]);
    for (let k = 0; k < 5 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
    expect(engine.statistics().hotspots.distrustedDevices).toBe(1);
    // Four phones at −62 and a hundredth of one at −95: −62.1 (a whole liar's phone would make it −68.6).
    expect(engine.explainCell(spots[0].lon, spots[0].lat).fusedDbm!).toBeGreaterThan(-63.5);
  });

  it('when a phone\'s loud readings far from every hotspot are held back, then they still count against it where others heard nothing, and its plausible lies weigh a hundredth', () => {
    // Judged on the evidence the map uses, readings the physics check held back never met the others: a phone could
    // post −30 dBm in ten cells where four phones hear nothing and stay trusted, and its "nothing heard" beside a
    // hotspot everyone hears weighed a whole phone.
    const farSpots = Array.from({ length: 10 }, (_, k) => at(centre, -600 + 30 * k, -400));
    const nearSpots = Array.from({ length: 3 }, (_, k) => at(centre, 20 + 25 * k, 0));
    const reading = (p: { lon: number; lat: number }, signalDbm: number | null, deviceKey: string) => ({ ...p, accuracyM: 5, time: NOW, signalDbm, deviceKey });
    const honest = ['a', 'b', 'c', 'd'].flatMap((deviceKey) => [...farSpots.map((p) => reading(p, null, deviceKey)), ...nearSpots.map((p) => reading(p, -62, deviceKey))]);
    const shouted = farSpots.map((p) => reading(p, -30, 'liar')), hidden = nearSpots.map((p) => reading(p, null, 'liar'));
    const settled = (readings: ObservationInput[]) => {
      const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
      engine.addObservations(readings);
      for (let k = 0; k < 5 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
      return engine;
    };
    const engine = settled([...honest, ...shouted, ...hidden]), without = settled([...honest, ...shouted]);
    expect(engine.explainCell(farSpots[0].lon, farSpots[0].lat).fusedDbm!).toBeLessThan(-90); // held back, as before
    expect(engine.statistics().hotspots.distrustedDevices).toBe(1);
    // A hundredth of a phone at −95 beside four at −62 moves the cell 0.1 dB (a whole phone, 6 dB).
    const fused = (e: typeof engine) => e.explainCell(nearSpots[1].lon, nearSpots[1].lat).fusedDbm!;
    expect(fused(engine)).toBeGreaterThan(fused(without) - 0.5);
  });

  it('when the same readings with liars among them arrive in batches with refreshes between, or all at once, then the same phones are distrusted and the settled map is the same', () => {
    // Whom to distrust was judged on evidence read under the models and the distrust of the moment: the same
    // 50,000 simulated readings ended with one liar distrusted or none depending on when the timer ran.
    const spots = Array.from({ length: 24 }, (_, k) => at(centre, 15 + 25 * (k % 6), -40 + 25 * Math.floor(k / 6)));
    const reading = (p: { lon: number; lat: number }, signalDbm: number | null, deviceKey: string, bssid: string | null = null) => ({ ...p, accuracyM: 5, time: NOW, signalDbm, deviceKey, ssid: bssid ? SSID : null, bssid });
    const named = around(centre, 'aa:00:00:00:00:01', ['a', 'b', 'c', 'd']);
    const honest = ['e', 'f', 'g'].flatMap((deviceKey) => spots.map((p, k) => reading(p, -58 - (k % 5), deviceKey)));
    const hiding = spots.map((p, k) => reading(p, k % 3 === 0 ? null : -60, 'hiding'));
    const shouting = Array.from({ length: 8 }, (_, k) => reading(at(centre, -500 + 30 * k, -300), -32, 'shouting', 'ee:00:00:00:00:09'));
    const silentThere = ['e', 'f', 'g'].flatMap((deviceKey) => Array.from({ length: 8 }, (_, k) => reading(at(centre, -500 + 30 * k, -300), null, deviceKey)));
    const all = [...named, ...honest, ...hiding, ...shouting, ...silentThere];
    const settle = (engine: ReturnType<typeof createCoverageEngine>) => { for (let k = 0; k < 8 && (k < 2 || engine.settling); k++) engine.refreshHotspots(); };
    const atOnce = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    atOnce.addObservations(all);
    settle(atOnce);
    const streamed = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    for (let k = 0; k < all.length; k += 7) {
      streamed.applyObservationBatch(all.slice(k, k + 7));
      streamed.refreshHotspots(); // the server's timer, between batches
    }
    settle(streamed);
    expect(atOnce.statistics().hotspots.distrustedDevices).toBe(2);
    expect(streamed.statistics().hotspots.distrustedDevices).toBe(2);
    let differ = 0;
    for (let cell = 0; cell < atOnce.state.grid.cellCount; cell++) if (Math.abs(atOnce.state.fused[cell] - streamed.state.fused[cell]) > 1e-6) differ++;
    expect(differ).toBe(0);
  });

  it('when two phones the others contradict name a silent AP beside it, then they do not keep it up: it is probably down', () => {
    // Two liars naming a dead AP's BSSID at full strength where three phones hear nothing free (two namers beside
    // it used to mean "up", whatever else they had said).
    const steps = [-37.5, -12.5, 12.5, 37.5]; // m: a 4 × 4 block of 25 m cells around it, far corners left out
    const spots = steps.flatMap((east) => steps.map((north) => ({ east, north }))).filter(({ east, north }) => Math.hypot(east, north) < 50);
    const silent = ['p', 'q', 'r'].flatMap((deviceKey) => spots.map((s) => ({ ...at(centre, s.east, s.north), accuracyM: 5, time: NOW - DAY_MS, signalDbm: null, deviceKey })));
    const liars = ['l1', 'l2'].flatMap((deviceKey) => spots.map((s) => ({ ...at(centre, s.east, s.north), accuracyM: 5, time: NOW - DAY_MS, signalDbm: Math.round(-20 - 28 * Math.log10(Math.hypot(s.east, s.north))), ssid: SSID, bssid: 'aa:00:00:00:00:01', deviceKey })));
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations([...silent, ...liars]);
    for (let k = 0; k < 6 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
    expect(engine.statistics().hotspots.distrustedDevices).toBe(2);
    expect(engine.assessmentOf(1)).toMatchObject({ probablyDown: true, nearby: { heard: 0 } });
    expect(engine.assessmentOf(1).fitted).toBeNull(); // nor do their readings calibrate it
  });

  it('when readings stream in with refreshes between them, then the settled map is the one a full recompute of the same readings gives', () => {
    // The AP stands 150 m east of its listing: its loud readings are implausible until the fit moves it there.
    const truly = [centre[0] + 150 * M_LON, centre[1]] as const;
    const readings = around(truly, 'aa:00:00:00:00:01', ['s', 't', 'u', 'v', 'w'], -20);
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    for (let k = 0; k < readings.length; k += 6) {
      engine.addObservations(readings.slice(k, k + 6));
      engine.refreshHotspots(); // the server's timer, between batches
    }
    for (let k = 0; k < 10 && engine.settling; k++) engine.refreshHotspots(); // the stream paused
    expect(engine.settling).toBe(false);
    expect(engine.assessmentOf(1).movedM).toBeGreaterThan(100);
    const settled = engine.state.fused.slice();
    engine.recompute();
    let differ = 0;
    for (let cell = 0; cell < settled.length; cell++) if (Math.abs(settled[cell] - engine.state.fused[cell]) > 1e-9) differ++;
    expect(differ).toBe(0);
    expect(engine.explainCell(...Object.values(at(truly, 10, 0)) as [number, number]).evidence.samples).toBeGreaterThan(0); // its readings count
  });

  it('when readings of an unknown BSSID stream in, then after each refresh planners see what a fresh engine with the same readings shows: a third phone, a phone found lying, the clock moving', () => {
    // A discovery is placed once per change of its readings (a refresh costs what changed): the cache must never
    // keep a placement the readings, whom to distrust or the clock have moved on from.
    const spot: [number, number] = [centre[0] - 700 * M_LON, centre[1] + 500 * M_LAT];
    const bssid = 'bb:00:00:00:00:07';
    const spots = Array.from({ length: 8 }, (_, k) => at(centre, 20 + 25 * (k % 4), 25 * Math.floor(k / 4)));
    const lies = spots.map((p) => ({ ...p, accuracyM: 5, time: NOW, signalDbm: null, deviceKey: 'x' })); // 'x' says "nothing" where four hear −62
    const batches: ObservationInput[][] = [
      around(spot, bssid, ['x', 'y']), // two phones: a suggestion
      around(spot, bssid, ['z']), // a third: on the public map
      [...['a', 'b', 'c', 'd'].flatMap((deviceKey) => spots.map((p) => ({ ...p, accuracyM: 5, time: NOW, signalDbm: -62, deviceKey }))), ...lies], // 'x' found lying: two phones again
    ];
    const settle = (e: CoverageEngine) => { for (let k = 0; k < 10 && (k === 0 || e.settling); k++) e.refreshHotspots(); };
    const fresh = (readings: ObservationInput[], now: number) => {
      const e = createCoverageEngine({ boundary: area, accessPoints: aps, now });
      e.addObservations(readings);
      settle(e);
      return e.discoveries();
    };
    const streamed = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    const seen: ObservationInput[] = [], steps: unknown[] = [];
    for (const batch of batches) {
      streamed.addObservations(batch);
      seen.push(...batch);
      settle(streamed);
      expect(streamed.discoveries()).toEqual(fresh(seen, NOW));
      steps.push(streamed.discoveries().map((d) => [d.devices, d.onPublicMap]));
    }
    expect(steps).toEqual([[[2, false]], [[3, true]], [[2, false]]]); // the three steps did happen
    const aged = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW }); // no liar: whom to distrust stays the same
    aged.addObservations(batches[0]);
    settle(aged);
    expect(aged.discoveries()).toHaveLength(1);
    aged.setNow(NOW + 366 * DAY_MS); // every reading has left the year's window
    settle(aged);
    expect(aged.discoveries()).toEqual([]);
  });

  it('when one AP is edited, then no cell outside its reach changes', () => {
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW });
    engine.addObservations([...around(centre, 'aa:00:00:00:00:01', ['x', 'y', 'z'], -25), ...around(aps[1].position, 'aa:00:00:00:00:02', ['x', 'y', 'z'], -40)]);
    while (engine.settling) engine.refreshHotspots(); // the stream paused: every fit caught up
    const fused = engine.state.fused.slice(), p = engine.state.pUsable.slice();
    engine.setAccessPoints([aps[0], { ...aps[1], eirpDbm: 27 }]);
    const x2 = engine.state.grid.projection.x(aps[1].position[0]), y2 = engine.state.grid.projection.y(aps[1].position[1]);
    let changed = 0;
    for (let cell = 0; cell < engine.state.grid.cellCount; cell++) {
      if (!engine.state.inside[cell] || (fused[cell] === engine.state.fused[cell] && p[cell] === engine.state.pUsable[cell])) continue;
      changed++;
      const d = Math.hypot(engine.state.grid.colCentreX(engine.state.grid.col(cell)) - x2, engine.state.grid.rowCentreY(engine.state.grid.row(cell)) - y2);
      expect(d).toBeLessThan(engine.reachOf(2, engine.state.options.thresholdsDbm.poor) + 100); // its disc, its readings and their pooling
    }
    expect(changed).toBeGreaterThan(0);
  });
});
