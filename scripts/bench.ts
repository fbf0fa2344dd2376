// Seeded benchmark whose output is the README's performance table.
//
//   npm run bench                      every section
//   npm run bench -- coverage          every coverage.* section
//   npm run bench -- coverage.turf coverage.whatif
//   npm run bench -- coverage --markdown scripts/bench-results/coverage.md   also write the table to a file
//
// Sections are entries of SECTIONS: name → function returning table rows. Add new ones (WiGLE import, HTTP)
// the same way. Medians after a warm-up; ratios measured side by side in one run mean more than absolute
// times on a shared machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { area, buffer, difference, featureCollection, point, union } from '@turf/turf';
import { createCoverageEngine, mulberry32, gaussian, linkModel, predictDbm, type AccessPointInput, type CoverageEngine, type ObservationInput, type PlaceInput } from '../server/domain/coverage/index';
import { stampAll } from '../server/domain/coverage/stamp'; // internal stages, timed on their own for comparison
import { wigleImportBench } from './bench/wigle'; // the "wigle" section: 100,000 generated rows imported
import { postgisGaps } from './bench/postgis'; // the second yardstick for gaps, where PostgreSQL + PostGIS are installed
import { httpIngestBench, httpWigleBench } from './bench/http-ingest'; // "http.*": the real server over loopback, against a minimal batch endpoint
import { DAY_MS } from '../server/domain/time';

const SEED = 20261127; // every random choice below flows from this
const NOW = Date.UTC(2026, 10, 27); // fixed clock: evidence ages are the same on every run
const TURF_BUFFER_STEPS = 16; // segments per quarter circle: a 64-gon, 0.16 % short of the circle's area (Turf's default 8 is 0.64 %)

interface Row {
  benchmark: string;
  size: string;
  median: string;
  runs: string;
  notes: string;
}

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────────

const readData = (name: string) => JSON.parse(readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8')) as GeoJSON.FeatureCollection;
const boundary = readData('kitchener-boundary.geojson').features[0].geometry as GeoJSON.Polygon;
const wards = readData('kitchener-wards.geojson').features.map((f) => ({ id: String(f.properties!.id), name: f.properties!.name, geometry: f.geometry as GeoJSON.Polygon }));
const places: PlaceInput[] = [...readData('places.geojson').features, ...readData('transit-stops.geojson').features].map((f) => ({
  id: f.properties!.seedId,
  kind: f.properties!.kind,
  demand: f.properties!.demand ?? 1,
  position: (f.geometry as GeoJSON.Point).coordinates as [number, number],
}));
const probe = createCoverageEngine({ boundary, now: NOW }); // the grid and city mask, for placing things

/** A seeded random position inside the city. */
function cityPosition(random: () => number): [number, number] {
  const [w, s, e, n] = probe.state.grid.bbox();
  for (;;) {
    const lon = w + (e - w) * random(), lat = s + (n - s) * random();
    const cell = probe.state.grid.cellAt(lon, lat);
    if (cell >= 0 && probe.state.inside[cell]) return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
  }
}

/** `count` access points inside the city: half indoor, a quarter in open parks, EIRP 14–22 dBm. */
function accessPoints(count: number, seed = SEED): AccessPointInput[] {
  const random = mulberry32(seed + count);
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    position: cityPosition(random),
    indoor: random() < 0.5,
    environment: random() < 0.25 ? 'open' : 'urban',
    eirpDbm: 14 + Math.round(8 * random()),
  }));
}

/**
 * Simulated observations (marked as such by their device keys "sim-…"): 70 % within 250 m of a random AP at
 * the model's level ± 6 dB and matched to it; 30 % anywhere in the city hearing nothing. Accuracy 5–50 m for
 * 85 %, 50–150 m for 12 % (spread), 150–300 m for 3 % (dropped). Ages up to 400 days. 5,000 devices.
 */
