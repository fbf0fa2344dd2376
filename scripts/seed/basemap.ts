/**
 * The embedded street basemap: arterials (GRT route alignments), local streets (traced from the
 * address points of each street), street-name labels (the anchors) and the address list the search
 * uses. Pure functions of the reference files; derive-seed.ts writes what they return.
 */
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiLineString, Point, Position } from 'geojson';
import { compareNatural } from './geojson-output';

/** 5 decimals of a degree is ~1 m: the address points themselves are given to 5 decimals. */
const BASEMAP_DECIMALS = 5;
const LAT0 = 43.45; // local metric frame centred on Kitchener: error < 0.1 % over the city
const M_PER_DEG_LAT = 111_132;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT0 * Math.PI) / 180);

/** Route lines: Douglas–Peucker at 3 m keeps every turn a bus makes at a corner. */
const ROUTE_SIMPLIFY_M = 3;
/** Address points of one street closer than this are one point (apartment units share a door). */
const ADDRESS_DEDUPE_M = 5;
/** Each point moves to the mean of its street's points within this radius: both sides of a street average onto its centre line. */
const CENTRELINE_RADIUS_M = 40;
/** Traced points farther apart than this are not joined: beyond it a street has a gap without houses, or it is two streets of one name. */
const MAX_LINK_M = 90;
/** Dead-end twigs shorter than this, left by the tracing on wide lots, are dropped. */
const MIN_TWIG_M = 30;
/** Local street lines: Douglas–Peucker at 6 m, below a line's drawn width at street zoom. */
const STREET_SIMPLIFY_M = 6;

const round = (v: number) => Math.round(v * 10 ** BASEMAP_DECIMALS) / 10 ** BASEMAP_DECIMALS;
const roundPos = (p: Position): Position => [round(p[0]), round(p[1])];
const toXY = ([lon, lat]: Position): [number, number] => [lon * M_PER_DEG_LON, (lat - LAT0) * M_PER_DEG_LAT];
const toLonLat = ([x, y]: [number, number]): Position => [x / M_PER_DEG_LON, y / M_PER_DEG_LAT + LAT0];

// ---- arterials ------------------------------------------------------------------------------------

export interface RouteProperties {
  route_id: string;
  route_short_name: string;
  route_long_name: string;
  mode: 'bus' | 'light_rail';
  trip_count: number;
}

export interface ArterialProperties {
  route: string; // "7", "301"
  name: string; // "King", "ION light rail"
  mode: 'bus' | 'light_rail';
  trips: number; // trips of the whole route in the feed period: a frequent route is a main road
}

/** One MultiLineString per route (its shapes together), simplified, frequent routes last so they draw on top. */
export function deriveArterials(routes: Feature<LineString | MultiLineString, RouteProperties>[]): Feature<MultiLineString, ArterialProperties>[] {
  const byRoute = new Map<string, { props: ArterialProperties; lines: Position[][] }>();
  const tolerance = ROUTE_SIMPLIFY_M / M_PER_DEG_LAT;
  for (const f of routes) {
    const p = f.properties;
    const entry = byRoute.get(p.route_id) ?? { props: { route: p.route_short_name, name: p.route_long_name, mode: p.mode, trips: 0 }, lines: [] };
    entry.props.trips += p.trip_count;
    const parts = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const part of parts) {
      if (part.length < 2) continue;
      const simple = turf.simplify(turf.lineString(part), { tolerance, highQuality: true }).geometry.coordinates.map(roundPos);
      entry.lines.push(simple);
    }
    byRoute.set(p.route_id, entry);
  }
  return [...byRoute.values()]
    .sort((a, b) => a.props.trips - b.props.trips || compareNatural(a.props.route, b.props.route))
    .map(({ props, lines }) => ({ type: 'Feature', properties: props, geometry: { type: 'MultiLineString', coordinates: lines } }));
}

// ---- local streets traced from address points ------------------------------------------------------

export interface AddressRow {
  number: string;
  street: string;
  unit: string;
  lon: number;
  lat: number;
}

type XY = [number, number];

