// Reasoning about hotspots, not only cells: each registered AP's radio fitted from the readings that heard
// it (level, exponent, position), "probably down" when phones near it do not hear it, and "discovered" when
// several phones hear a City SSID from a BSSID nobody registered. Pure: reads the engine's state through a
// small view and returns decisions; the engine applies them.
import type { EvidenceLog } from './log';
import type { Grid } from './grid';
import type { Ledger } from './ledger';
import type { CoverageOptions } from './options';
import type { AccessPointInput } from './types';
import { UNKNOWN_DEVICE } from './ledger';
import { modelReachM, predictDbm, type LinkModel } from './propagation';
import { coveredMinDbm } from './classes';
import { FIT_NOISE_DB, fitHotspot, heardWithinM, loudnessCentroid, oneHotspotReadings, placeHotspotByPhones, positionWithinM, type FitPrior, type FitSamples, type HotspotFit } from './hotspot-fit';
import { DAY_MS, OBSERVATION_KIND, spreadRadiusM } from './evidence';
import { normalCdf } from './fusion';

const LEVEL_SIGMA_DB = 8; // dB: registry defaults (power, walls) are often this far off
const EXPONENT_SIGMA = 0.5; // the environment's exponent ± this covers open park … dense street
const DISCOVERED_PRIOR: Pick<LinkModel, 'dbmAt1m' | 'n'> = { dbmAt1m: -26, n: 2.8 }; // an unknown AP: 20 dBm, halfway between indoor and outdoor
const DISCOVERED_LEVEL_SIGMA_DB = 10;
const DISCOVERED_POSITION_SIGMA_M = 30; // m: how far the loudness centroid of all its readings sits from a hotspot (28 m median with all readings, truth simulation)
const DOWN_RADIUS_M = [30, 120] as const; // m: where "near it" is judged: at least a GPS error, at most a city block
const DOWN_MIN_READINGS = 6; // readings near it that name a BSSID or hear nothing
export const HEARD_IS_ALIVE = 20; // readings that named it within the window: a live AP, no need to look closer
const WIN_MARGIN_DB = 6; // dB: its prediction must beat what a phone heard by this much (shadowing ± a registry error)
export const HEAR_FLOOR_DBM = -90; // dBm: "heard no free Wi-Fi" means every free network there is weaker than this
const LOSS_SIGMA_DB = 8; // dB: one phone's view of two levels — shadowing (6), fading and device noise (4), the other AP's own spread
const DEVICE_EFFECTIVE_READINGS = 3; // one phone's walk shares its shadowing and bias: its readings count as at most this many
const DOWN_PRIOR = 0.1; // of listed hotspots, the share that is off at any time (a City's own estimate; changes only how much evidence is needed)
const DOWN_POSTERIOR = 0.7; // "probably down" from this posterior on: a planner checks it, and the public map only draws it as uncertain
const NAMED_BESIDE_IS_ALIVE = 2; // phones that named it near its spot: a live AP (until 2026-12-05 two readings, so one phone could keep a dead AP up)
const NAMED_WHEN_OFF = 0.02; // the chance a phone names an AP that is off (a stale scan, a liar): each phone that named it divides the odds it is off by 50 (truth simulation: 0.01–0.05 flag the same dead hotspots; 0.05 and up more false alarms)
const ROAM_MARGIN_DB = 6; // dB: a phone on the SSID without naming the BSSID may cling to a weaker AP until roaming kicks in

/** What the hotspot reasoning reads from the engine. */
export interface HotspotView {
  readonly grid: Grid;
  readonly options: CoverageOptions;
  readonly log: EvidenceLog;
  readonly ledger: Ledger;
  readonly inside: Uint8Array;
  readonly identified: Uint32Array; // per cell: readings that named a BSSID
  forSamplesNear(x: number, y: number, radiusM: number, fn: (i: number) => void): void; // readings (and reports) in the squares around (x, y), from phones not distrusted
  readonly now: number;
  sampleUsable(i: number): boolean; // in the window, precise enough, a signal level, about free Wi-Fi, from a phone not distrusted
  sightingUsable(i: number): boolean; // as sampleUsable, with any fix the map keeps: that a phone heard a BSSID does not depend on how well it knew where
}

/**
 * How far a hotspot's whole curve may be off, dB: one error shared by every cell it covers (its power, walls,
 * exponent), unlike shadowing, which changes from street to street. A registry default is off by the prior's
 * spread; a fit by the readings' noise over the phones behind it (a phone's readings share its bias and route).
 */
