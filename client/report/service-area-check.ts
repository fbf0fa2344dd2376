// Is a pin where the City serves? The same rule as the server's (server/domain/service-area.ts: inside the
// boundary, or within the margin of it), without Turf in the phone's bundle, so a queued report the server
// would refuse for its position is refused before it is queued.
import type { Polygon, MultiPolygon } from 'geojson';

const metresPerDegreeLat = 111_320; // m per degree of latitude (mean, WGS84), as on the server

export function insideServiceArea(at: { lon: number; lat: number }, boundary: Polygon | MultiPolygon, marginM: number): boolean {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  if (polygons.some((rings) => inPolygon(at, rings))) return true;
  // Within the margin of any edge: local metres around the pin (plenty exact over a few hundred metres).
  const kx = metresPerDegreeLat * Math.cos((at.lat * Math.PI) / 180);
  const ky = metresPerDegreeLat;
  for (const rings of polygons)
    for (const ring of rings)
      for (let i = 1; i < ring.length; i++) {
        const ax = (ring[i - 1][0] - at.lon) * kx, ay = (ring[i - 1][1] - at.lat) * ky;
        const bx = (ring[i][0] - at.lon) * kx, by = (ring[i][1] - at.lat) * ky;
        if (segmentDistance(ax, ay, bx, by) <= marginM) return true;
      }
  return false;
}

/** Even-odd ray casting over the outer ring and its holes. */
function inPolygon({ lon, lat }: { lon: number; lat: number }, rings: number[][][]): boolean {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

/** Distance from the origin to the segment a–b. */
function segmentDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
  return Math.hypot(ax + t * dx, ay + t * dy);
}