function observations(count: number, aps: AccessPointInput[], seed = SEED): ObservationInput[] {
  const random = mulberry32(seed ^ count);
  const degPerM = 1 / 111_195, cosLat = Math.cos((43.43 * Math.PI) / 180);
  const models = aps.map((ap) => linkModel(ap));
  const out: ObservationInput[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (i % 100_000 === 0) sampleRss();
    const u = random();
    const accuracyM = u < 0.85 ? 5 + 45 * random() : u < 0.97 ? 50 + 100 * random() : 150 + 150 * random();
    const time = NOW - 400 * DAY_MS * random();
    const deviceKey = `sim-${Math.floor(random() * 5000)}`;
    if (random() < 0.7) {
      const k = Math.floor(random() * aps.length), d = 250 * Math.sqrt(random()), angle = 2 * Math.PI * random();
      const dbm = predictDbm(models[k], d) + 6 * gaussian(random);
      const [lon, lat] = aps[k].position;
      out[i] = { lon: lon + (d * Math.cos(angle) * degPerM) / cosLat, lat: lat + d * Math.sin(angle) * degPerM, accuracyM, time, deviceKey, signalDbm: dbm >= -95 ? Math.round(dbm) : null, accessPointId: dbm >= -95 ? aps[k].id : null };
    } else {
      const [lon, lat] = cityPosition(random);
      out[i] = { lon, lat, accuracyM, time, deviceKey, signalDbm: null };
    }
  }
  return out;
}

// ── Measuring ───────────────────────────────────────────────────────────────────────────────────

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void; // between sections, so one section's garbage is not timed in the next

let peakRss = 0;
function sampleRss(): number {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
  return rss;
}

/** Median wall time of `runs` calls after `warmup` untimed ones, ms. */
function time(fn: () => void, runs: number, warmup = 1): { median: number; all: number[] } {
  for (let i = 0; i < warmup; i++) fn();
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    all.push(performance.now() - t0);
    sampleRss();
  }
  return { median: median(all), all };
}

const median = (xs: number[]) => percentile(xs, 0.5);
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : v >= 1 ? `${v.toFixed(1)} ms` : `${(v * 1000).toFixed(0)} µs`);
const count = (n: number) => n.toLocaleString('en-US');
/** "**N× faster**" for the recompute against a yardstick's time, or the yardstick's lead when it is the faster. */
const faster = (yardstickMs: number, ourMs: number) => {
  const r = yardstickMs / ourMs, x = (v: number) => (v >= 10 ? Math.round(v).toString() : v.toFixed(1));
  return r >= 1 ? `recompute **${x(r)}× faster**` : `recompute **${x(1 / r)}× slower**`;
};

/** The 2,000-AP, 1M-observation city, built once and shared by the sections that need it. */
let bigCity: { engine: CoverageEngine; aps: AccessPointInput[]; buildMs: number; peakRss: number } | null = null;
function big() {
  if (bigCity) return bigCity;
  const aps = accessPoints(2000);
  const { engine, buildMs } = (() => { // the observation objects go out of scope here: the engine keeps its own compact copy
    const obs = observations(1_000_000, aps);
    sampleRss();
    const t0 = performance.now();
    const built = createCoverageEngine({ boundary, wards, places, accessPoints: aps, observations: obs, now: NOW });
    sampleRss();
    return { engine: built, buildMs: performance.now() - t0 };
  })();
  collectGarbage();
  return (bigCity = { engine, aps, buildMs, peakRss });
}

// ── Sections ────────────────────────────────────────────────────────────────────────────────────

