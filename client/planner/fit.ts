// Fitting the map to what a tool just showed, and keeping small reaches visible when zoomed out.
import type { BBox } from '../api';
import type { LngLat } from '../map/map-view';

const metresPerDegreeLat = 111_195;
const equatorM = 40_075_016.686;
export const minSpanM = 400; // m: one site or report is shown with its street block around it, not at the highest zoom

/** The box around every point and its radius, at least minSpanM across; null with no points. */
export function boundsAround(points: LngLat[], radiusM = 0): BBox | null {
  if (points.length === 0) return null;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const p of points) {
    w = Math.min(w, p.lon);
    e = Math.max(e, p.lon);
    s = Math.min(s, p.lat);
    n = Math.max(n, p.lat);
  }
  const lat = (s + n) / 2;
  const perDegLon = metresPerDegreeLat * Math.cos((lat * Math.PI) / 180);
  const padLon = Math.max(radiusM / perDegLon, (minSpanM / perDegLon - (e - w)) / 2);
  const padLat = Math.max(radiusM / metresPerDegreeLat, (minSpanM / metresPerDegreeLat - (n - s)) / 2);
  return [w - padLon, s - padLat, e + padLon, n + padLat];
}

/** Ground metres per CSS pixel at a MapLibre zoom (512 px tiles). */
export function metresPerPixel(zoom: number, lat: number): number {
  return (equatorM * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

export const minReachPx = 22; // px: a 34 m indoor reach is ~2 px at city zoom, hidden under its 28 px marker; below this a halo ring around the marker stands in for it

/** The radius of the halo drawn around a reach too small to see at this zoom, or null when the reach itself shows. */
export function haloRadiusM(reachM: number, zoom: number, lat: number): number | null {
  const min = minReachPx * metresPerPixel(zoom, lat);
  return reachM >= min ? null : min;
}
