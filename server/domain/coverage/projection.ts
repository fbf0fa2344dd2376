// Local metres about the service area's centre: an equirectangular projection on a sphere.
// Straight lon/lat edges stay straight (the map is linear), so polygon tests agree with Turf's.

export const EARTH_RADIUS_M = 6_371_008.8; // m: mean radius, the one Turf's distance, buffer and area use, so oracles agree
const RAD = Math.PI / 180;

export class LocalProjection {
  readonly lon0: number;
  readonly lat0: number;
  /** Projected metres per degree of longitude (true at lat0 only) and of latitude (true everywhere). */
  readonly metresPerDegLon: number;
  readonly metresPerDegLat: number;
  private readonly cosLat0: number;

  constructor(lon0: number, lat0: number) {
    if (!(Math.abs(lat0) < 85)) throw new RangeError(`projection centre latitude ${lat0} must be within ±85°`);
    if (!(Math.abs(lon0) <= 180)) throw new RangeError(`projection centre longitude ${lon0} must be within ±180°`);
    this.lon0 = lon0;
    this.lat0 = lat0;
    this.cosLat0 = Math.cos(lat0 * RAD);
    this.metresPerDegLat = EARTH_RADIUS_M * RAD;
    this.metresPerDegLon = this.metresPerDegLat * this.cosLat0;
  }

  x(lon: number): number {
    return (lon - this.lon0) * this.metresPerDegLon;
  }
  y(lat: number): number {
    return (lat - this.lat0) * this.metresPerDegLat;
  }
  lon(x: number): number {
    return this.lon0 + x / this.metresPerDegLon;
  }
  lat(y: number): number {
    return this.lat0 + y / this.metresPerDegLat;
  }

  /** True metres per projected metre east–west at latitude `lat` (north–south is always 1). */
  eastScale(lat: number): number {
    return Math.cos(lat * RAD) / this.cosLat0;
  }
}
