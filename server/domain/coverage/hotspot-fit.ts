// One hotspot's radio from the readings that heard it: level at 1 m, path-loss exponent and position,
// each pulled towards a prior (what the registry and its kind say), so a few readings nudge and many decide.
//
// For a fixed position the model RSSI = a − n·10·log10(d) is linear in (a, n): a ridge regression with
// Gaussian priors on a and n, made robust by Huber reweighting (fading and liars give heavy tails).
// The position is found by a pattern search around the registry position and the readings' signal-weighted
// centroid (WiGLE's trilateration idea), with a Gaussian prior around the registry position, so a hotspot
// moves only when the readings disagree with the registry by more than GPS error explains.

export const FIT_NOISE_DB = 6; // dB: spread of one reading about the curve (shadowing + fading + device bias)
export const HUBER_K_DB = 9; // dB: residuals beyond 1.5 σ count linearly, not squared
export const MIN_FIT_DISTANCE_M = 3; // m: nearer than this GPS error dominates the distance
export const EXPONENT_BOUNDS = [1.6, 5] as const; // n: waveguide-like corridors … many walls or foliage
export const MAX_FIT_SAMPLES = 150; // readings: more add little to four parameters (and the cost stays bounded)
export const MAX_MOVE_M = 250; // m: a registry entry further off than this is a different hotspot, not a position error
export const LOUDEST_DBM_AT_1M = -10; // dBm: 30 dBm EIRP (the legal limit) less 40 dB at 1 m: no free hotspot is louder
const POSITION_PROBE_M = 8; // m: the step across the best position that measures the cost's curvature
const MIN_POSITION_SIGMA_M = 4; // m: the search's own finest step
const RADIUS_SIGMAS = 2.45; // √χ²₂(0.95): a circular 2-D normal error stays within this many σ per axis 95 % of the time
const MAX_POSITION_WITHIN_M = 1000; // m: beyond this the readings only say "somewhere around here"
const SEARCH_STEPS_M = [32, 16, 8, 4]; // m: pattern-search step sizes, coarse to fine (ends below GPS error)
const IRLS_ROUNDS = 5; // reweighting rounds: Huber first (a safe start), then Tukey's biweight (outliers drop out)
const HUBER_ROUNDS = 2;
const HEARD_QUANTILE = 0.9; // of the fitting readings' distances: where a hotspot was heard, a few far flukes aside
const HEARD_MARGIN_M = 25; // m: GPS error at the edge of where it was heard
const HEARD_GAP_M = 150; // m: a ring this wide with no reading in it ends where a hotspot "was heard" (unbroken)
const POSITION_SLACK_M = 20; // m: GPS error a reading is allowed before it is too loud for its distance
const TUKEY_C_DB = 15; // dB: a reading this far off the curve gets no weight (2.5 σ of fading): a lie or another transmitter

export interface FitPrior {
  x: number | null; // prior position, projected metres (null: unknown — a discovered hotspot)
  y: number | null;
  positionSigmaM: number; // m: how far the registry position may be off (GPS / address geocoding); 0 = fixed there
  dbmAt1m: number; // prior level at 1 m, dBm
  dbmAt1mSigma: number; // dB
  n: number; // prior exponent
  nSigma: number;
}

export interface FitSamples {
  x: ArrayLike<number>; // projected metres
  y: ArrayLike<number>;
  dbm: ArrayLike<number>;
  weight: ArrayLike<number>; // 0…1: age and position accuracy
  count: number;
}

export interface HotspotFit {
  x: number;
  y: number;
  dbmAt1m: number;
  n: number;
  sigmaDb: number; // robust spread of the residuals, dB (MAD × 1.4826)
  samples: number;
  movedM: number; // distance from the prior position (0 without one)
}

/** A fit that also says how far its position may be off (placeHotspot). */
export interface PlacedFit extends HotspotFit {
  positionSigmaM: number; // m per axis, the readings taken as independent (0 where the position was held fixed): see positionWithinM
}