export function sharedLevelSigmaDb(source: LinkModel['source'], devices: number, overrideSigmaDb: number): number {
  if (source === 'default') return LEVEL_SIGMA_DB;
  if (source === 'override') return overrideSigmaDb;
  return FIT_NOISE_DB / Math.sqrt(Math.max(1, devices));
}

/** A fitted registry AP: the model and position the engine uses for it. */
export interface ApFit {
  model: LinkModel;
  x: number;
  y: number;
  fit: HotspotFit | null; // null: too few readings, the registry's model holds
  devices: number;
  moved: boolean;
}

/** Fits one registered AP from its readings (log indices). Positions are projected metres. */
export function fitAccessPoint(view: HotspotView, ap: AccessPointInput, x: number, y: number, samples: readonly number[], base: LinkModel): ApFit {
  const o = view.options, log = view.log;
  if (base.source === 'override') return { model: base, x, y, fit: null, devices: 0, moved: false };
  const usable = samples.filter((i) => view.sampleUsable(i));
  if (usable.length < o.fitMinSamples) return { model: base, x, y, fit: null, devices: 0, moved: false };
  const devices = countDevices(log, usable);
  const east = view.grid.projection.eastScale(ap.position[1]);
  const arrays = sampleArrays(view, usable);
  const prior = { x, y, positionSigmaM: o.positionSigmaM, dbmAt1m: base.dbmAt1m, dbmAt1mSigma: LEVEL_SIGMA_DB, n: base.n, nSigma: EXPONENT_SIGMA };
  // Only enough readings from enough devices may move it; otherwise level and exponent are fitted in place.
  const mayMove = usable.length >= o.moveMinSamples && devices >= 3;
  let fit = mayMove ? fitHotspot(arrays, prior, east) : null;
  let moved = false;
  if (fit && fit.movedM >= 20) moved = true;
  else fit = fitHotspot(arrays, { ...prior, positionSigmaM: 0 }, east);
  if (!fit) return { model: base, x, y, fit: null, devices, moved: false };
  // The fit draws it no further than its readings were heard, or than the registry's own (vetted) model covers:
  // phones agreeing on a strong level in one spot must not stretch a listed hotspot over the city.
  const heardWithin = Math.max(heardWithinM(arrays, fit, east), modelReachM(base, coveredMinDbm(o)));
  return { model: { dbmAt1m: fit.dbmAt1m, n: fit.n, source: 'calibrated', heardWithinM: heardWithin }, x: moved ? fit.x : x, y: moved ? fit.y : y, fit, devices, moved };
}

export interface DownVerdict {
  down: boolean;
  pDown: number; // posterior probability that it is off, given what phones near it heard
  devices: number; // known devices with readings near it
  heard: number; // readings near it that named one of its BSSIDs
  othersHeard: number; // readings near it that named another BSSID
  shouldHaveWon: number; // of those, readings where its own prediction beat what they heard by a margin
  nothingHeard: number; // readings near it that heard no free network at all
}

/** How readings name an AP: its BSSIDs and its SSID, as the evidence log's interned ids (-1: none). */
export interface ApIdentity {
  emitters: ReadonlySet<number>;
  ssid: number;
}

/**
 * Is a registered, active AP probably down? Phones near it (where its model says it is heard at
 * `downHeardDbm` or better) report nothing free at all, or name other BSSIDs — and hardly ever its own —
 * from several devices. A phone on its SSID that names no BSSID heard the loudest AP of that network (or one it
 * clings to): its level bounds this AP's too, loosened by a roaming margin. Readings of other networks say nothing.
 * A scan (a survey's list of every free network heard) that leaves this AP out bounds it by each network listed.
 */
