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
import { defaultModel, modelReachM, predictDbm, type LinkModel } from './propagation';
import { fitHotspot, type HotspotFit } from './hotspot-fit';

const DAY_MS = 86_400_000;
const LEVEL_SIGMA_DB = 8; // dB: registry defaults (power, walls) are often this far off
const EXPONENT_SIGMA = 0.5; // the environment's exponent ± this covers open park … dense street
const DISCOVERED_PRIOR: Pick<LinkModel, 'dbmAt1m' | 'n'> = { dbmAt1m: -26, n: 2.8 }; // an unknown AP: 20 dBm, halfway between indoor and outdoor
const DISCOVERED_LEVEL_SIGMA_DB = 10;
const MATERIAL_LEVEL_DB = 0.5; // dB: smaller changes of a fit are not worth restamping (no jitter on the map)
const MATERIAL_EXPONENT = 0.03;
const MATERIAL_MOVE_M = 5;
const DOWN_RADIUS_M = [30, 120] as const; // m: where "near it" is judged: at least a GPS error, at most a city block
const DOWN_MIN_READINGS = 6; // readings near it that name a BSSID or hear nothing
const WIN_MARGIN_DB = 6; // dB: its prediction must beat what a phone heard by this much (shadowing ± a registry error)
const DOWN_MAX_HEARD_SHARE = 0.1; // of those, at most this share heard it: a live AP is heard by most phones next to it

/** What the hotspot reasoning reads from the engine. */
export interface HotspotView {
  readonly grid: Grid;
  readonly options: CoverageOptions;
  readonly log: EvidenceLog;
  readonly ledger: Ledger;
  readonly inside: Uint8Array;
  readonly identified: Uint32Array; // per cell: readings that named a BSSID
  samplesNear(x: number, y: number, radiusM: number): Iterable<number>; // log indices of readings in the squares around (x, y)
  readonly now: number;
  sampleUsable(i: number): boolean; // in the window, precise enough, a signal level, about free Wi-Fi
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
  let fit = fitHotspot(arrays, prior, east);
  let moved = false;
  if (fit && fit.movedM >= 20 && usable.length >= o.moveMinSamples && devices >= 3) moved = true;
  else fit = fitHotspot(arrays, { ...prior, positionSigmaM: 0 }, east); // not enough to move it: fit level and exponent in place
  if (!fit) return { model: base, x, y, fit: null, devices, moved: false };
  return { model: { dbmAt1m: fit.dbmAt1m, n: fit.n, source: 'calibrated' }, x: moved ? fit.x : x, y: moved ? fit.y : y, fit, devices, moved };
}

/** True when the change from `a` to `b` is worth a restamp. */
export function materialChange(a: { model: LinkModel; x: number; y: number }, b: { model: LinkModel; x: number; y: number }): boolean {
  return a.model.source !== b.model.source || Math.abs(a.model.dbmAt1m - b.model.dbmAt1m) > MATERIAL_LEVEL_DB ||
    Math.abs(a.model.n - b.model.n) > MATERIAL_EXPONENT || Math.hypot(a.x - b.x, a.y - b.y) > MATERIAL_MOVE_M;
}

export interface DownVerdict {
  down: boolean;
  devices: number; // known devices with readings near it
  heard: number; // readings near it that named one of its BSSIDs
  othersHeard: number; // readings near it that named another BSSID
  shouldHaveWon: number; // of those, readings where its own prediction beat what they heard by a margin
  nothingHeard: number; // readings near it that heard no free network at all
}

/**
 * Is a registered, active AP probably down? Phones near it (where its model says it is heard at
 * `downHeardDbm` or better) report nothing free at all, or name other BSSIDs — and hardly ever its own —
 * from several devices. Readings that name no BSSID cannot tell which AP they heard and are not counted.
 */
