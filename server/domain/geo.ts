// Lon/lat arithmetic at city scale, shared by every server module that does it by hand. The coverage
// engine's own projection (coverage/projection.ts) uses Turf's sphere instead, so its oracles agree with Turf.

/**
 * m per degree of latitude (mean, WGS84). The public 25 m cell grid is defined with it: changing it would
 * move every published cell (and break GIS joins on cell ids), so it stays this value.
 */
export const METRES_PER_DEGREE_LAT = 111_320;

/** m per degree of longitude at `lat`. */
export const metresPerDegreeLon = (lat: number): number => METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);

/** Six decimals (~0.1 m): what the registry stores and RFC 7946 advises, far finer than any phone fix. */
export function round6(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}

/** Two decimals: areas in m², demand and scores. */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
