// Shared test material: small areas near Kitchener, seeded access points, and comparisons.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Grid, LocalProjection, mulberry32, type AccessPointInput, type Random } from '../../../server/domain/coverage/index';

export const NOW = Date.UTC(2026, 10, 27); // fixed clock: tests never read the real time
export const DAY_MS = 86_400_000;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function readData(name: string): GeoJSON.FeatureCollection {
  return JSON.parse(readFileSync(`${ROOT}data/${name}`, 'utf8'));
}

/** An irregular polygon about 2 km across in downtown Kitchener, with a notch (concave) — small and fast. */
export function smallArea(): GeoJSON.Polygon {
  const [lon0, lat0] = [-80.49, 43.45];
  const dLon = 1 / (111_195 * Math.cos((lat0 * Math.PI) / 180)), dLat = 1 / 111_195; // degrees per metre
  const ring = [[-1000, -900], [1100, -1000], [900, 200], [300, 100], [200, 900], [-800, 1000], [-1100, 0], [-1000, -900]];
  return { type: 'Polygon', coordinates: [ring.map(([x, y]) => [round6(lon0 + x * dLon), round6(lat0 + y * dLat)])] };
}

/** `count` access points at seeded random positions inside `area`'s bbox (some just outside the polygon). */
export function randomAccessPoints(random: Random, area: GeoJSON.Polygon, count: number, prefix = 'ap'): AccessPointInput[] {
  const ring = area.coordinates[0];
  const lons = ring.map((p) => p[0]), lats = ring.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    position: [round6(w + (e - w) * random()), round6(s + (n - s) * random())] as const,
    indoor: random() < 0.5,
    environment: random() < 0.3 ? ('open' as const) : ('urban' as const),
    eirpDbm: 14 + Math.round(random() * 8),
  }));
}

/** A bare grid of cols × rows cells of 25 m near Kitchener, for component and tracing tests. */
export function bareGrid(cols: number, rows: number): Grid {
  return new Grid(new LocalProjection(-80.49, 43.45), 25, 0, 0, cols, rows);
}

export function seeded(seed: number): Random {
  return mulberry32(seed);
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** A stand-in for the engine's ledger: known devices with "not covered" evidence, per cell. */
export function deviceSource(devicesOf: number[][]) {
  return {
    head: Int32Array.from(devicesOf, (d) => (d.length ? 0 : -1)),
    forEachNegativeDevice: (cell: number, visit: (device: number) => void) => devicesOf[cell].forEach(visit),
  };
}