export function assessDown(view: HotspotView, ap: AccessPointInput, model: LinkModel, x: number, y: number, own: ApIdentity, heardRecently: number, namingDevices: number): DownVerdict {
  const o = view.options, log = view.log;
  const verdict: DownVerdict = { down: false, pDown: 0, devices: 0, heard: heardRecently, othersHeard: 0, shouldHaveWon: 0, nothingHeard: 0 };
  // Heard by name this often lately, by several phones, it is up, whatever else phones near it say (and the scan
  // below is spared). One phone repeating a dead AP's BSSID is one voice, however often it repeats it.
  if (heardRecently >= HEARD_IS_ALIVE && namingDevices >= o.confirmDevices) return verdict;
  verdict.heard = 0;
  const namers = new Set<number>(); // phones that named it near its spot
  const radius = Math.min(DOWN_RADIUS_M[1], Math.max(DOWN_RADIUS_M[0], modelReachM(model, o.downStrongDbm)));
  const east = view.grid.projection.eastScale(ap.position[1]);
  const devices = new Set<number>();
  const losses = new Map<number, number[]>(); // device → (bound − prediction) per reading where it was not named
  const window = o.windowDays * DAY_MS;
  const bind = (i: number, bound: number, predicted: number) => {
    const device = log.device[i];
    if (device === UNKNOWN_DEVICE) return; // anonymous readings inform the counts, not the verdict
    devices.add(device);
    const list = losses.get(device) ?? [];
    list.push(bound - predicted);
    losses.set(device, list);
  };
  const other = (i: number, predicted: number) => {
    verdict.othersHeard++;
    if (predicted > log.signalDbm[i] + WIN_MARGIN_DB) verdict.shouldHaveWon++;
    bind(i, log.signalDbm[i], predicted);
  };
  // A scan lists every free network its phone heard: one that leaves this AP out says it was weaker than each
  // network listed, the quieter ones too. Unless the scan did name it: then its quieter rows say nothing.
  const quieter: { i: number; predicted: number }[] = [], namedIn = new Set<string>();
  const scanOf = (i: number) => `${log.device[i]}|${log.time[i]}|${log.x[i]}|${log.y[i]}`;
  view.forSamplesNear(x, y, radius, (i) => {
    if (log.kind[i] !== OBSERVATION_KIND || log.accuracyM[i] > o.maxAccuracyM || view.now - log.time[i] > window) return;
    const d = Math.hypot((log.x[i] - x) * east, log.y[i] - y);
    if (d > radius) return;
    const emitter = log.emitter[i];
    // A vague fix is judged as far off as it allows (its spread beyond the trusted 50 m): its silence says less.
    const predicted = predictDbm(model, d + spreadRadiusM(log.accuracyM[i], o));
    if (Number.isNaN(log.signalDbm[i])) {
      verdict.nothingHeard++;
      bind(i, HEAR_FLOOR_DBM, predicted);
    } else if (emitter < 0) {
      if (own.ssid < 0 || log.ssid[i] !== own.ssid) return; // another network, or none named: no bound on this AP
      bind(i, log.signalDbm[i] + ROAM_MARGIN_DB, predicted);
    } else if (own.emitters.has(emitter)) {
      verdict.heard++;
      namedIn.add(scanOf(i));
      if (log.device[i] !== UNKNOWN_DEVICE) namers.add(log.device[i]); // anonymous readings inform the counts, not the verdict
    } else if (log.quieter[i]) quieter.push({ i, predicted });
    else other(i, predicted);
  });
  for (const { i, predicted } of quieter) if (!namedIn.has(scanOf(i))) other(i, predicted);
  verdict.devices = devices.size;
  // Phones that named it weigh as phones, not as readings: two beside it say it is up; one, however often it named
  // it (a stale scan, or a liar hiding a dead AP), only weighs against the phones that did not hear it.
  verdict.pDown = namers.size >= NAMED_BESIDE_IS_ALIVE ? 0 : posteriorDown(losses, Math.max(namers.size, namingDevices));
  if (ap.verifiedAt != null && view.now - ap.verifiedAt < o.verifiedDays * DAY_MS) return verdict;
  const total = verdict.shouldHaveWon + verdict.nothingHeard;
  verdict.down = verdict.pDown >= DOWN_POSTERIOR && verdict.devices >= o.confirmDevices && total >= DOWN_MIN_READINGS;
  return verdict;
}

const LEVEL_GRID_DB = Array.from({ length: 41 }, (_, k) => -36 + 1.2 * k); // −36 … +12 dB: how far its true level may sit from the model

/**
 * P(off | readings that did not name it, and `namers` phones that did). Alive, it is weaker than each bound only when its level falls short —
 * likely where it is predicted weak or the bound is strong, unlikely where it should dominate. Its real level may
 * sit well below the model (a weak indoor unit listed at the default power), so that offset is integrated out
 * under the registry's prior spread rather than assumed zero; a weak live AP then explains the losses, a dead one
 * is needed only when phones right next to it hear others or nothing. Each phone counts as a few readings at most;
 * each phone that named it, off, would have had to lie (NAMED_WHEN_OFF), whatever number of readings it sent.
 */
