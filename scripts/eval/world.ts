// A seeded simulated world: true hotspots with heterogeneous radios and spatially correlated shadowing,
// and the City's registry derived from them with the errors a real registry has. Pure: no I/O.
import { gaussian, mulberry32, uniform, type Random } from '../../server/domain/coverage/random';
import { frameAt, round6, type Frame } from './geo';

export type Band = '2.4' | '5';

export const WORLD_DEFAULTS = {
  hotspots: 120, // true hotspot sites, dead ones included
  centre: [-80.485, 43.44] as [number, number], // lon, lat: just south-east of downtown Kitchener; the 4 km square around it lies inside the city boundary
  regionM: 4_000, // m: side of the square the hotspots sit in
  clusters: 5, // commercial streets and plazas where a share of the hotspots bunch up
  clusteredShare: 0.4, // of hotspots placed around a cluster centre rather than uniformly
  clusterSigmaM: 300, // m: spread of a cluster
  minSpacingM: 20, // m: two City hotspots closer than this would be one venue
  eirpDbm: { indoor: [14, 23], outdoor: [18, 27] } as Record<'indoor' | 'outdoor', [number, number]>, // dBm: small indoor units … outdoor mesh nodes
  fiveGhzShare: 0.5, // of hotspots on 5 GHz
  exponent: { indoor: [2.6, 3.4], outdoor: [2.2, 3.2] } as Record<'indoor' | 'outdoor', [number, number]>, // path-loss exponent n: heard outdoors from inside a building (walls, furniture) / outdoors, open park … dense street (the design's ranges, as the README's evaluation section lists them; each hotspot its own)
  indoorShare: 0.6, // of hotspots inside a building
  wallLossDb: [8, 16] as [number, number], // dB: one exterior wall or window, heard outdoors
  shadowSigmaDb: 6, // dB: log-normal shadowing, typical urban 4–8 dB
  shadowCorrelationM: 50, // m: distance at which the shadowing correlation falls to 1/e (urban 20–80 m)
  shadowFeatures: 64, // random Fourier features per hotspot: cheap to evaluate anywhere, near-Gaussian
  unregisteredShare: 0.1, // of true hotspots: the City's SSID on an unknown BSSID
  deadShare: 0.1, // of registered hotspots: listed active, truly off
  positionSigmaM: 15, // m per axis: a registry position from an address or a rough map click
  misplacedShare: 0.1, // of registered hotspots: placed at the wrong building
  misplacedM: [60, 150] as [number, number], // m: how far off a misplaced one is
  knownRadioShare: 0.25, // of registered hotspots whose EIRP and band the registry knows; the rest say 20 dBm, 2.4 GHz
  indoorFlagRight: 0.8, // probability the registry's indoor flag is right
  ssid: 'Kitchener-Free-WiFi', // the City's one free SSID
};
export type WorldOptions = typeof WORLD_DEFAULTS;

export const REFERENCE_LOSS_DB: Record<Band, number> = { '2.4': 40, '5': 47 }; // dB at 1 m (free space at 2.44 / 5.5 GHz)
export const NOMINAL_EIRP_DBM = 20; // dBm: what the registry says when it does not know
const SHADOW_PRUNE_SIGMAS = 5; // a hotspot whose mean is 5 σ below the best value so far would need a shadow seen once in ~3.5 million draws

/** Spatially correlated Gaussian shadowing as a sum of random Fourier features (a Gaussian kernel). */
export interface Shadow {
  wx: Float64Array; // rad/m
  wy: Float64Array;
  phase: Float64Array; // rad
  amplitude: number; // σ·√(2/M), dB
}

export interface Hotspot {
  id: number;
  x: number; // m east of the region centre
  y: number; // m north
  lon: number;
  lat: number;
  eirpDbm: number;
  band: Band;
  exponent: number;
  indoor: boolean;
  wallLossDb: number; // 0 outdoors
  bssid: string;
  alive: boolean; // false: dead (still listed active in the registry)
  registered: boolean;
  shadow: Shadow;
}

/** One access point as the City's registry lists it. */
export interface RegistryRecord {
  hotspotId: number;
  name: string;
  lon: number;
  lat: number;
  offsetM: number; // m: distance from the true position (evaluation only)
  misplaced: boolean; // evaluation only
  eirpDbm: number;
  band: Band;
  indoor: boolean;
  bssids: string[];
}