/**
 * The most probable (position, a, n) for the readings, or null without readings. `eastScale` turns
 * projected metres east–west into true metres at the hotspot's latitude.
 */
export function fitHotspot(samples: FitSamples, prior: FitPrior, eastScale = 1): HotspotFit | null {
  return fitPicked(samples, prior, eastScale)?.fit ?? null;
}

/**
 * The fit and how far its position may be off. Only a discovery needs the spread, so only it pays for the five
 * extra evaluations (a registered AP's refit, on every refresh, does not).
 */
export function placeHotspot(samples: FitSamples, prior: FitPrior, eastScale = 1): PlacedFit | null {
  const found = fitPicked(samples, prior, eastScale);
  if (!found) return null;
  const { fit, picked } = found;
  if (prior.positionSigmaM === 0 && prior.x !== null && prior.y !== null) return { ...fit, positionSigmaM: 0 };
  // What the readings alone say: a position prior (a registry entry, or for a discovery the readings' own centroid) is left out.
  const dataOnly = { ...prior, positionSigmaM: 0 };
  const dataCostAt = (px: number, py: number) => fitAt(picked, dataOnly, px, py, eastScale).cost;
  return { ...fit, positionSigmaM: positionSpreadM(dataCostAt(fit.x, fit.y), (dx, dy) => dataCostAt(fit.x + dx / eastScale, fit.y + dy)) };
}

function fitPicked(samples: FitSamples, prior: FitPrior, eastScale: number): { fit: HotspotFit; picked: Picked } | null {
  const count = samples.count;
  if (count === 0) return null;
  const picked = sampleByContent(plausible(samples, prior, eastScale), MAX_FIT_SAMPLES);
  if (picked.n === 0) return null;
  const evaluate = (px: number, py: number) => fitAt(picked, prior, px, py, eastScale);
  const fixed = prior.positionSigmaM === 0 && prior.x !== null && prior.y !== null;
  const starts: [number, number][] = [];
  if (prior.x !== null && prior.y !== null) starts.push([prior.x, prior.y]);
  const centroid = weightedCentroid(picked);
  if (fixed) {
    const r = evaluate(prior.x!, prior.y!);
    return { fit: { x: prior.x!, y: prior.y!, dbmAt1m: r.a, n: r.n, sigmaDb: r.sigma, samples: count, movedM: 0 }, picked };
  }
  if (prior.x === null || prior.y === null || Math.hypot((centroid[0] - prior.x) * eastScale, centroid[1] - prior.y) <= MAX_MOVE_M) starts.push(centroid);
  let best = { x: starts[0][0], y: starts[0][1], ...evaluate(starts[0][0], starts[0][1]) };
  for (const [sx, sy] of starts.slice(1)) {
    const r = evaluate(sx, sy);
    if (r.cost < best.cost) best = { x: sx, y: sy, ...r };
  }
  for (const step of SEARCH_STEPS_M) {
    for (let improved = true, guard = 0; improved && guard < 4; guard++) { // a few moves per step size: the next, finer step corrects
      improved = false;
      for (const [dx, dy] of [[step, 0], [-step, 0], [0, step], [0, -step]]) {
        const nx = best.x + dx / eastScale, ny = best.y + dy;
        if (prior.x !== null && prior.y !== null && Math.hypot((nx - prior.x) * eastScale, ny - prior.y) > MAX_MOVE_M) continue;
        const r = evaluate(nx, ny);
        if (r.cost < best.cost - 1e-9) {
          best = { x: nx, y: ny, ...r };
          improved = true;
        }
      }
    }
  }
  const movedM = prior.x === null || prior.y === null ? 0 : Math.hypot((best.x - prior.x) * eastScale, best.y - prior.y);
  return { fit: { x: best.x, y: best.y, dbmAt1m: best.a, n: best.n, sigmaDb: best.sigma, samples: count, movedM }, picked };
}

/**
 * How far the fitted position may be off, m per axis, were the readings independent: the cost is −2 log posterior,
 * so its curvature across the best position gives the variance (Laplace), σ² = 2 / ∂²cost. Flat or bent the wrong
 * way, the readings do not pin it down (MAX_MOVE_M).
 */
