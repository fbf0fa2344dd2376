/**
 * Simplifies a set of polygons that tile an area (the wards) without opening slivers between
 * neighbours: every border is split into arcs at junctions (where three or more polygons, or two
 * polygons and the outside, meet), each arc is simplified once with Turf's Douglas–Peucker
 * (highQuality), and both neighbours reuse that same simplified arc. Junction vertices are never
 * moved, so the pieces still fit edge to edge.
 *
 * Needs exactly coincident shared vertices (true for the 2018 ward file: it is one hand-edited
 * coverage). Simplification runs in a local equirectangular projection so the tolerance is in
 * metres in every direction (a degree of longitude is ~27 % shorter than one of latitude here).
 */
import { lineString, simplify } from '@turf/turf';
import type { Position } from 'geojson';

export interface SharedBorderResult {
  /** Simplified closed rings, same keys and order as the input. */
  rings: Map<string, Position[]>;
  /** Vertex keys ("lon,lat" of the input) that survived; use it to thin a ring drawn from the same vertices. */
  keptVertices: Set<string>;
  arcCount: number;
}

const METRES_PER_DEGREE_LAT = 111_132; // mean meridian degree; error < 0.5 % at 43° N, fine for a tolerance

export function vertexKey(position: Position): string {
  return `${position[0]},${position[1]}`;
}

/** rings: closed exterior rings (first = last position) keyed by polygon id. */
export function simplifySharedBorders(rings: Map<string, Position[]>, toleranceM: number): SharedBorderResult {
  if (!(toleranceM > 0)) throw new Error(`tolerance must be a positive number of metres, got ${toleranceM}`);
  const open = new Map([...rings].map(([id, ring]) => [id, openRing(ring, id)]));
  const junctions = findJunctions(open);

  const meanLat = average([...open.values()].flat().map((p) => p[1]));
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((meanLat * Math.PI) / 180);
  const toMetres = (p: Position): Position => [p[0] * metresPerDegreeLon, p[1] * METRES_PER_DEGREE_LAT];

  const simplifiedArcs = new Map<string, Position[]>(); // canonical arc key -> simplified, canonical direction
  const keptVertices = new Set<string>();
  const result = new Map<string, Position[]>();

  for (const [id, ring] of open) {
    const start = ring.findIndex((p) => junctions.has(vertexKey(p)));
    const rotated = [...ring.slice(start), ...ring.slice(0, start)];
    rotated.push(rotated[0]);
    const out: Position[] = [rotated[0]];
    let arcStart = 0;
    for (let i = 1; i < rotated.length; i++) {
      if (!junctions.has(vertexKey(rotated[i]))) continue;
      const arc = rotated.slice(arcStart, i + 1);
      const forwardKey = arc.map(vertexKey).join(';');
      const reverseKey = [...arc].reverse().map(vertexKey).join(';');
      const canonicalKey = forwardKey < reverseKey ? forwardKey : reverseKey;
      let simplified = simplifiedArcs.get(canonicalKey);
      if (!simplified) {
        const canonical = forwardKey < reverseKey ? arc : [...arc].reverse();
        simplified = simplifyArc(canonical, toleranceM, toMetres);
        simplifiedArcs.set(canonicalKey, simplified);
      }
      const oriented = forwardKey === canonicalKey ? simplified : [...simplified].reverse();
      out.push(...oriented.slice(1));
      arcStart = i;
    }
    if (out.length < 4) throw new Error(`ring "${id}" collapsed to ${out.length} positions at ${toleranceM} m`);
    for (const p of out) keptVertices.add(vertexKey(p));
    result.set(id, out);
  }
  return { rings: result, keptVertices, arcCount: simplifiedArcs.size };
}

function openRing(ring: Position[], id: string): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1]) {
    throw new Error(`ring "${id}" is not a closed ring of at least 4 positions`);
  }
  const open = ring.slice(0, -1);
  const keys = open.map(vertexKey);
  if (new Set(keys).size !== keys.length) throw new Error(`ring "${id}" visits a vertex twice`);
  return open;
}

/**
 * A vertex is a junction when its neighbours along the rings that use it are more than two
 * distinct vertices (as in TopoJSON): there a border between two polygons starts or ends.
 * A ring without any junction (an island, or an enclave) gets its smallest vertex as one,
 * chosen the same way for both sides.
 */
function findJunctions(open: Map<string, Position[]>): Set<string> {
  const neighbours = new Map<string, Set<string>>();
  for (const ring of open.values()) {
    ring.forEach((p, i) => {
      const key = vertexKey(p);
      const set = neighbours.get(key) ?? new Set<string>();
      set.add(vertexKey(ring[(i + ring.length - 1) % ring.length]));
      set.add(vertexKey(ring[(i + 1) % ring.length]));
      neighbours.set(key, set);
    });
  }
  const junctions = new Set([...neighbours].filter(([, set]) => set.size > 2).map(([key]) => key));
  for (const ring of open.values()) {
    const keys = ring.map(vertexKey);
    if (!keys.some((k) => junctions.has(k))) junctions.add(keys.reduce((a, b) => (a < b ? a : b)));
  }
  return junctions;
}

function simplifyArc(arc: Position[], toleranceM: number, toMetres: (p: Position) => Position): Position[] {
  if (arc.length <= 2) return arc;
  const projected = arc.map(toMetres);
  // Map simplified (projected) positions back to the original vertices by exact identity of
  // the projected numbers: Turf keeps a subset of the input positions, it does not move them.
  const original = new Map(projected.map((p, i) => [vertexKey(p), arc[i]]));
  const closed = vertexKey(arc[0]) === vertexKey(arc[arc.length - 1]);
  const line = simplify(lineString(projected), { tolerance: toleranceM, highQuality: true });
  const kept = line.geometry.coordinates.map((p) => {
    const vertex = original.get(vertexKey(p));
    if (!vertex) throw new Error(`simplify returned a position not in the input: ${vertexKey(p)}`);
    return vertex;
  });
  // A closed arc (a whole island ring) must keep at least a triangle.
  if (closed && kept.length < 4) return arc;
  return kept;
}

function average(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