export function posteriorDown(losses: ReadonlyMap<number, readonly number[]>, namers = 0): number {
  if (losses.size === 0) return 0;
  let alive = 0, norm = 0;
  for (const offset of LEVEL_GRID_DB) {
    const prior = Math.exp(-0.5 * (offset / LEVEL_SIGMA_DB) ** 2);
    let logL = 0;
    for (const margins of losses.values()) {
      let sum = 0;
      for (const m of margins) sum += Math.log(Math.max(1e-12, normalCdf((m - offset) / LOSS_SIGMA_DB)));
      logL += sum * Math.min(1, DEVICE_EFFECTIVE_READINGS / margins.length);
    }
    alive += prior * Math.exp(logL);
    norm += prior;
  }
  const likelihoodAlive = alive / norm; // P(every loss | alive); P(every loss | off) = 1
  const named = NAMED_WHEN_OFF ** namers; // P(these phones name it | off): each would have to lie or replay a stale scan
  return (DOWN_PRIOR * named) / (DOWN_PRIOR * named + (1 - DOWN_PRIOR) * likelihoodAlive);
}

/** A hotspot heard by several phones but not in the registry. */
export interface Discovery {
  bssid: string;
  ssid: string | null;
  x: number;
  y: number;
  model: LinkModel;
  positionWithinM: number; // the true position lies this close in about 9 cases of 10 (positionWithinM)
  readings: number;
  devices: number;
  firstSeen: number;
  lastSeen: number;
  strongestDbm: number;
}

/**
 * What is known of an unknown hotspot before its curve is fitted: a typical level and exponent, and a position near
 * where all of its readings are loudest. Phones name only the loudest hotspot, so most readings of one come from far
 * off, and a fit from a sample of them strayed further than that centroid (scripts/eval/position-spread.ts).
 */
export function discoveryPrior(samples: FitSamples): FitPrior {
  const [x, y] = loudnessCentroid(samples);
  return { x, y, positionSigmaM: DISCOVERED_POSITION_SIGMA_M, dbmAt1m: DISCOVERED_PRIOR.dbmAt1m, dbmAt1mSigma: DISCOVERED_LEVEL_SIGMA_DB, n: DISCOVERED_PRIOR.n, nSigma: EXPONENT_SIGMA };
}

/**
 * A BSSID on a City network that enough phones named to suggest it, but loudly in places no one hotspot spans: a
 * spoofed name (phones agreeing on a made-up hotspot) or one that moves (a bus, a phone's own hotspot). Not placed;
 * planners are told, as it is what an attack on the map looks like.
 */
export interface HeardApart {
  bssid: string;
  ssid: string | null;
  readings: number;
  devices: number;
  spanM: number; // the larger side of the box its readings were taken in
  firstSeen: number;
  lastSeen: number;
  strongestDbm: number;
}

/** Places an unknown BSSID from its readings; `apart` when it cannot be one hotspot; null while the evidence is too thin to suggest it. */
export function discover(view: HotspotView, bssid: string, ssid: string | null, samples: readonly number[]): DiscoveryVerdict {
  const refuted: number[] = [];
  const found = discoverFrom(view, bssid, ssid, samples.filter((i) => view.sightingUsable(i)), refuted);
  return { found: found && !('apart' in found) ? found : null, apart: found && 'apart' in found ? found.apart : null, refuted };
}

/**
 * What the readings naming an unknown BSSID say: a hotspot placed (or none yet), or one heard too far apart; and
 * `refuted`, its readings that cannot come from one fixed hotspot (all of them when heard apart; those no hotspot
 * where the other phones place it could give): they name a source that is not there, so no cell counts them.
 */
export interface DiscoveryVerdict {
  found: Discovery | null;
  apart: HeardApart | null;
  refuted: readonly number[];
}