function positionSpreadM(costHere: number, costAt: (dxM: number, dyM: number) => number): number {
  const h = POSITION_PROBE_M, h2 = h * h;
  const kx = (costAt(h, 0) + costAt(-h, 0) - 2 * costHere) / h2;
  const ky = (costAt(0, h) + costAt(0, -h) - 2 * costHere) / h2;
  if (!(kx > 0) || !(ky > 0)) return MAX_MOVE_M;
  return Math.min(MAX_MOVE_M, Math.max(MIN_POSITION_SIGMA_M, Math.sqrt(1 / kx + 1 / ky)));
}

/** Readings with the phone that sent each (a device id; every anonymous reading shares one). */
export interface PhoneSamples extends FitSamples {
  phone: ArrayLike<number>;
  accuracyM: ArrayLike<number>; // m: each fix's stated accuracy (RMS), for how far it may be off
}

const CONSENSUS_CANDIDATES = 64; // phones whose loudest reading is tried as where the hotspot may be
const MAJORITY = 2; // votes a place must hold for each that puts the hotspot elsewhere
const FREE_SPACE_N = 2; // path-loss exponent in free space: no street is kinder over hundreds of metres
// dB a reading may stand above free space from a legal hotspot: kind shadowing. In a harsher simulated world (σ 8 dB)
// at 0 dB 13 % of the best-heard hotspot's honest readings were "impossible", at 6 dB a discovery was lost; at 10 dB
// the maps are as before, and the phones' coherence and majority (below) stop the made-up hotspots all the same.
const SHADOW_MARGIN_DB = 10;

/** How far from a legal hotspot a reading this loud can have been taken, m: the loudest level in free space, kind shadowing allowed. */
export function farthestHeardM(dbm: number): number {
  return 10 ** ((LOUDEST_DBM_AT_1M + SHADOW_MARGIN_DB - dbm) / (10 * FREE_SPACE_N));
}

/**
 * The readings one fixed, legal hotspot could have produced (indices, ascending; none when the phones put it in
 * places no hotspot spans). Each reading bounds how far its source stood (farthestHeardM, plus twice its fix's
 * accuracy and GPS slack), so two readings can share a source only if their bounds overlap. Five phones naming a
 * made-up BSSID along a legal curve in five places kilometres apart, fitted as one hotspot, became a transmitter
 * between them whose flat curve "explained" every place and covered the city (truth simulation,
 * `--liar-follows-physics --liar-phones 5`: 1,350–1,480 ha). So:
 * - a phone whose own readings cannot share a source with its loudest one heard the BSSID loudly in two such places:
 *   it was not near one fixed hotspot, and none of its readings count;
 * - every other phone votes by its loudest reading (the one that bounds the source most); each vote is tried as the
 *   place, joined by the louder-first votes that can share a source with it and each other, and the place most votes
 *   hold wins, with the readings that can share their source (two places held by as many votes: only the incoherent
 *   phones are left out, and the placement's own check decides);
 * - it must hold two votes for each that puts the hotspot elsewhere (so one GPS glitch, or a liar or two naming it
 *   from afar, is left out); short of that the BSSID is spoofed or moving (a phone's tether under the City's name).
 * Honest readings sit tens of dB below the legal limit and all agree: nothing is dropped.
 */
