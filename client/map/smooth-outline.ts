// Gap outlines are traced along 25 m cell edges: drawn as they are, each one is a staircase that brings
// the squares back over a smooth coverage surface. For drawing only, every corner is cut (Chaikin-style)
// by at most half a cell, so a staircase becomes the line through its steps' midpoints — where the
// surface's own boundary runs — while long edges (ward lines, 1 km squares) keep their course.
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

export const maxCutM = 12.5; // m: half a 25 m cell, so no outline moves further than that from its cells
const passes = 2; // a chamfer, then a rounding of the chamfer's corners
const metresPerDegreeLat = 111_195; // on the sphere Turf uses; only ratios matter here

/** A ring with its corners cut: closed (first position repeated last) in, closed out. */
export function smoothRing(ring: Position[]): Position[] {
  if (ring.length < 4) return ring;
  const kx = metresPerDegreeLat * Math.cos((ring[0][1] * Math.PI) / 180); // metres per degree of longitude here
  let points = ring.slice(0, -1);
  for (let pass = 0; pass < passes; pass++) {
    const cut = maxCutM / (pass + 1); // the second pass rounds the chamfers' shorter corners
    const next: Position[] = [];
    for (let i = 0; i < points.length; i++) {
      const prev = points[(i - 1 + points.length) % points.length], at = points[i], after = points[(i + 1) % points.length];
      const toPrev = lengthM(at, prev, kx), toNext = lengthM(at, after, kx);
      if (toPrev === 0 || toNext === 0) continue; // a repeated position
      const d = Math.min(cut, toPrev / 2, toNext / 2);
      next.push(towards(at, prev, d / toPrev), towards(at, after, d / toNext));
    }
    points = next;
  }
  const distinct = points.filter((p, i) => i === 0 || p[0] !== points[i - 1][0] || p[1] !== points[i - 1][1]); // cuts that met
  return [...distinct, distinct[0]];
}

/** The same features with every ring smoothed for drawing; properties untouched. */
export function smoothOutlines<P>(collection: FeatureCollection<Polygon | MultiPolygon, P>): FeatureCollection<Polygon | MultiPolygon, P> {
  return {
    ...collection,
    features: collection.features.map((f): Feature<Polygon | MultiPolygon, P> => ({
      ...f,
      geometry:
        f.geometry.type === 'Polygon'
          ? { type: 'Polygon', coordinates: f.geometry.coordinates.map(smoothRing) }
          : { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((polygon) => polygon.map(smoothRing)) },
    })),
  };
}

function lengthM(a: Position, b: Position, kx: number): number {
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * metresPerDegreeLat);
}

function towards(a: Position, b: Position, t: number): Position {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}