function discoverFrom(view: HotspotView, bssid: string, ssid: string | null, usable: readonly number[], refuted: number[]): Discovery | { apart: HeardApart } | null {
  const o = view.options, log = view.log;
  if (usable.length < o.discoveryMinSamples) return null;
  let strongest = -Infinity, first = Infinity, last = -Infinity;
  for (const i of usable) {
    strongest = Math.max(strongest, log.signalDbm[i]);
    first = Math.min(first, log.time[i]);
    last = Math.max(last, log.time[i]);
  }
  const devices = countDevices(log, usable);
  if (devices < o.suggestDevices) return null; // a planner may look at two phones' find; the public map waits for confirmDevices (engine)
  // A distant glimpse is not a hotspot to place, but one heard only weakly by many phones (an indoor unit that
  // scan lists name through its walls) is one all the same: twice the phones and readings stand for the strength.
  const many = devices >= 2 * o.confirmDevices && usable.length >= 2 * o.discoveryMinSamples;
  if (strongest < o.discoveryMinDbm && !many) return null;
  const arrays = { ...sampleArrays(view, usable), phone: usable.map((i) => log.device[i]), accuracyM: usable.map((i) => log.accuracyM[i]) };
  const lat = view.grid.projection.lat(arrays.y[0]);
  const eastScale = view.grid.projection.eastScale(lat);
  const together = oneHotspotReadings(arrays, eastScale);
  if (together.length === 0) {
    refuted.push(...usable);
    return { apart: { bssid, ssid, readings: usable.length, devices, spanM: spreadM(arrays, eastScale), firstSeen: first, lastSeen: last, strongestDbm: strongest } };
  }
  const placed = placeHotspotByPhones(arrays, discoveryPrior, eastScale, together);
  if (!placed) return null;
  // Readings no hotspot where the other phones place it could give are no sighting: judged again without them
  // (fewer readings each time, so this ends).
  if (placed.kept.length < usable.length) {
    const kept = new Set(placed.kept);
    usable.forEach((i, k) => kept.has(k) || refuted.push(i));
    return discoverFrom(view, bssid, ssid, placed.kept.map((k) => usable[k]), refuted);
  }
  const { fit } = placed;
  // Unbroken: readings heard 1–3 km off with nothing between are other places naming the same BSSID, not its reach.
  const heardWithin = heardWithinM(arrays, fit, view.grid.projection.eastScale(view.grid.projection.lat(fit.y)), true);
  return { bssid, ssid, x: fit.x, y: fit.y, model: { dbmAt1m: fit.dbmAt1m, n: fit.n, source: 'calibrated', heardWithinM: heardWithin }, positionWithinM: positionWithinM(fit, devices), readings: usable.length, devices, firstSeen: first, lastSeen: last, strongestDbm: strongest };
}

/** The larger side, m, of the box the readings were taken in: how widely it was heard (at most √2 short of the farthest two). */
function spreadM(s: { x: ArrayLike<number>; y: ArrayLike<number>; count: number }, eastScale: number): number {
  let west = Infinity, east = -Infinity, south = Infinity, north = -Infinity;
  for (let i = 0; i < s.count; i++) {
    west = Math.min(west, s.x[i]);
    east = Math.max(east, s.x[i]);
    south = Math.min(south, s.y[i]);
    north = Math.max(north, s.y[i]);
  }
  return Math.max((east - west) * eastScale, north - south);
}

function countDevices(log: EvidenceLog, samples: readonly number[]): number {
  const seen = new Set<number>();
  for (const i of samples) if (log.device[i] !== UNKNOWN_DEVICE) seen.add(log.device[i]);
  return seen.size;
}

function sampleArrays(view: HotspotView, samples: readonly number[]) {
  const log = view.log, n = samples.length, spread = view.options.trustedAccuracyM;
  const x = new Float64Array(n), y = new Float64Array(n), dbm = new Float64Array(n), weight = new Float64Array(n);
  samples.forEach((i, k) => {
    x[k] = log.x[i];
    y[k] = log.y[i];
    dbm[k] = log.signalDbm[i];
    const acc = log.accuracyM[i];
    weight[k] = acc <= spread / 2 ? 1 : (spread / 2 / acc) ** 2; // a 25 m fix is as good as exact at these distances
  });
  return { x, y, dbm, weight, count: n };
}

/** Calls fn(cell, distance m) for each cell whose centre lies within `radius` true metres of (x, y). */
export function forCellsWithin(grid: Grid, x: number, y: number, radius: number, east: number, fn: (cell: number, distanceM: number) => void): void {
  const cs = grid.cellSizeM, halfX = radius / east;
  const c0 = Math.max(0, Math.floor((x - halfX - grid.originX) / cs)), c1 = Math.min(grid.cols - 1, Math.floor((x + halfX - grid.originX) / cs));
  const r0 = Math.max(0, Math.floor((y - radius - grid.originY) / cs)), r1 = Math.min(grid.rows - 1, Math.floor((y + radius - grid.originY) / cs));
  for (let r = r0; r <= r1; r++)
    for (let c = c0; c <= c1; c++) {
      const d = Math.hypot((grid.originX + (c + 0.5) * cs - x) * east, grid.originY + (r + 0.5) * cs - y);
      if (d <= radius) fn(r * grid.cols + c, d);
    }
}