/** Points within `radius` of each other, by a square grid of that size. */
function neighbourIndex(points: XY[], radius: number) {
  const cells = new Map<string, number[]>();
  const key = (cx: number, cy: number) => `${cx},${cy}`;
  points.forEach(([x, y], i) => {
    const k = key(Math.floor(x / radius), Math.floor(y / radius));
    (cells.get(k) ?? cells.set(k, []).get(k)!).push(i);
  });
  return (i: number): number[] => {
    const [x, y] = points[i];
    const cx = Math.floor(x / radius);
    const cy = Math.floor(y / radius);
    const out: number[] = [];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of cells.get(key(cx + dx, cy + dy)) ?? []) if (Math.hypot(points[j][0] - x, points[j][1] - y) <= radius) out.push(j);
    return out;
  };
}

/**
 * A street's centre line from its address points: the houses of both sides average onto the middle
 * (mean of the street's points within 40 m), the averaged points are joined by a minimum spanning
 * tree (links up to 90 m), short twigs are cut and the branches simplified. A drawing aid, not
 * surveyed geometry: where a street has houses on one side only the line runs ~15 m into the lots.
 */
export function traceStreet(points: Position[]): Position[][] {
  // 1. one point per door
  const seen = new Set<string>();
  const doors: XY[] = [];
  for (const p of points) {
    const xy = toXY(p);
    const k = `${Math.round(xy[0] / ADDRESS_DEDUPE_M)},${Math.round(xy[1] / ADDRESS_DEDUPE_M)}`;
    if (!seen.has(k)) {
      seen.add(k);
      doors.push(xy);
    }
  }
  if (doors.length < 2) return [];
  // 2. onto the centre line
  const near = neighbourIndex(doors, CENTRELINE_RADIUS_M);
  const centre: XY[] = doors.map((_, i) => {
    const group = near(i);
    return [group.reduce((s, j) => s + doors[j][0], 0) / group.length, group.reduce((s, j) => s + doors[j][1], 0) / group.length];
  });
  // 3. minimum spanning forest (Kruskal over links up to MAX_LINK_M)
  const linkable = neighbourIndex(centre, MAX_LINK_M);
  const links: [number, number, number][] = [];
  centre.forEach((_, i) => {
    for (const j of linkable(i)) if (j > i) links.push([Math.hypot(centre[i][0] - centre[j][0], centre[i][1] - centre[j][1]), i, j]);
  });
  links.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const parent = centre.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const adjacent: Set<number>[] = centre.map(() => new Set());
  for (const [, i, j] of links) {
    const a = root(i);
    const b = root(j);
    if (a === b) continue;
    parent[a] = b;
    adjacent[i].add(j);
    adjacent[j].add(i);
  }
  // 4. cut short twigs: a leaf's chain up to a fork, if shorter than MIN_TWIG_M
  const length = (chain: number[]) => chain.slice(1).reduce((s, n, k) => s + Math.hypot(centre[n][0] - centre[chain[k]][0], centre[n][1] - centre[chain[k]][1]), 0);
  for (let leaf = 0; leaf < centre.length; leaf++) {
    if (adjacent[leaf].size !== 1) continue;
    const chain = [leaf];
    let previous = -1;
    let at = leaf;
    while (adjacent[at].size <= 2) {
      const next = [...adjacent[at]].find((n) => n !== previous);
      if (next === undefined) break;
      previous = at;
      at = next;
      chain.push(at);
    }
    if (adjacent[at].size >= 3 && length(chain) < MIN_TWIG_M) {
      for (let k = 0; k < chain.length - 1; k++) {
        adjacent[chain[k]].delete(chain[k + 1]);
        adjacent[chain[k + 1]].delete(chain[k]);
      }
    }
  }
  // 5. the tree as polylines between its ends and forks
  const used = new Set<string>();
  const edge = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
  const lines: Position[][] = [];
  const walk = (start: number, first: number) => {
    const chain = [start, first];
    used.add(edge(start, first));
    let previous = start;
    let at = first;
    while (adjacent[at].size === 2) {
      const next = [...adjacent[at]].find((n) => n !== previous)!;
      if (used.has(edge(at, next))) break;
      used.add(edge(at, next));
      previous = at;
      at = next;
      chain.push(at);
    }
    const line = chain.map((i) => toLonLat(centre[i]));
    lines.push(turf.simplify(turf.lineString(line), { tolerance: STREET_SIMPLIFY_M / M_PER_DEG_LAT, highQuality: true }).geometry.coordinates.map(roundPos));
  };
  for (let i = 0; i < centre.length; i++) if (adjacent[i].size !== 2) for (const n of adjacent[i]) if (!used.has(edge(i, n))) walk(i, n);
  for (let i = 0; i < centre.length; i++) for (const n of adjacent[i]) if (!used.has(edge(i, n))) walk(i, n); // closed loops (crescents)
  return lines;
}

