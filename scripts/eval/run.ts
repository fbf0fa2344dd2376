// One seed end to end: build the world, start the real server with its registry, feed the readings in
// time order through the public API, and score the map at each checkpoint; then, without the liars.
import { DEFAULT_OPTIONS } from '../../server/domain/coverage/options';
import { Api, BATCH_MAX, type CellFeature, type DeviceCredential, type PhoneFeed } from './api';
import { registryPredictor, ReadingIndex, NO_NETWORK_DBM } from './baselines';
import { insidePolygon, type Frame } from './geo';
import { simulateReadings, type Reading } from './readings';
import { areaError, cellMetrics, classOf, flippedAreaM2, isUsable, shareFound, THRESHOLDS_DBM, type ClassName, type ScoredCell } from './score';
import { startEvalServer } from './server';
import { buildWorld, meanDbm, nearestHotspotM, registryGeoJSON, trueSignal, type World, type WorldOptions } from './world';

export const SCORED_WITHIN_M = 400; // m: cells this close to a true hotspot (dead ones included) are scored
const TRUTH_MARGIN_M = 1_000; // m around the region: the true covered area counts every usable cell out to here (strong open-air hotspots reach past 400 m)
const CELL_CHUNKS_PER_SIDE = 4; // (4 km + 2 km margin) / 4 = 1.5 km squares: ~3,600 cells each, far under the API's 20,000
const DISCOVERY_MATCH_M = 75; // m: a discovery this close to an unregistered hotspot counts as finding it
const JUDGE_WITHIN_M = 120; // m: readings this close to a dead hotspot can tell it is silent (the server's own "near it")
const NEAR_THRESHOLD_DB = 3; // dB: cells whose true level is this close to the usable threshold are a coin toss for any noisy estimate

export interface RunOptions {
  hotspots: number;
  world?: Partial<Pick<WorldOptions, 'shadowSigmaDb' | 'shadowCorrelationM'>>; // a gentler or harsher world than the defaults
  checkpoints: number[]; // cumulative readings, ascending
  scanLists?: boolean; // survey devices list every free network they hear (readings.ts)
  maxAccuracyM?: number; // phones report fixes of 5…this m (readings.ts; 30 by default)
  liarPhones?: number; // phones each liar speaks through, each on its own network (readings.ts; default 1)
  liarShare?: number; // the liars' share of all readings (readings.ts; default 0.02)
  liarSplit?: [number, number, number]; // shares of the liars' readings: fake strong, fake dead, flood (readings.ts)
  liarNamesListed?: boolean; // the fake-strong liar names listed hotspots' BSSIDs (readings.ts)
  liarNamesUnlisted?: boolean; // … or live unregistered hotspots' BSSIDs
  liarDragsUnlisted?: boolean; // … from 200 m off them
  liarFollowsPhysics?: boolean; // the fake-strong liar's readings fall off from its spot as a legal hotspot's would (readings.ts)
  liarResurrects?: boolean; // the fake-dead liar names dead listed hotspots beside them (readings.ts)
  liarScatters?: boolean; // the fake-strong liar posts one usable-looking level at each of many random spots (readings.ts)
  liarBlankets?: boolean; // the fake-dead liar posts "nothing heard" all over its targets' reach (readings.ts)
  registryBssids?: boolean; // false: the registry lists SSIDs only, as Kitchener's does (default true)
  liarRun: boolean;
  feed?: PhoneFeed; // how the phones reach the server (api.ts); default: each from its own network
  city: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  log: (message: string) => void;
}

export interface CheckpointResult {
  readings: number;
  settled: boolean;
  cells: number;
  accuracy4: number;
  usableAccuracy: number;
  iou: number;
  brier: number | null;
  mapCoveredM2: number; // the map's covered area: cells of a covered class (what /coverage/stats calls coveredAreaM2)
  mapClassCoveredM2: number; // city-wide coveredAreaM2 (cells whose class is usable)
  regionMapCoveredM2: number; // over the fetched cells only (the square and 1 km around it): Σ pUsable·area, else usable class area
  trueCoveredM2: number;
  areaError: number;
  expectedAreaError: number | null; // of Σ P(usable) × area (expectedCoveredAreaM2), where the server reports it
  expectedIntervalM2: [number, number] | null; // the server's 95 % interval for it (expectedCoveredIntervalM2)
  intervalHoldsTruth: boolean | null; // whether that interval holds the true covered area
  deadFlagged: number;
  deadJudgeable: number; // dead hotspots with readings near them: ≥ 6 honest readings within 120 m by ≥ 2 phones
  liveFlagged: number; // live registered hotspots marked probably down (false alarms), a count
  unregisteredFound: number;
  unregisteredObservable: number; // how many unregistered hotspots the readings so far could reveal: REVEAL.readings naming the BSSID by REVEAL.phones
  liarsFlipHa: number | null;
  registryOnly: { usableAccuracy: number; iou: number };
  observationsElseRegistry: { usableAccuracy: number; iou: number };
}