export function assessDown(view: HotspotView, ap: AccessPointInput, model: LinkModel, x: number, y: number, ownEmitters: ReadonlySet<number>): DownVerdict {
  const o = view.options, log = view.log;
  const verdict: DownVerdict = { down: false, devices: 0, heard: 0, othersHeard: 0, shouldHaveWon: 0, nothingHeard: 0 };
  const radius = Math.min(DOWN_RADIUS_M[1], Math.max(DOWN_RADIUS_M[0], modelReachM(model, o.downStrongDbm)));
  const east = view.grid.projection.eastScale(ap.position[1]);
  const devices = new Set<number>();
  for (const i of view.samplesNear(x, y, radius)) {
    if (log.accuracyM[i] > o.trustedAccuracyM || view.now - log.time[i] > o.windowDays * DAY_MS) continue;
    const d = Math.hypot((log.x[i] - x) * east, log.y[i] - y);
    if (d > radius) continue;
    const emitter = log.emitter[i];
    if (Number.isNaN(log.signalDbm[i])) verdict.nothingHeard++;
    else if (emitter < 0) continue;
    else if (ownEmitters.has(emitter)) verdict.heard++;
    else {
      verdict.othersHeard++;
      // Phones name the strongest network: another AP heard where this one should be far stronger says it is silent;
      // one heard where this one is weaker anyway says nothing about it.
      if (predictDbm(model, d) > log.signalDbm[i] + WIN_MARGIN_DB) verdict.shouldHaveWon++;
      else continue;
    }
    if (log.device[i] !== UNKNOWN_DEVICE) devices.add(log.device[i]);
  }
  verdict.devices = devices.size;
  if (ap.verifiedAt != null && view.now - ap.verifiedAt < o.verifiedDays * DAY_MS) return verdict;
  const total = verdict.heard + verdict.shouldHaveWon + verdict.nothingHeard;
  verdict.down = verdict.devices >= o.confirmDevices && total >= DOWN_MIN_READINGS && verdict.heard <= DOWN_MAX_HEARD_SHARE * total;
  return verdict;
}

/** A hotspot heard by several phones but not in the registry. */
export interface Discovery {
  bssid: string;
  ssid: string | null;
  x: number;
  y: number;
  model: LinkModel;
  readings: number;
  devices: number;
  firstSeen: number;
  lastSeen: number;
  strongestDbm: number;
}

/** Places an unknown BSSID from its readings, or null while the evidence is too thin to suggest it. */
export function discover(view: HotspotView, bssid: string, ssid: string | null, samples: readonly number[]): Discovery | null {
  const o = view.options, log = view.log;
  const usable = samples.filter((i) => view.sampleUsable(i));
  if (usable.length < o.discoveryMinSamples) return null;
  let strongest = -Infinity, first = Infinity, last = -Infinity;
  for (const i of usable) {
    strongest = Math.max(strongest, log.signalDbm[i]);
    first = Math.min(first, log.time[i]);
    last = Math.max(last, log.time[i]);
  }
  const devices = countDevices(log, usable);
  if (strongest < o.discoveryMinDbm || devices < o.confirmDevices) return null;
  const arrays = sampleArrays(view, usable);
  const lat = view.grid.projection.lat(arrays.y[0]);
  const fit = fitHotspot(arrays, { x: null, y: null, positionSigmaM: o.positionSigmaM, dbmAt1m: DISCOVERED_PRIOR.dbmAt1m, dbmAt1mSigma: DISCOVERED_LEVEL_SIGMA_DB, n: DISCOVERED_PRIOR.n, nSigma: EXPONENT_SIGMA }, view.grid.projection.eastScale(lat));
  if (!fit) return null;
  return { bssid, ssid, x: fit.x, y: fit.y, model: { dbmAt1m: fit.dbmAt1m, n: fit.n, source: 'calibrated' }, readings: usable.length, devices, firstSeen: first, lastSeen: last, strongestDbm: strongest };
}

/** The registry's own model for an AP, before any fit. */
export function registryModel(ap: AccessPointInput): LinkModel {
  return defaultModel(ap);
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