const SECTIONS: Record<string, () => Row[] | Promise<Row[]>> = {
  'coverage.recompute': () => {
    const rows: Row[] = [];
    const engine = createCoverageEngine({ boundary, wards, places, now: NOW });
    for (const n of [200, 1000, 5000]) {
      const aps = accessPoints(n);
      const t = time(() => engine.setAccessPoints(aps), 9, 5); // warm: the first calls run before TurboFan has optimised the loops
      const s = engine.statistics();
      rows.push({ benchmark: 'full recompute (stamp, fuse, gaps, stats; wards, places)', size: `${count(n)} APs`, median: ms(t.median), runs: '9', notes: `covered ${(100 * s.city.coveredShare).toFixed(1)} %, ${count(s.gaps.count)} gaps (ward × 1 km)` });
    }
    const { engine: city } = big();
    const t = time(() => city.recompute(), 3);
    rows.push({ benchmark: 'full recompute incl. evidence and calibration', size: '2,000 APs + 1M obs.', median: ms(t.median), runs: '3', notes: `target ≤ 1 s; ${city.state.calibrations.size} APs calibrated` });
    const moved = time(() => city.setNow(NOW), 3); // the server's daily clock move: every reading's age and weight again
    rows.push({ benchmark: '… after the clock moved (ages, and whom to distrust judged again from every reading)', size: '2,000 APs + 1M obs.', median: ms(moved.median), runs: '3', notes: 'once a day on the server' });
    return rows;
  },

  'coverage.ingest': () => {
    const rows: Row[] = [];
    const aps = accessPoints(2000);
    const engine = createCoverageEngine({ boundary, wards, places, accessPoints: aps, now: NOW });
    for (const n of [10_000, 100_000, 1_000_000]) {
      const obs = observations(n, aps, SEED + 1);
      sampleRss();
      const runs = n >= 1_000_000 ? 2 : 3, all: number[] = [];
      for (let r = -1; r < runs; r++) { // run -1 is the warm-up
        engine.setEvidence({});
        const t0 = performance.now();
        engine.addObservations(obs); // a batch this big applies as one rebuild of cells, classes, gaps and stats
        if (r >= 0) all.push(performance.now() - t0);
        sampleRss();
      }
      rows.push({ benchmark: 'observation ingest into cells (check, project, log, cells, gaps, stats)', size: `${count(n)} obs.`, median: ms(median(all)), runs: String(runs), notes: `${((median(all) * 1e6) / n).toFixed(0)} ns per observation; ${count(engine.state.ledger.entries)} (cell, device) entries` });
    }
    engine.setEvidence({});
    return rows;
  },

  'coverage.incremental': () => {
    const { engine } = big();
    const random = mulberry32(SEED + 7);
    const samples = Array.from({ length: 1200 }, (_, i): ObservationInput => {
      const [lon, lat] = cityPosition(random);
      return { lon, lat, accuracyM: 10 + 30 * random(), time: NOW, signalDbm: random() < 0.5 ? null : Math.round(-85 + 40 * random()), deviceKey: `bench-${i % 40}` };
    });
    const reflected: number[] = [], traced: number[] = [];
    let flips = 0;
    samples.forEach((o, i) => {
      const version = engine.state.gapIndex.version;
      const t0 = performance.now();
      engine.addObservation(o);
      engine.gaps();
      engine.statistics();
      const t1 = performance.now();
      const cell = engine.state.grid.cellAt(o.lon!, o.lat!);
      const gapId = engine.explainCell(o.lon!, o.lat!).gapId;
      const t2 = performance.now();
      if (gapId !== null && engine.state.gapIndex.label[cell] >= 0) engine.gapGeometry(gapId);
      const t3 = performance.now();
      if (i >= 200) { // the first 200 are the warm-up
        reflected.push(t1 - t0);
        traced.push(t3 - t2);
        if (engine.state.gapIndex.version !== version) flips++;
      }
    });
    return [
      { benchmark: 'one new observation → cells + gaps + stats', size: '2,000 APs + 1M obs.', median: ms(median(reflected)), runs: '1,000', notes: `p95 ${ms(percentile(reflected, 0.95))}, max ${ms(Math.max(...reflected))}; target ≤ 5 ms; ${flips} changed a gap` },
      { benchmark: '… then re-trace the outline of its gap', size: '', median: ms(median(traced)), runs: '1,000', notes: `p95 ${ms(percentile(traced, 0.95))} (cached unless the gap changed)` },
    ];
  },

  'coverage.refresh': () => {
    // The hotspot refit the server runs at most once a second while readings arrive: fits of the APs that got
    // readings, "probably down", discoveries, distrusted devices, and a restamp when a model moved.
    const { engine, aps } = big();
    const random = mulberry32(SEED + 11);
    const rounds: number[] = [];
    const readings = (deviceKey: string) => Array.from({ length: 1000 }, (): ObservationInput => {
      const ap = aps[Math.floor(random() * aps.length)], d = 5 + 120 * random(), angle = 2 * Math.PI * random();
      const lon = ap.position[0] + (d * Math.cos(angle)) / 80_800, lat = ap.position[1] + (d * Math.sin(angle)) / 111_195;
      return { lon, lat, accuracyM: 10, time: NOW, signalDbm: Math.round(-30 - 28 * Math.log10(d) + 4 * gaussian(random)), deviceKey, accessPointId: ap.id };
    });
    for (let round = 0; round < 6; round++) {
      engine.addObservations(readings(`refresh-${round}`));
      const t0 = performance.now();
      engine.refreshHotspots();
      if (round > 0) rounds.push(performance.now() - t0); // round 0 warms up
    }
    // Once readings pause, the refresh after a refit reads all evidence again against the settled fits, and tallies
    // every reading against the settled predictions (phones alone with loud readings): what a pause costs.
    // The fits' catch-up takes several bounded refreshes first; the re-read is the longest of them.
    const rereads: number[] = [], passes: number[] = [];
    for (let round = 0; round < 3; round++) {
      engine.addObservations(readings(`pause-${round}`));
      engine.refreshHotspots(); // the refit, as readings arrive
      const each: number[] = [];
      for (let k = 0; k < 40 && engine.settling; k++) {
        const t0 = performance.now();
        engine.refreshHotspots(); // then the server's timer until settled
        each.push(performance.now() - t0);
      }
      rereads.push(Math.max(...each));
      passes.push(each.length);
    }
    // The first refresh after the daily clock move judges whom to distrust again from every reading, re-weighed.
    const afterMove: number[] = [];
    for (let k = 0; k < 3; k++) {
      engine.setNow(NOW);
      const t0 = performance.now();
      engine.refreshHotspots();
      afterMove.push(performance.now() - t0);
    }
    return [
      { benchmark: 'hotspot refresh after 1,000 new readings (refit, down, discover, trust, restamp)', size: '2,000 APs + 1M obs.', median: ms(median(rounds)), runs: '5', notes: `at most once a second on the server; max ${ms(Math.max(...rounds))}` },
      { benchmark: '… the first refresh after the clock moved (whom to distrust, from every reading re-weighed)', size: '2,000 APs + 1M obs.', median: ms(median(afterMove)), runs: '3', notes: 'once a day on the server' },
      { benchmark: '… the re-read once readings pause (all evidence against the settled fits, the loud-reading tally)', size: '2,000 APs + 1M obs.', median: ms(median(rereads)), runs: '3', notes: `the longest of ${passes.join(', ')} refreshes until settled (the fits catch up first, bounded)` },
    ];
  },

  'coverage.discover-flood': () => {
    // Two phones naming thousands of made-up BSSIDs on the City's SSID, 4 readings each: every one is a suggestion to
    // place. A refresh after one new reading elsewhere, next to the same world without them (the yardstick).
    const aps = accessPoints(200).map((ap) => ({ ...ap, ssid: 'KitchenerWiFi' }));
    const random = mulberry32(SEED + 13);
    const madeUp = (count: number): ObservationInput[] => Array.from({ length: count }, (_, b) => {
      const [lon, lat] = cityPosition(random), bssid = `02:00:${[b >> 16, b >> 8, b].map((v) => (v & 255).toString(16).padStart(2, '0')).join(':')}:01`;
      return Array.from({ length: 4 }, (__, k): ObservationInput => ({ lon: lon + 0.0002 * random(), lat: lat + 0.0002 * random(), accuracyM: 10, time: NOW, signalDbm: -60, deviceKey: `flood-${k % 2}`, ssid: 'KitchenerWiFi', bssid }));
    }).flat();
    const refreshMs = (count: number, listings = aps) => {
      const engine = createCoverageEngine({ boundary, wards, places, accessPoints: listings, now: NOW });
      engine.addObservations(madeUp(count));
      engine.refreshHotspots(); // places them all once
      const t = time(() => {
        const [lon, lat] = cityPosition(random);
        engine.addObservations([{ lon, lat, accuracyM: 10, time: NOW, signalDbm: -70, deviceKey: 'walker', ssid: 'KitchenerWiFi' }]);
        engine.refreshHotspots();
      }, 9, 2);
      const list = time(() => engine.discoveries(), 9, 2); // what GET /discoveries answers: each find with the listing beside it
      return { median: t.median, suggested: engine.discoveries().length, listMs: list.median };
    };
    const none = refreshMs(0), flood = refreshMs(5000);
    const big = refreshMs(5000, accessPoints(2000).map((ap) => ({ ...ap, ssid: 'KitchenerWiFi' })));
    return [
      { benchmark: 'hotspot refresh after one reading, no made-up BSSIDs (yardstick)', size: '200 APs', median: ms(none.median), runs: '9', notes: '' },
      { benchmark: '… with 5,000 made-up BSSIDs two phones named 4 times each', size: '200 APs + 20,000 obs.', median: ms(flood.median), runs: '9', notes: `${count(flood.suggested)} suggested; ${(flood.median / none.median).toFixed(1)}× the yardstick (each placed once per change of its readings)` },
      { benchmark: '… the suggestions planners list (GET /discoveries: each with the listing beside it)', size: '200 APs + 20,000 obs.', median: ms(flood.listMs), runs: '9', notes: `${count(flood.suggested)} suggestions; ${(flood.listMs / none.median).toFixed(1)}× the yardstick refresh` },
      { benchmark: '… the same with 2,000 APs', size: '2,000 APs + 20,000 obs.', median: ms(big.listMs), runs: '9', notes: `${count(big.suggested)} suggestions; refresh ${ms(big.median)}` },
    ];
  },

  'coverage.spoof-stream': () => {
    // Three phones name one made-up BSSID loudly in two places 1.5 km apart (heard apart: its readings are refuted),
    // then one of them keeps sending it, a reading per refresh. A refresh after each, next to the same world where
    // the reading names no BSSID (the yardstick): refuted readings must not cost a re-read of all evidence each time.
    const aps = accessPoints(200).map((ap) => ({ ...ap, ssid: 'KitchenerWiFi' }));
    const random = mulberry32(SEED + 17);
    const a = cityPosition(random);
    const farApart = (): [number, number] => [a[0] + 0.02, a[1]]; // ~1.6 km east of a
    const spot = (p: [number, number], k: number): ObservationInput => ({ lon: p[0] + 0.0001 * Math.cos(k), lat: p[1] + 0.0001 * Math.sin(k), accuracyM: 10, time: NOW, signalDbm: -45, deviceKey: `spoof-${k % 3}`, ssid: 'KitchenerWiFi', bssid: '02:5b:00:00:00:01' });
    const refreshMs = (spoofing: boolean) => {
      const engine = createCoverageEngine({ boundary, wards, places, accessPoints: aps, observations: observations(200_000, aps, SEED + 17), now: NOW });
      engine.addObservations(Array.from({ length: 24 }, (_, k) => spot(k < 12 ? a : farApart(), k)));
      for (let k = 0; k < 10 && (k < 2 || engine.settling); k++) engine.refreshHotspots();
      let n = 0;
      const t = time(() => {
        const reading = spot(n++ % 2 ? a : farApart(), n);
        engine.addObservations([spoofing ? reading : { ...reading, bssid: null, deviceKey: 'walker', signalDbm: -70 }]);
        engine.refreshHotspots();
      }, 9, 2);
      return { median: t.median, apart: engine.heardApart().length };
    };
    const plain = refreshMs(false), spoof = refreshMs(true);
    return [
      { benchmark: 'hotspot refresh after one ordinary reading (yardstick)', size: '200 APs + 200,000 obs.', median: ms(plain.median), runs: '9', notes: '' },
      { benchmark: '… after one more reading of a BSSID heard too far apart (spoofed)', size: '200 APs + 200,000 obs.', median: ms(spoof.median), runs: '9', notes: `${spoof.apart} heard apart; ${(spoof.median / plain.median).toFixed(1)}× the yardstick (its new readings held as they arrive; the rest re-read once the stream pauses)` },
    ];
  },

  // The full recompute the server runs (what a registry edit costs) next to the two ways of answering the gaps
  // question without a grid, on the same discs: naive Turf (buffer, union, difference), interleaved with the
  // recompute (Turf once, the recompute five times, three rounds) so both see the same machine, and PostGIS
  // where it is installed (scripts/bench/postgis.ts). The recompute does more than either: it predicts dBm per
  // cell out to the 'poor' ring at −85 dBm (5× the area of the covered discs), fuses evidence, classifies,
  // keeps ward statistics and labels gaps split by ward and tile.
  'coverage.turf': () => {
    const rows: Row[] = [];
    for (const n of [200, 1000, 2000]) {
      const aps = accessPoints(n);
      const engine = createCoverageEngine({ boundary, wards, places, now: NOW, accessPoints: aps });
      const transmitters = engine.state.transmitters();
      const discs = aps.map((ap) => ({ position: ap.position, reachM: engine.reachOf(ap.id) })).filter((d) => d.reachM > 0);
      let turfArea = 0;
      const naive = () => {
        const circles = discs.map((d) => buffer(point([...d.position]), d.reachM, { units: 'meters', steps: TURF_BUFFER_STEPS })!);
        const covered = union(featureCollection(circles))!;
        const gaps = difference(featureCollection([{ type: 'Feature', properties: {}, geometry: boundary }, covered]));
        turfArea = gaps ? area(gaps) : 0;
      };
      const full = () => engine.setAccessPoints(aps);
      const stamp = () => stampAll(engine.state.grid, transmitters, engine.state.floorDbm, engine.state.prediction);
      for (const f of [full, stamp]) time(f, 0, 10); // a long warm-up: TurboFan optimises the loops only after several calls
      const times = { turf: [] as number[], full: [] as number[], stamp: [] as number[] };
      for (let round = 0; round < 3; round++) {
        times.turf.push(...time(naive, 1, 0).all);
        times.full.push(...time(full, 5, 0).all);
        times.stamp.push(...time(stamp, 5, 0).all);
        collectGarbage(); // Turf's garbage is not the next round's to pay for
      }
      full(); // leave the prediction consistent with the cells
      const gridArea = engine.statistics().gaps.areaM2;
      const [turf, all, stamped] = [times.turf, times.full, times.stamp].map(median);
      const postgis = postgisGaps(boundary, discs);
      const size = `${count(n)} APs`;
      rows.push({ benchmark: 'full recompute the server runs (dBm per cell to −85 dBm, fusion, classes, ward stats, labelled gaps)', size, median: ms(all), runs: '15', notes: `gap area ${(gridArea / 1e6).toFixed(3)} km² (${(100 * (gridArea / turfArea - 1)).toFixed(2)} % vs Turf)` });
      rows.push({ benchmark: '… naive Turf on the same discs (buffer, union, difference)', size, median: ms(turf), runs: '3', notes: `${faster(turf, all)}; gap area ${(turfArea / 1e6).toFixed(3)} km²` });
      rows.push('skipped' in postgis
        ? { benchmark: '… PostGIS ST_Difference(city, ST_Union(ST_Buffer)) on the same discs', size, median: '–', runs: '0', notes: `skipped: ${postgis.skipped}` }
        : { benchmark: '… PostGIS ST_Difference(city, ST_Union(ST_Buffer)) on the same discs', size, median: ms(postgis.medianMs), runs: '3', notes: `${faster(postgis.medianMs, all)}; PostGIS ${postgis.version}, timed in the database; gap area ${(postgis.areaM2 / 1e6).toFixed(3)} km² (UTM 17N)` });
      rows.push({ benchmark: '… of which stamping dBm per cell', size, median: ms(stamped), runs: '15', notes: 'a stage of the recompute' });
    }
    return rows;
  },

  'coverage.whatif': () => {
    const { engine, aps } = big();
    const random = mulberry32(SEED + 9);
    const scenario = () => ({
      add: Array.from({ length: 50 }, (_, i): AccessPointInput => ({ id: `new-${i}`, position: cityPosition(random), indoor: false })),
      move: Array.from({ length: 10 }, (_, i) => ({ id: aps[i].id, position: cityPosition(random) })),
      remove: Array.from({ length: 10 }, (_, i) => aps[100 + i].id),
    });
    const scenarios = Array.from({ length: 8 }, scenario);
    let k = 0, last: ReturnType<CoverageEngine['whatIf']> | null = null;
    const t = time(() => { last = engine.whatIf(scenarios[k++]); }, 7, 1);
    const r = last!;
    return [{ benchmark: 'what-if: add 50, move 10, remove 10 APs', size: '2,000 APs + 1M obs.', median: ms(t.median), runs: '7', notes: `target < 300 ms; e.g. covered ${r.coveredShare.before} → ${r.coveredShare.after}, ${r.changedCells} cells changed` }];
  },

  'coverage.memory': () => {
    const { buildMs, peakRss: peak } = big();
    collectGarbage();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return [{ benchmark: 'peak RSS: 1M observation objects + engine built from them', size: '2,000 APs + 1M obs.', median: `${Math.round(peak / 2 ** 20)} MiB`, runs: 'sampled', notes: `built in ${ms(buildMs)}; live after GC: JS heap ${Math.round(heapUsed / 2 ** 20)} MiB + typed arrays ${Math.round(arrayBuffers / 2 ** 20)} MiB (whole process)` }];
  },

  wigle: wigleImportBench, // scripts/bench/wigle.ts (the WiGLE import engineer's section)
  'http.ingest': httpIngestBench, // scripts/bench/http-ingest.ts: autocannon over loopback, server vs yardstick
  'http.wigle': httpWigleBench, // the same file: a WiGLE upload over HTTP while the map is read
};