export function oneHotspotReadings(s: PhoneSamples, eastScale = 1): number[] {
  const all = Array.from({ length: s.count }, (_, i) => i);
  const bound = all.map((i) => farthestHeardM(s.dbm[i]) + 2 * s.accuracyM[i] + POSITION_SLACK_M);
  const agree = (i: number, j: number) => Math.hypot((s.x[i] - s.x[j]) * eastScale, s.y[i] - s.y[j]) <= bound[i] + bound[j];
  const loudestOf = new Map<number, number>();
  for (const i of all) {
    const loudest = loudestOf.get(s.phone[i]);
    if (loudest === undefined || s.dbm[i] > s.dbm[loudest]) loudestOf.set(s.phone[i], i);
  }
  const coherent = new Set(loudestOf.keys());
  for (const i of all) if (!agree(i, loudestOf.get(s.phone[i])!)) coherent.delete(s.phone[i]); // each reading against its own phone's loudest, once
  const votes = [...loudestOf].filter(([phone]) => coherent.has(phone)).map(([, loudest]) => loudest);
  const byLoudness = [...votes].sort((a, b) => s.dbm[b] - s.dbm[a] || a - b);
  // Each vote tried as the place, with the votes that can share a source with it and each other (loudest first:
  // they bound it most). Votes only, a few dozen; the readings are sifted once, for the place chosen.
  const places = byLoudness.slice(0, CONSENSUS_CANDIDATES).map((c) => {
    const held = [c];
    for (const v of byLoudness) if (v !== c && held.every((h) => agree(v, h))) held.push(v);
    return held.sort((a, b) => a - b);
  });
  const most = Math.max(0, ...places.map((held) => held.length));
  if (most < MAJORITY * (votes.length - most)) return []; // (no coherent phone at all: no votes, and nothing is kept below)
  const top = places.filter((held) => held.length === most);
  const coherentReadings = coherent.size === loudestOf.size ? all : all.filter((i) => coherent.has(s.phone[i]));
  // As many votes for two places (quiet votes fit either): physics cannot tell them apart; the placement's own check
  // of the loudest phones against the others does (placeHotspotByPhones), so nothing more is dropped here.
  if (top.some((held) => held.join() !== top[0].join())) return coherentReadings;
  const kept = coherentReadings.filter((i) => top[0].every((h) => agree(i, h)));
  return kept.length === s.count ? all : kept;
}

const CHECKED_PHONES = 3; // the loudest phones pull a placement most (the centroid weighs by mW); each is checked against the rest

/**
 * placeHotspot, with the loudest phones' readings checked against where the other phones place it: a reading louder
 * than any legal hotspot could be at that distance, the others' stated radius and GPS error allowed, is dropped.
 * Nothing else anchors a discovery, so one phone sending −30 dBm 200 m away used to drag it there: its readings
 * outweigh everyone's in the loudness centroid, and the fit starts from it (scripts/eval/position-spread.ts). Honest
 * readings sit tens of dB below the legal limit, so they pass unless the others' placement misses by more than its
 * radius. Returns the fit and which readings it kept (null: none placed). `together`: oneHotspotReadings, if the caller has it.
 */
export function placeHotspotByPhones(samples: PhoneSamples, priorOf: (s: FitSamples) => FitPrior, eastScale = 1, together = oneHotspotReadings(samples, eastScale)): { fit: PlacedFit; kept: number[] } | null {
  let kept = together;
  const loudest = new Map<number, number>();
  for (const i of together) loudest.set(samples.phone[i], Math.max(loudest.get(samples.phone[i]) ?? -Infinity, samples.dbm[i]));
  /** The phone's readings a hotspot where the other kept readings place it could give (all of them if too few others). */
  const possible = (phone: number, among: readonly number[]): number[] => {
    const others = among.filter((i) => samples.phone[i] !== phone), own = together.filter((i) => samples.phone[i] === phone);
    const otherPhones = new Set(others.map((i) => samples.phone[i])).size;
    if (otherPhones < 2) return own; // one other phone is one voice against another
    const rest = subset(samples, others), fit = placeHotspot(rest, priorOf(rest), eastScale);
    if (!fit) return own;
    const slackM = positionWithinM(fit, otherPhones) + POSITION_SLACK_M;
    return own.filter((i) => samples.dbm[i] <= loudestPossibleDbm(Math.hypot((samples.x[i] - fit.x) * eastScale, samples.y[i] - fit.y) - slackM));
  };
  const checked = [...loudest.keys()].sort((a, b) => loudest.get(b)! - loudest.get(a)! || a - b).slice(0, CHECKED_PHONES);
  const trimmed: number[] = [];
  for (const phone of checked) {
    const own = possible(phone, kept), before = kept.length;
    kept = [...kept.filter((i) => samples.phone[i] !== phone), ...own].sort((a, b) => a - b);
    if (kept.length < before) trimmed.push(phone);
  }
  // A phone judged while a liar still dragged the others' placement is judged again once the liar is out.
  for (const phone of trimmed) kept = [...kept.filter((i) => samples.phone[i] !== phone), ...possible(phone, kept)].sort((a, b) => a - b);
  const chosen = subset(samples, kept), fit = placeHotspot(chosen, priorOf(chosen), eastScale);
  return fit ? { fit, kept } : null;
}

