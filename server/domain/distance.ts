// Distances at city scale: an equirectangular approximation, within 0.1 % of the geodesic for < 50 km.
import type { LonLat } from './types';
import { METRES_PER_DEGREE_LAT } from './geo';


export function distanceM([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const kx = METRES_PER_DEGREE_LAT * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * METRES_PER_DEGREE_LAT);
}

/** The box around a point that contains every point within radiusM of it. */
export function boxAround([lon, lat]: LonLat, radiusM: number): [number, number, number, number] {
  const dLat = radiusM / METRES_PER_DEGREE_LAT;
  const dLon = radiusM / (METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