export interface SeedResult {
  seed: number;
  hotspots: number;
  registered: number;
  dead: number;
  unregistered: number;
  misplaced: number;
  liarReadings: number;
  scoredCells: number;
  scoredUsableShare: number; // share of the scored area that is truly usable
  trueCoveredHa: number;
  trueUsableBeyondScoredHa: number; // usable area outside the scored zone, counted in the true covered area
  ceilingUsableAccuracy: number; // usable accuracy of the true radios (power, exponent, walls, position, alive) without their shadowing
  nearThresholdShare: number; // share of the scored area whose true level is within 3 dB of the usable threshold
  deviceCredentials: 'server-issued' | 'server-issued, one address' | 'deviceId';
  checkpoints: CheckpointResult[];
  seconds: number;
}

interface CellTruth {
  x: number;
  y: number;
  dbm: number; // true level at the centre
  areaM2: number;
  truth: ClassName;
  scored: boolean;
}

export async function runSeed(seed: number, o: RunOptions): Promise<SeedResult> {
  const started = Date.now();
  const world = buildWorld(seed, { hotspots: o.hotspots, ...o.world });
  const last = o.checkpoints.at(-1)!;
  const { readings } = simulateReadings(world, seed, last, { scanLists: o.scanLists ?? false, ...(o.maxAccuracyM ? { accuracyM: [5, o.maxAccuracyM] as [number, number] } : {}), liarPhones: o.liarPhones ?? 1, ...(o.liarShare !== undefined ? { liarShare: o.liarShare } : {}), liarNamesListed: o.liarNamesListed ?? false, liarNamesUnlisted: o.liarNamesUnlisted ?? false, liarDragsUnlisted: o.liarDragsUnlisted ?? false, liarFollowsPhysics: o.liarFollowsPhysics ?? false, liarResurrects: o.liarResurrects ?? false, liarScatters: o.liarScatters ?? false, liarBlankets: o.liarBlankets ?? false, ...(o.liarSplit ? { liarSplit: o.liarSplit } : {}) });
  const dead = world.hotspots.filter((h) => !h.alive);
  const unregistered = world.hotspots.filter((h) => !h.registered);
  o.log(`seed ${seed}: ${world.hotspots.length} hotspots (${dead.length} dead, ${unregistered.length} unregistered), ${readings.length} readings`);
  const truth = new Map<number, CellTruth>();
  const bbox = regionBbox(world, TRUTH_MARGIN_M);
  const predictRegistry = registryPredictor(world.registry, world.frame);
  const index = new ReadingIndex();

  const server = await startEvalServer(registryGeoJSON(world), o.log);
  const checkpoints: CheckpointResult[] = [];
  let credentialKind: SeedResult['deviceCredentials'];
  const usableAt = new Map<number, Map<number, boolean>>(); // checkpoint → the usable/not map with the liars
  try {
    const api = new Api(server.url, server.token);
    if (o.registryBssids ?? true) await registerBssids(api, world);
    const feeder = makeFeeder(api, o.log, o.feed);
    let fed = 0;
    for (const checkpoint of o.checkpoints) {
      const batch = readings.slice(fed, checkpoint);
      await feeder.feed(batch);
      for (const r of batch) index.add({ x: world.frame.x(r.lon), y: world.frame.y(r.lat), dbm: r.noFreeNetwork ? NO_NETWORK_DBM : r.signalDbm! });
      fed = checkpoint;
      const settled = await api.settle();
      if (!settled) o.log(`seed ${seed} @ ${checkpoint}: /coverage/stats did not settle within 30 s; scoring anyway`);
      const cells = await api.cells(bbox, CELL_CHUNKS_PER_SIDE);
      addTruth(world, o.city, cells, truth);
      const result = await scoreCheckpoint(api, world, cells, truth, predictRegistry, index);
      checkpoints.push({ ...result, readings: checkpoint, settled, liarsFlipHa: null, unregisteredObservable: observable(world, readings.slice(0, checkpoint)), deadJudgeable: judgeable(world, readings.slice(0, checkpoint)) });
      o.log(`seed ${seed} @ ${checkpoint}: usable acc ${pct(result.usableAccuracy)}, IoU ${result.iou.toFixed(3)}, area error ${pct(result.areaError)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      usableAt.set(checkpoint, usableMap(cells));
    }
    credentialKind = feeder.kind();
  } finally {
    await server.stop();
  }

  if (o.liarRun && last > 0) {
    // The same honest readings without the liars' among them, settled and compared at each checkpoint: a liar can
    // flip cells early (seed 1, 10,000 readings: 4.06 ha until 2026-12-07) that later readings set right.
    const honestBefore = (checkpoint: number) => readings.slice(0, checkpoint).filter((r) => !r.liar).length;
    o.log(`seed ${seed}: second run without liars (${honestBefore(last)} honest readings)`);
    const honest = readings.slice(0, last).filter((r) => !r.liar);
    const again = await startEvalServer(registryGeoJSON(world), o.log);
    try {
      const api = new Api(again.url, again.token);
      if (o.registryBssids ?? true) await registerBssids(api, world);
      const feeder = makeFeeder(api, o.log, o.feed);
      const areas = new Map([...truth].map(([id, t]) => [id, t.areaM2]));
      let fed = 0;
      for (const c of checkpoints) {
        if (c.readings === 0) continue;
        const upTo = honestBefore(c.readings);
        await feeder.feed(honest.slice(fed, upTo));
        fed = upTo;
        await api.settle();
        c.liarsFlipHa = flippedAreaM2(usableAt.get(c.readings)!, usableMap(await api.cells(bbox, CELL_CHUNKS_PER_SIDE)), areas) / 10_000;
        o.log(`seed ${seed} @ ${c.readings}: liars flipped ${c.liarsFlipHa.toFixed(2)} ha`);
      }
    } finally {
      await again.stop();
    }
  }

  const all = [...truth.values()];
  const areaOf = (cells: CellTruth[]) => cells.reduce((a, t) => a + t.areaM2, 0);
  const trueCovered = areaOf(all.filter((t) => isUsable(t.truth)));
  const beyond = areaOf(all.filter((t) => !t.scored && isUsable(t.truth)));
  const scoredTruth = all.filter((t) => t.scored);
  const ceilingRight = scoredTruth.filter((t) => isUsable(classOf(meanSignal(world, t.x, t.y))) === isUsable(t.truth));
  const nearThreshold = scoredTruth.filter((t) => Math.abs(t.dbm - THRESHOLDS_DBM.fair) < NEAR_THRESHOLD_DB);
  return {
    seed,
    hotspots: world.hotspots.length,
    registered: world.registry.length,
    dead: dead.length,
    unregistered: unregistered.length,
    misplaced: world.registry.filter((r) => r.misplaced).length,
    liarReadings: readings.filter((r) => r.liar).length,
    scoredCells: all.filter((t) => t.scored).length,
    scoredUsableShare: areaOf(all.filter((t) => t.scored && isUsable(t.truth))) / areaOf(all.filter((t) => t.scored)),
    trueCoveredHa: trueCovered / 10_000,
    trueUsableBeyondScoredHa: beyond / 10_000,
    ceilingUsableAccuracy: areaOf(ceilingRight) / areaOf(scoredTruth),
    nearThresholdShare: areaOf(nearThreshold) / areaOf(scoredTruth),
    deviceCredentials: credentialKind,
    checkpoints,
    seconds: (Date.now() - started) / 1000,
  };
}

async function scoreCheckpoint(
  api: Api, world: World, cells: Map<number, CellFeature>, truth: Map<number, CellTruth>,
  predictRegistry: (x: number, y: number) => number, index: ReadingIndex,
): Promise<Omit<CheckpointResult, 'readings' | 'settled' | 'liarsFlipHa' | 'unregisteredObservable' | 'deadJudgeable'>> {
  const scored: ScoredCell[] = [], registryOnly: ScoredCell[] = [], observed: ScoredCell[] = [];
  let trueCoveredM2 = 0, regionMapCoveredM2 = 0;
  for (const [id, cell] of cells) {
    const t = truth.get(id)!;
    if (isUsable(t.truth)) trueCoveredM2 += t.areaM2;
    regionMapCoveredM2 += t.areaM2 * (cell.pUsable ?? (isUsable(cell.className as ClassName) ? 1 : 0));
    if (!t.scored) continue;
    scored.push({ areaM2: t.areaM2, truth: t.truth, predicted: cell.className as ClassName, pUsable: cell.pUsable });
    const registryDbm = predictRegistry(t.x, t.y);
    registryOnly.push({ areaM2: t.areaM2, truth: t.truth, predicted: classOf(registryDbm) });
    observed.push({ areaM2: t.areaM2, truth: t.truth, predicted: classOf(index.idwDbm(t.x, t.y) ?? registryDbm) });
  }
  const metrics = cellMetrics(scored);
  const stats = await api.stats();
  const mapCoveredM2 = stats.city.coveredAreaM2, expectedM2 = stats.city.expectedCoveredAreaM2 ?? null;
  const interval = stats.city.expectedCoveredIntervalM2 ?? null;
  const aps = await api.accessPoints();
  const probablyDown = new Set(aps.features.filter((f) => f.properties?.probablyDown === true).map((f) => String(f.properties!.name)));
  const deadRecords = world.registry.filter((r) => !world.hotspots[r.hotspotId].alive);
  const discoveries = await api.discoveries();
  const found = (h: World['hotspots'][number]) =>
    !!discoveries?.some((d) => (d.bssid && d.bssid.toLowerCase() === h.bssid) || Math.hypot(world.frame.x(d.position[0]) - h.x, world.frame.y(d.position[1]) - h.y) <= DISCOVERY_MATCH_M);
  const base = (c: ScoredCell[]) => {
    const m = cellMetrics(c);
    return { usableAccuracy: m.usableAccuracy, iou: m.iou };
  };
  return {
    cells: metrics.cells,
    accuracy4: metrics.accuracy4,
    usableAccuracy: metrics.usableAccuracy,
    iou: metrics.iou,
    brier: metrics.brier,
    mapCoveredM2,
    mapClassCoveredM2: stats.city.coveredAreaM2,
    regionMapCoveredM2,
    trueCoveredM2,
    areaError: areaError(mapCoveredM2, trueCoveredM2),
    expectedAreaError: expectedM2 === null ? null : areaError(expectedM2, trueCoveredM2),
    expectedIntervalM2: interval,
    intervalHoldsTruth: interval === null ? null : interval[0] <= trueCoveredM2 && trueCoveredM2 <= interval[1],
    deadFlagged: shareFound(deadRecords, (r) => probablyDown.has(r.name)),
    liveFlagged: world.registry.filter((r) => world.hotspots[r.hotspotId].alive && probablyDown.has(r.name)).length,
    unregisteredFound: discoveries === null ? 0 : shareFound(world.hotspots.filter((h) => !h.registered), found),
    registryOnly: base(registryOnly),
    observationsElseRegistry: base(observed),
  };
}

/** The seed file cannot carry BSSIDs today; a planner adds them, as the City would. */
async function registerBssids(api: Api, world: World): Promise<void> {
  const byName = new Map(world.registry.map((r) => [r.name, r]));
  const aps = await api.accessPoints();
  for (const f of aps.features) {
    const record = byName.get(String(f.properties?.name));
    const has = f.properties?.bssids;
    if (record && (!Array.isArray(has) || has.length === 0)) await api.patchAccessPoint(f.id!, { bssids: record.bssids });
  }
}

/** Posts readings in order, one request per run of one device's readings (≤ BATCH_MAX), one credential per device. */
function makeFeeder(api: Api, log: (m: string) => void, feed: PhoneFeed = 'own-networks') {
  const credentials = new Map<number, DeviceCredential>();
  let posted = 0;
  return {
    async feed(readings: Reading[]) {
      for (let i = 0; i < readings.length; ) {
        const device = readings[i].device;
        let j = i + 1;
        while (j < readings.length && j - i < BATCH_MAX && readings[j].device === device) j++;
        const sameSpot = (a: Reading, b: Reading) => a.agoMs === b.agoMs && a.lon === b.lon && a.lat === b.lat;
        while (j < readings.length && j - i > 1 && readings[j].device === device && sameSpot(readings[j], readings[j - 1])) j--; // one scan's rows in one request: they share its time
        let credential = credentials.get(device);
        if (!credential) credentials.set(device, (credential = await api.deviceCredential(device, feed)));
        await api.postBatch(credential, readings.slice(i, j), Date.now());
        const before = posted;
        posted += j - i;
        if (Math.floor(before / 10_000) !== Math.floor(posted / 10_000)) log(`  posted ${posted} readings`);
        i = j;
      }
    },
    kind: (): SeedResult['deviceCredentials'] => ([...credentials.values()].some((c) => 'header' in c) ? (feed === 'one-address' ? 'server-issued, one address' : 'server-issued') : 'deviceId'),
  };
}

/** Truth for cells not seen before: noise-free signal at the centre, area, and whether it is scored. */
function addTruth(world: World, city: GeoJSON.Polygon | GeoJSON.MultiPolygon, cells: Map<number, CellFeature>, truth: Map<number, CellTruth>): void {
  for (const [id, cell] of cells) {
    if (truth.has(id)) continue;
    const corners = cell.ring.slice(0, -1);
    const lon = corners.reduce((a, c) => a + c[0], 0) / corners.length, lat = corners.reduce((a, c) => a + c[1], 0) / corners.length;
    const x = world.frame.x(lon), y = world.frame.y(lat);
    const dbm = trueSignal(world, x, y).dbm;
    truth.set(id, {
      x, y, dbm,
      areaM2: ringAreaM2(corners, world.frame),
      truth: classOf(dbm),
      scored: nearestHotspotM(world, x, y) <= SCORED_WITHIN_M && insidePolygon(city, [lon, lat]),
    });
  }
}

/** Evidence that can reveal an unregistered hotspot: as many readings naming its BSSID, from as many phones, as the server needs to suggest one. */
export const REVEAL = { readings: DEFAULT_OPTIONS.discoveryMinSamples, phones: DEFAULT_OPTIONS.suggestDevices };

/** Unregistered hotspots whose BSSID REVEAL.readings by REVEAL.phones name: what could be found from them. */
export function observable(world: World, readings: readonly Reading[]): number {
  return world.hotspots.filter((h) => {
    if (h.registered) return false;
    const naming = readings.filter((r) => r.bssid === h.bssid);
    return naming.length >= REVEAL.readings && new Set(naming.map((r) => r.device)).size >= REVEAL.phones;
  }).length;
}

/** Dead hotspots with ≥ 6 honest readings within 120 m by ≥ 2 phones (a louder neighbour can still hide that one is silent). */
function judgeable(world: World, readings: Reading[]): number {
  return world.hotspots.filter((h) => {
    if (!h.registered || h.alive) return false;
    const near = readings.filter((r) => !r.liar && Math.hypot(world.frame.x(r.lon) - h.x, world.frame.y(r.lat) - h.y) <= JUDGE_WITHIN_M);
    return near.length >= 6 && new Set(near.map((r) => r.device)).size >= 2;
  }).length;
}

/** The strongest live hotspot's mean level at (x, y): the true radios without their shadowing. */
function meanSignal(world: World, x: number, y: number): number {
  let best = -Infinity;
  for (const h of world.hotspots) if (h.alive) best = Math.max(best, meanDbm(h, Math.hypot(x - h.x, y - h.y)));
  return best;
}

function usableMap(cells: Map<number, CellFeature>): Map<number, boolean> {
  return new Map([...cells].map(([id, c]) => [id, isUsable(c.className as ClassName)]));
}

/** Shoelace area of a lon/lat ring in the frame's metres, m². */
function ringAreaM2(ring: number[][], frame: Frame): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += frame.x(ring[j][0]) * frame.y(ring[i][1]) - frame.x(ring[i][0]) * frame.y(ring[j][1]);
  return Math.abs(s) / 2;
}

function regionBbox(world: World, marginM: number): [number, number, number, number] {
  const r = world.halfM + marginM;
  return [world.frame.lon(-r), world.frame.lat(-r), world.frame.lon(r), world.frame.lat(r)];
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