function subset(s: FitSamples, indices: readonly number[]): FitSamples {
  return { x: indices.map((i) => s.x[i]), y: indices.map((i) => s.y[i]), dbm: indices.map((i) => s.dbm[i]), weight: indices.map((i) => s.weight[i]), count: indices.length };
}

/**
 * The radius around a fitted position that holds the true one in about 9 cases of 10, m. One phone's readings share
 * its bias and its walk's shadowing, so they count as one reading, not as many: the curvature's spread grows by
 * √(readings fitted / phones). Truth simulation (scripts/eval/position-spread.ts, seeds 1–3: 629 discoveries placed
 * from the first 6 … all of their readings): the truth inside it in 86 % (78–93 % by number of readings); the
 * curvature alone held it within 2.45 σ (95 % for a normal error) in 29–66 %, the more readings the fewer.
 */
export function positionWithinM(fit: Pick<PlacedFit, 'positionSigmaM' | 'samples'>, devices: number): number {
  const perPhone = Math.sqrt(Math.min(fit.samples, MAX_FIT_SAMPLES) / Math.max(1, devices));
  return Math.min(MAX_POSITION_WITHIN_M, RADIUS_SIGMAS * fit.positionSigmaM * Math.max(1, perPhone));
}

export interface Picked { x: Float64Array; y: Float64Array; dbm: Float64Array; w: Float64Array; n: number }

/**
 * How far from the fitted hotspot the readings that fit its curve, and that a hotspot there could have produced,
 * were taken (the 90th percentile of their distances, plus GPS error). Beyond it the curve is extrapolation: a
 * hotspot no planner has vetted is drawn no further, so phones agreeing on a strong reading in one spot paint that
 * spot, not the city. `unbroken`: only out to the first ring HEARD_GAP_M wide that no reading falls in.
 */
export function heardWithinM(samples: FitSamples, fit: Pick<HotspotFit, 'x' | 'y' | 'dbmAt1m' | 'n'>, eastScale = 1, unbroken = false): number {
  const distances: number[] = [];
  for (let i = 0; i < samples.count; i++) {
    const d = Math.hypot((samples.x[i] - fit.x) * eastScale, samples.y[i] - fit.y);
    const curve = fit.dbmAt1m - 10 * fit.n * Math.log10(Math.max(d, MIN_FIT_DISTANCE_M));
    // What the fit weighed (the rest it dropped), and what a hotspot standing there could have produced at all.
    if (Math.abs(samples.dbm[i] - curve) < TUKEY_C_DB && samples.dbm[i] <= loudestPossibleDbm(d - POSITION_SLACK_M)) distances.push(d);
  }
  if (distances.length === 0) return HEARD_MARGIN_M;
  distances.sort((a, b) => a - b);
  if (unbroken) for (let k = 1; k < distances.length; k++) if (distances[k] - distances[k - 1] > HEARD_GAP_M) { distances.length = k; break; }
  return distances[Math.min(distances.length - 1, Math.floor(HEARD_QUANTILE * distances.length))] + HEARD_MARGIN_M;
}

/** Max level physics allows `d` metres away: the loudest hotspot with the gentlest exponent. */
export function loudestPossibleDbm(distanceM: number): number {
  return LOUDEST_DBM_AT_1M - 10 * EXPONENT_BOUNDS[0] * Math.log10(Math.max(distanceM, 1));
}