export interface World {
  seed: number;
  options: WorldOptions;
  frame: Frame;
  halfM: number; // m: the region is [-halfM, halfM]² in frame metres
  hotspots: Hotspot[];
  registry: RegistryRecord[];
}

export function buildWorld(seed: number, overrides: Partial<WorldOptions> = {}): World {
  const options = { ...WORLD_DEFAULTS, ...overrides };
  if (!(Number.isInteger(options.hotspots) && options.hotspots >= 1)) throw new RangeError(`hotspots ${options.hotspots} must be a whole number ≥ 1`);
  const random = mulberry32(seed);
  const frame = frameAt(options.centre[0], options.centre[1]);
  const halfM = options.regionM / 2;
  const hotspots = placeHotspots(random, options, halfM).map(([x, y], id): Hotspot => {
    const indoor = random() < options.indoorShare;
    return {
      id, x, y, lon: round6(frame.lon(x)), lat: round6(frame.lat(y)),
      eirpDbm: Math.round(uniform(random, ...options.eirpDbm[indoor ? 'indoor' : 'outdoor']) * 10) / 10,
      band: random() < options.fiveGhzShare ? '5' : '2.4',
      exponent: uniform(random, ...options.exponent[indoor ? 'indoor' : 'outdoor']),
      indoor,
      wallLossDb: indoor ? uniform(random, options.wallLossDb[0], options.wallLossDb[1]) : 0,
      bssid: macAddress(random),
      alive: true,
      registered: true,
      shadow: makeShadow(random, options.shadowSigmaDb, options.shadowCorrelationM, options.shadowFeatures),
    };
  });
  const registry = deriveRegistry(random, hotspots, frame, options);
  return { seed, options, frame, halfM, hotspots, registry };
}

function placeHotspots(random: Random, o: WorldOptions, halfM: number): [number, number][] {
  const inside = (v: number) => Math.abs(v) <= halfM;
  const centres = Array.from({ length: o.clusters }, () => [uniform(random, -halfM * 0.7, halfM * 0.7), uniform(random, -halfM * 0.7, halfM * 0.7)]);
  const placed: [number, number][] = [];
  while (placed.length < o.hotspots) {
    let x: number, y: number;
    if (random() < o.clusteredShare) {
      const [cx, cy] = centres[Math.floor(random() * centres.length)];
      x = cx + gaussian(random) * o.clusterSigmaM;
      y = cy + gaussian(random) * o.clusterSigmaM;
    } else {
      x = uniform(random, -halfM, halfM);
      y = uniform(random, -halfM, halfM);
    }
    if (inside(x) && inside(y) && placed.every(([px, py]) => Math.hypot(px - x, py - y) >= o.minSpacingM)) placed.push([x, y]);
  }
  return placed;
}

/** Gaussian kernel exp(−d²/2ℓ²) with ℓ = L/√2, so the correlation is 1/e at the correlation length L. */
export function makeShadow(random: Random, sigmaDb: number, correlationM: number, features: number): Shadow {
  const ell = correlationM / Math.SQRT2;
  const wx = new Float64Array(features), wy = new Float64Array(features), phase = new Float64Array(features);
  for (let k = 0; k < features; k++) {
    wx[k] = gaussian(random) / ell;
    wy[k] = gaussian(random) / ell;
    phase[k] = 2 * Math.PI * random();
  }
  return { wx, wy, phase, amplitude: sigmaDb * Math.sqrt(2 / features) };
}

export function shadowDb(s: Shadow, x: number, y: number): number {
  let sum = 0;
  for (let k = 0; k < s.wx.length; k++) sum += Math.cos(s.wx[k] * x + s.wy[k] * y + s.phase[k]);
  return s.amplitude * sum;
}

/** The hotspot's signal at distance d without shadowing, dBm (what it would be on average). */
export function meanDbm(h: Hotspot, distanceM: number): number {
  return h.eirpDbm - REFERENCE_LOSS_DB[h.band] - h.wallLossDb - 10 * h.exponent * Math.log10(Math.max(distanceM, 1));
}

/** The hotspot's true signal at (x, y), shadowing included; −∞ when it is dead. */
export function hotspotDbm(h: Hotspot, x: number, y: number): number {
  if (!h.alive) return -Infinity;
  return meanDbm(h, Math.hypot(x - h.x, y - h.y)) + shadowDb(h.shadow, x, y);
}

