// Which coverage requests cover a view. Requests are fixed tiles, not the exact view, so a moved map
// reuses responses it already has and the service worker can serve the same URLs with no connection.
import type { BBox } from '../api';
import { round6 } from '../geo';

export type CoverageLevel = 0 | 1 | 2;

export interface CoverageTile {
  key: string; // stable: the memory cache and the service worker both key on the request it makes
  level: CoverageLevel;
  bbox: BBox;
  requestZoom: number; // the zoom sent to the server, chosen so the server answers this tile's level
}

// Zooms are MapLibre's (512 px tiles); the Leaflet adapter converts. The server answers 25 m cells at
// zoom ≥ 15, 100 m blocks at 13–14 and 400 m blocks below: a cell is then ~14 px across.
interface LevelSpec {
  level: CoverageLevel;
  minZoom: number; // map zoom from which this level is shown
  requestZoom: number;
  tileZ: number | null; // XYZ grid of the requests; null: one request for the whole service area
}

const levelSpecs: LevelSpec[] = [
  { level: 0, minZoom: 15, requestZoom: 15, tileZ: 16 }, // ~450 m tiles at 43.4°N: ≤ ~350 cells (~80 KB) each
  { level: 1, minZoom: 13, requestZoom: 13, tileZ: 14 }, // ~1.8 km tiles of 100 m blocks, the same size in cells
  { level: 2, minZoom: 0, requestZoom: 11, tileZ: null }, // the city in ~950 blocks: one response, cached whole
];

export const maxTilesPerView = 16; // requests per view; a big screen uses coarser tiles rather than dozens of requests

export function levelForZoom(zoom: number): CoverageLevel {
  return levelSpecs.find((s) => zoom >= s.minZoom)!.level;
}

/** The tiles that cover `view` (clipped to the service area) at the level for `zoom`. */
export function tilesFor(view: BBox, zoom: number, serviceArea: BBox): CoverageTile[] {
  const spec = levelSpecs.find((s) => zoom >= s.minZoom)!;
  if (spec.tileZ === null) return [{ key: `${spec.level}/area/${serviceArea.join(',')}`, level: spec.level, bbox: serviceArea, requestZoom: spec.requestZoom }];
  const clipped = intersect(view, serviceArea);
  if (!clipped) return [];
  for (let z = spec.tileZ; z >= 0; z--) {
    const [x0, y0] = tileXY(clipped[0], clipped[3], z); // north-west corner
    const [x1, y1] = tileXY(clipped[2], clipped[1], z); // south-east corner
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > maxTilesPerView && z > 0) continue;
    const tiles: CoverageTile[] = [];
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) tiles.push({ key: `${spec.level}/${z}/${x}/${y}`, level: spec.level, bbox: tileBBox(x, y, z), requestZoom: spec.requestZoom });
    return tiles;
  }
  return [];
}

/** Web-mercator tile indices (the usual XYZ scheme) of a position. */
export function tileXY(lon: number, lat: number, z: number): [x: number, y: number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  return [clamp(x), clamp(y)];
}

export function tileBBox(x: number, y: number, z: number): BBox {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [round6(lon(x)), round6(lat(y + 1)), round6(lon(x + 1)), round6(lat(y))];
}

function intersect(a: BBox, b: BBox): BBox | null {
  const out: BBox = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return out[0] < out[2] && out[1] < out[3] ? out : null;
}