export function deriveStreets(rows: AddressRow[]): Feature<MultiLineString, { name: string }>[] {
  const byStreet = new Map<string, Position[]>();
  for (const r of rows) (byStreet.get(r.street) ?? byStreet.set(r.street, []).get(r.street)!).push([r.lon, r.lat]);
  const out: Feature<MultiLineString, { name: string }>[] = [];
  for (const name of [...byStreet.keys()].sort(compareNatural)) {
    const lines = traceStreet(byStreet.get(name)!);
    if (lines.length > 0) out.push({ type: 'Feature', properties: { name }, geometry: { type: 'MultiLineString', coordinates: lines } });
  }
  return out;
}

// ---- labels ----------------------------------------------------------------------------------------

export interface AnchorProperties {
  name: string;
  address_points: number;
  text_rotate: number;
  inside_kitchener: boolean;
}

export interface LabelProperties {
  name: string;
  rotate: number; // clockwise degrees, as MapLibre's text-rotate
  rank: number; // address points behind the label: a long, built-up street is labelled first
}

export function deriveLabels(anchors: Feature<Point, AnchorProperties>[]): Feature<Point, LabelProperties>[] {
  return anchors
    .map((f): Feature<Point, LabelProperties> => ({
      type: 'Feature',
      properties: { name: f.properties.name, rotate: Math.round(f.properties.text_rotate), rank: f.properties.address_points },
      geometry: { type: 'Point', coordinates: roundPos(f.geometry.coordinates) },
    }))
    .sort((a, b) => b.properties.rank - a.properties.rank || compareNatural(a.properties.name, b.properties.name));
}

// ---- the address list for search -------------------------------------------------------------------

/** Per street: its civic numbers and their positions, compact enough to keep on a phone for offline search. */
export interface StreetAddresses {
  name: string;
  numbers: string[]; // "200", "12A", "12 1/2", in natural order
  /** Positions in 1e-5 degrees, delta-encoded: [lon0, lat0, dlon1, dlat1, …]. */
  at: number[];
}

/** One position per street and civic number: where City and Region place the same address apart, their mean; units are one door. */
export function deriveAddressIndex(rows: AddressRow[]): StreetAddresses[] {
  const byStreet = new Map<string, Map<string, Position[]>>();
  for (const r of rows) {
    const numbers = byStreet.get(r.street) ?? byStreet.set(r.street, new Map()).get(r.street)!;
    (numbers.get(r.number) ?? numbers.set(r.number, []).get(r.number)!).push([r.lon, r.lat]);
  }
  return [...byStreet.keys()].sort(compareNatural).map((name) => {
    const numbers = byStreet.get(name)!;
    const sorted = [...numbers.keys()].sort(compareNatural);
    const at: number[] = [];
    let previous = [0, 0];
    for (const n of sorted) {
      const ps = numbers.get(n)!;
      const mean = [Math.round((ps.reduce((s, p) => s + p[0], 0) / ps.length) * 1e5), Math.round((ps.reduce((s, p) => s + p[1], 0) / ps.length) * 1e5)];
      at.push(mean[0] - previous[0], mean[1] - previous[1]);
      previous = mean;
    }
    return { name, numbers: sorted, at };
  });
}