/** The true signal at (x, y): the strongest live hotspot there (−∞ and −1 when none is alive). */
export function trueSignal(world: World, x: number, y: number): { dbm: number; hotspot: number } {
  const { hotspots } = world;
  const means = new Float64Array(hotspots.length);
  let top = -1;
  for (let i = 0; i < hotspots.length; i++) {
    const h = hotspots[i];
    means[i] = h.alive ? meanDbm(h, Math.hypot(x - h.x, y - h.y)) : -Infinity;
    if (top < 0 || means[i] > means[top]) top = i;
  }
  if (top < 0 || means[top] === -Infinity) return { dbm: -Infinity, hotspot: -1 };
  // The strongest on average sets a bar; only hotspots that could beat it with a 5 σ shadow are evaluated.
  let dbm = means[top] + shadowDb(hotspots[top].shadow, x, y), hotspot = top;
  const reach = SHADOW_PRUNE_SIGMAS * world.options.shadowSigmaDb;
  for (let i = 0; i < hotspots.length; i++) {
    if (i === top || means[i] + reach < dbm) continue;
    const v = means[i] + shadowDb(hotspots[i].shadow, x, y);
    if (v > dbm) {
      dbm = v;
      hotspot = i;
    }
  }
  return { dbm, hotspot };
}

/** Distance from (x, y) to the nearest true hotspot site, dead ones included, m. */
export function nearestHotspotM(world: World, x: number, y: number): number {
  let best = Infinity;
  for (const h of world.hotspots) best = Math.min(best, Math.hypot(x - h.x, y - h.y));
  return best;
}

/** Exact shares, drawn by shuffling, so every seed has the stated numbers of each kind of error. */
function deriveRegistry(random: Random, hotspots: Hotspot[], frame: Frame, o: WorldOptions): RegistryRecord[] {
  const order = shuffle(random, hotspots.map((h) => h.id));
  const unregistered = Math.round(o.unregisteredShare * hotspots.length);
  for (const id of order.slice(0, unregistered)) hotspots[id].registered = false;
  const listed = order.slice(unregistered);
  const dead = Math.round(o.deadShare * listed.length);
  for (const id of listed.slice(0, dead)) hotspots[id].alive = false;
  const misplaced = new Set(shuffle(random, [...listed]).slice(0, Math.round(o.misplacedShare * listed.length)));
  const known = new Set(shuffle(random, [...listed]).slice(0, Math.round(o.knownRadioShare * listed.length)));
  return listed
    .sort((a, b) => a - b)
    .map((id) => {
      const h = hotspots[id];
      let dx: number, dy: number;
      if (misplaced.has(id)) {
        const r = uniform(random, o.misplacedM[0], o.misplacedM[1]), a = 2 * Math.PI * random();
        dx = r * Math.cos(a);
        dy = r * Math.sin(a);
      } else {
        dx = gaussian(random) * o.positionSigmaM;
        dy = gaussian(random) * o.positionSigmaM;
      }
      const x = h.x + dx, y = h.y + dy;
      return {
        hotspotId: id,
        name: `Simulated hotspot ${id + 1}`,
        lon: round6(frame.lon(x)),
        lat: round6(frame.lat(y)),
        offsetM: Math.hypot(dx, dy),
        misplaced: misplaced.has(id),
        eirpDbm: known.has(id) ? h.eirpDbm : NOMINAL_EIRP_DBM,
        band: known.has(id) ? h.band : '2.4',
        indoor: random() < o.indoorFlagRight ? h.indoor : !h.indoor,
        bssids: [h.bssid],
      };
    });
}

export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A locally administered unicast MAC (02:…), so it never collides with a real vendor's. */
export function macAddress(random: Random): string {
  const bytes = [0x02, ...Array.from({ length: 5 }, () => Math.floor(random() * 256))];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The registry as the seed file data/access-points.geojson (server/services/seed.ts reads it). */
export function registryGeoJSON(world: World): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: world.registry.map((r) => ({
      type: 'Feature',
      properties: {
        seedId: `sim-${world.seed}-${r.hotspotId + 1}`, name: r.name, ssid: world.options.ssid, bssids: r.bssids,
        venue: r.indoor ? 'building' : 'street', address: null, operator: 'City of Kitchener', indoor: r.indoor,
        confidence: 'unverified', source: `truth simulation, seed ${world.seed}`, band: r.band, eirpDbm: r.eirpDbm,
      },
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    })),
  };
}
