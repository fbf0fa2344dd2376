// A survey scan (a WiGLE row per network heard) is not a phone's "loudest network" reading: only the loudest
// free network of a scan is the level of free Wi-Fi where it was taken. The quieter rows still name their own
// hotspot (heard, fitted) but must neither pull the place's level down, nor make the surveyor look like a liar,
// nor count as "this other hotspot was weaker than me".
import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type ObservationInput } from '../../../server/domain/coverage/index';
import { DAY_MS, NOW, smallArea } from './helpers';

const area = smallArea();
const SSID = 'Kitchener-Free';
const centre: [number, number] = [-80.49, 43.45];
const M_LON = 1 / 80_800, M_LAT = 1 / 111_195; // degrees per metre at 43.45° N
const at = (east: number, north: number) => ({ lon: centre[0] + east * M_LON, lat: centre[1] + north * M_LAT });
const A = 'aa:00:00:00:00:01', B = 'aa:00:00:00:00:02';
const aps = [
  { id: 1, position: [at(0, 0).lon, at(0, 0).lat] as const, indoor: false, environment: 'urban' as const, ssid: SSID, bssids: [A] },
  { id: 2, position: [at(150, 0).lon, at(150, 0).lat] as const, indoor: false, environment: 'urban' as const, ssid: SSID, bssids: [B] },
];

/** Six scans 10–60 m west of A: A heard loud, B (further east) quieter, though not so much quieter that the surveyor looks like a liar; one row per network, as WiGLE writes them. */
function survey(withScanKeys: boolean): { loud: ObservationInput[]; quiet: ObservationInput[] } {
  const loud: ObservationInput[] = [], quiet: ObservationInput[] = [];
  for (let k = 0; k < 6; k++) {
    const place = at(-10 - 10 * k, 5), time = NOW - DAY_MS + k * 1000, scan = withScanKeys ? `survey-1|${time}` : null;
    const row = { ...place, accuracyM: 5, time, ssid: SSID, deviceKey: 'volunteer', scan };
    loud.push({ ...row, bssid: A, signalDbm: -52 - 2 * k });
    quiet.push({ ...row, bssid: B, signalDbm: -68 - k });
  }
  return { loud, quiet };
}

/** App readings by three phones where the survey went, of the free SSID (no BSSID given: no hotspot is refitted from them). */
const phones: ObservationInput[] = ['p', 'q', 'r'].flatMap((deviceKey, d) =>
  [0, 1, 2, 3, 4, 5].map((k) => ({ ...at(-12 - 10 * k, 3 + d), accuracyM: 5, time: NOW - 2 * DAY_MS, signalDbm: -54 - 2 * k, ssid: SSID, bssid: null, deviceKey })));

const settle = (engine: ReturnType<typeof createCoverageEngine>) => {
  for (let k = 0; k < 10 && (k < 1 || engine.settling); k++) engine.refreshHotspots();
};
const fusedOf = (engine: ReturnType<typeof createCoverageEngine>) => Array.from(engine.state.fused);

describe('survey scans', () => {
  it('when a scan lists a quieter free network beside a loud one, then the map is as if only the loud one had been read', () => {
    const { loud, quiet } = survey(true);
    const onlyLoud = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: [...phones, ...loud] });
    const scans = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: [...phones, ...loud.flatMap((l, k) => [l, quiet[k]])] });
    settle(onlyLoud);
    settle(scans);
    expect(fusedOf(scans)).toEqual(fusedOf(onlyLoud));
    // The same rows taken as loudest-only readings drag the level down where the survey went.
    const naive = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: [...phones, ...survey(false).loud.flatMap((l, k) => [l, survey(false).quiet[k]])] });
    settle(naive);
    const cell = at(-30, 5);
    expect(naive.explainCell(cell.lon, cell.lat).fusedDbm!).toBeLessThan(scans.explainCell(cell.lon, cell.lat).fusedDbm! - 1);
  });

  it('when a scan arrives in two batches with its loudest row last, then once settled the map is the same as from one batch', () => {
    const { loud, quiet } = survey(true);
    const whole = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: phones });
    whole.applyObservationBatch(loud.flatMap((l, k) => [l, quiet[k]]));
    settle(whole);
    const split = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: phones });
    split.applyObservationBatch(quiet); // every scan's quiet row first: each is its scan's loudest so far
    split.applyObservationBatch(loud); // then the loud rows outshout them
    expect(split.settling).toBe(true);
    settle(split);
    expect(fusedOf(split)).toEqual(fusedOf(whole));
    // One reading at a time, too.
    const single = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: phones });
    for (let k = 0; k < loud.length; k++) { single.addObservation(quiet[k]); single.addObservation(loud[k]); }
    settle(single);
    expect(fusedOf(single)).toEqual(fusedOf(whole));
  });

  it('when a scan names a quieter hotspot, then that row still counts as hearing it, and is no bound on any other hotspot', () => {
    const { loud, quiet } = survey(true);
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: loud.flatMap((l, k) => [l, quiet[k]]) });
    settle(engine);
    expect(engine.assessmentOf(1).probablyDown).toBe(false);
    expect(engine.assessmentOf(2).probablyDown).toBe(false);
    // B's assessment looks near B (150 m east): the survey is far from it. A's: the quiet rows naming B are no bound on A.
    const nearA = engine.assessmentOf(1).nearby;
    if (nearA) expect(nearA.othersHeard).toBe(0);
    const naive = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: survey(false).loud.flatMap((l, k) => [l, survey(false).quiet[k]]) });
    settle(naive);
    expect(naive.assessmentOf(1).nearby?.othersHeard ?? 0).toBeGreaterThan(0);
  });
});