/**
 * Readings the hotspot could have produced: with a prior position, nothing louder than physics allows at the
 * nearest point it may have moved to (a −30 dBm reading 400 m away is a lie or another transmitter).
 */
function plausible(s: FitSamples, prior: FitPrior, east: number): FitSamples {
  if (prior.x === null || prior.y === null) return s;
  const x: number[] = [], y: number[] = [], dbm: number[] = [], weight: number[] = [];
  for (let i = 0; i < s.count; i++) {
    const d = Math.hypot((s.x[i] - prior.x) * east, s.y[i] - prior.y);
    if (s.dbm[i] > loudestPossibleDbm(d - MAX_MOVE_M * 0.5)) continue;
    x.push(s.x[i]); y.push(s.y[i]); dbm.push(s.dbm[i]); weight.push(s.weight[i]);
  }
  return { x, y, dbm, weight, count: x.length };
}

/**
 * At most `max` samples, chosen and ordered by what each reading says (where, how loud, how precise), never by
 * when it arrived: the same readings give the same fit in any order. An even stride over arrival order moved the
 * city's covered area by 4 % between two orders of the same readings (truth simulation, seed 1).
 */
export function sampleByContent(s: FitSamples, max: number): Picked {
  const count = s.count, keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) keys[i] = contentHash(s.x[i], s.y[i], s.dbm[i], s.weight[i]);
  let chosen = Array.from({ length: count }, (_, i) => i);
  // The smallest `max` hashes: those under a threshold a few times the expected share (else all of them).
  const limit = ((4 * max) / count) * 2 ** 32;
  if (count > max) {
    const under = chosen.filter((i) => keys[i] < limit);
    if (under.length >= max) chosen = under;
  }
  // Equal hashes are ordered by the values themselves, so even a collision does not depend on arrival.
  chosen.sort((i, j) => keys[i] - keys[j] || s.x[i] - s.x[j] || s.y[i] - s.y[j] || s.dbm[i] - s.dbm[j] || s.weight[i] - s.weight[j]);
  const n = Math.min(count, max);
  const out: Picked = { x: new Float64Array(n), y: new Float64Array(n), dbm: new Float64Array(n), w: new Float64Array(n), n };
  for (let k = 0; k < n; k++) {
    const i = chosen[k];
    out.x[k] = s.x[i]; out.y[k] = s.y[i]; out.dbm[k] = s.dbm[i]; out.w[k] = s.weight[i];
  }
  return out;
}

const hashWords = new Uint32Array(8), hashValues = new Float64Array(hashWords.buffer);