// ── Main ────────────────────────────────────────────────────────────────────────────────────────

const args = process.argv.slice(2);
const markdownAt = args.indexOf('--markdown');
const markdownPath = markdownAt >= 0 ? args[markdownAt + 1] : null;
const wanted = args.filter((a, i) => !a.startsWith('--') && (markdownAt < 0 || i !== markdownAt + 1));
const unknown = wanted.filter((w) => !Object.keys(SECTIONS).some((name) => name === w || name.startsWith(`${w}.`)));
if (unknown.length) {
  console.error(`unknown section(s) ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
const chosen = Object.keys(SECTIONS).filter((name) => !wanted.length || wanted.some((w) => name === w || name.startsWith(`${w}.`)));

const cpus = os.cpus();
const header = [
  `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; seed ${SEED}; load average at start ${os.loadavg()[0].toFixed(1)}.`,
  '',
  '| benchmark | size | median | runs | notes |',
  '|---|---|---|---|---|',
];
const lines = [...header];
console.log(header.join('\n'));
const started = performance.now();
for (const name of chosen) {
  for (const row of await SECTIONS[name]()) {
    const line = `| ${row.benchmark} | ${row.size} | ${row.median} | ${row.runs} | ${row.notes} |`;
    lines.push(line);
    console.log(line);
  }
}
const footer = `\nSections: ${chosen.join(', ')}; total ${((performance.now() - started) / 1000).toFixed(0)} s.`;
lines.push(footer);
console.log(footer);
if (markdownPath) {
  mkdirSync(dirname(markdownPath), { recursive: true });
  writeFileSync(markdownPath, lines.join('\n') + '\n');
}
