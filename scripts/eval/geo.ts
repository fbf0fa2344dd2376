// Local metres about the simulated region's centre (equirectangular on a sphere): accurate to well
// under a metre over the few kilometres the simulation spans, and cheap enough for millions of calls.

const EARTH_RADIUS_M = 6_371_008.8; // m: mean radius, the one Turf and the server's projection use
const RAD = Math.PI / 180;

export type LonLat = [number, number];

export interface Frame {
  lon0: number;
  lat0: number;
  /** Metres east of the centre. */
  x(lon: number): number;
  /** Metres north of the centre. */
  y(lat: number): number;
  lon(x: number): number;
  lat(y: number): number;
}

export function frameAt(lon0: number, lat0: number): Frame {
  const perDegLat = EARTH_RADIUS_M * RAD;
  const perDegLon = perDegLat * Math.cos(lat0 * RAD);
  return {
    lon0,
    lat0,
    x: (lon) => (lon - lon0) * perDegLon,
    y: (lat) => (lat - lat0) * perDegLat,
    lon: (x) => lon0 + x / perDegLon,
    lat: (y) => lat0 + y / perDegLat,
  };
}

/** Ray-casting point-in-polygon on lon/lat (outer ring minus holes); enough for a city boundary. */
export function insidePolygon(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon, [lon, lat]: LonLat): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some(([outer, ...holes]) => inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat)));
}

function inRing(ring: GeoJSON.Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