/** A 32-bit hash of a reading's values (their exact bits; MurmurHash3's mixing). */
function contentHash(x: number, y: number, dbm: number, weight: number): number {
  hashValues[0] = x; hashValues[1] = y; hashValues[2] = dbm; hashValues[3] = weight;
  let h = 0x9747b28c;
  for (let k = 0; k < 8; k++) {
    let w = Math.imul(hashWords[k], 0xcc9e2d51);
    w = Math.imul((w << 15) | (w >>> 17), 0x1b873593);
    h ^= w;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

/** Readings weighted by received power (mW): the strongest ones sit nearest the transmitter. */
function weightedCentroid(p: Picked): [number, number] {
  return loudnessCentroid({ x: p.x, y: p.y, dbm: p.dbm, weight: p.w, count: p.n });
}

/** Where the readings are loudest: their centroid weighted by received power (and each reading's own weight). */
export function loudnessCentroid(s: FitSamples): [number, number] {
  let sw = 0, sx = 0, sy = 0, top = -Infinity;
  for (let i = 0; i < s.count; i++) top = Math.max(top, s.dbm[i]);
  for (let i = 0; i < s.count; i++) {
    const w = s.weight[i] * 10 ** ((s.dbm[i] - top) / 10);
    sw += w; sx += w * s.x[i]; sy += w * s.y[i];
  }
  return sw > 0 ? [sx / sw, sy / sw] : [s.x[0], s.y[0]];
}

/** Robust ridge fit of (a, n) with the hotspot at (px, py); cost = data misfit + priors (negative log posterior). */
function fitAt(p: Picked, prior: FitPrior, px: number, py: number, east: number): { a: number; n: number; sigma: number; cost: number } {
  const lx = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const d = Math.hypot((p.x[i] - px) * east, p.y[i] - py);
    lx[i] = -10 * Math.log10(Math.max(d, MIN_FIT_DISTANCE_M)); // RSSI = a + n·lx
  }
  const s2 = FIT_NOISE_DB * FIT_NOISE_DB;
  const pa = 1 / prior.dbmAt1mSigma ** 2, pn = 1 / prior.nSigma ** 2;
  const robust = new Float64Array(p.n).fill(1);
  let a = prior.dbmAt1m, n = prior.n;
  for (let round = 0; round < IRLS_ROUNDS; round++) {
    // Normal equations of Σ w r²/σ² + (a − a0)²/σa² + (n − n0)²/σn².
    let saa = pa, san = 0, snn = pn, ba = pa * prior.dbmAt1m, bn = pn * prior.n;
    for (let i = 0; i < p.n; i++) {
      const w = (p.w[i] * robust[i]) / s2;
      saa += w; san += w * lx[i]; snn += w * lx[i] * lx[i];
      ba += w * p.dbm[i]; bn += w * lx[i] * p.dbm[i];
    }
    const det = saa * snn - san * san;
    if (!(Math.abs(det) > 1e-12)) break;
    a = (ba * snn - bn * san) / det;
    n = (saa * bn - san * ba) / det;
    if (n < EXPONENT_BOUNDS[0] || n > EXPONENT_BOUNDS[1]) {
      n = Math.min(EXPONENT_BOUNDS[1], Math.max(EXPONENT_BOUNDS[0], n)); // refit the level with n held at the bound
      let num = pa * prior.dbmAt1m, den = pa;
      for (let i = 0; i < p.n; i++) {
        const w = (p.w[i] * robust[i]) / s2;
        num += w * (p.dbm[i] - n * lx[i]); den += w;
      }
      a = num / den;
    }
    if (a > LOUDEST_DBM_AT_1M) {
      // Louder than any legal hotspot: hold the level at that limit and refit the exponent.
      a = LOUDEST_DBM_AT_1M;
      let num = pn * prior.n, den = pn;
      for (let i = 0; i < p.n; i++) {
        const w = (p.w[i] * robust[i]) / s2;
        num += w * lx[i] * (p.dbm[i] - a); den += w * lx[i] * lx[i];
      }
      n = Math.min(EXPONENT_BOUNDS[1], Math.max(EXPONENT_BOUNDS[0], num / den));
    }
    for (let i = 0; i < p.n; i++) {
      const r = Math.abs(p.dbm[i] - (a + n * lx[i]));
      if (round < HUBER_ROUNDS - 1) robust[i] = r <= HUBER_K_DB ? 1 : HUBER_K_DB / r;
      else robust[i] = r < TUKEY_C_DB ? (1 - (r / TUKEY_C_DB) ** 2) ** 2 : 0;
    }
  }
  let cost = ((a - prior.dbmAt1m) ** 2) * pa + ((n - prior.n) ** 2) * pn;
  const residuals = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const r = Math.abs(p.dbm[i] - (a + n * lx[i])) / FIT_NOISE_DB;
    residuals[i] = r * FIT_NOISE_DB;
    const k = HUBER_K_DB / FIT_NOISE_DB;
    cost += p.w[i] * (r <= k ? r * r : 2 * k * r - k * k); // Huber loss in σ units
  }
  if (prior.x !== null && prior.y !== null && prior.positionSigmaM > 0) cost += (((px - prior.x) * east) ** 2 + (py - prior.y) ** 2) / prior.positionSigmaM ** 2;
  residuals.sort();
  const sigma = 1.4826 * residuals[residuals.length >> 1];
  return { a, n, sigma, cost };
}
