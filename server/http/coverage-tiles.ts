// Coverage cells served per fixed tile: any bbox is answered from the tiles it touches, each built
// once per model version and kept serialised, so random or panning requests cost string joins, not
// GeoJSON building. A cell belongs to the one tile its centre lies in, so tiles never repeat a cell.
import type { CoverageEngine } from '../domain/coverage';
import type { BBox } from '../domain/types';

const TILE_DEGREES = [0.01, 0.04, 0.16]; // tile side by level (25 m, 100 m, 400 m cells): ≤ ~1,600 cells a tile, ~40 tiles a city view
const CACHE_BYTES = 64 * 1024 * 1024; // serialised tiles kept, bytes of UTF-16 text: every level of the whole city fits (~50 MB)
const METRES_PER_DEGREE = 111_320; // m per degree of latitude (mean)

interface Tile {
  json: string; // the tile's features, comma-separated, without brackets
  count: number;
}

export function coverageTiles(engine: CoverageEngine) {
  const cache = new Map<string, Tile>();
  let version = engine.version;
  let bytes = 0;

  function tile(level: number, tx: number, ty: number): Tile {
    const key = `${level}|${tx}|${ty}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key); // re-insert: Map order is least recently used first
      cache.set(key, hit);
      return hit;
    }
    const size = TILE_DEGREES[level];
    const [w, s, e, n] = [tx * size - 180, ty * size - 90, (tx + 1) * size - 180, (ty + 1) * size - 90];
    const mine = engine.cellsGeoJSON([w, s, e, n], level).features.filter((f) => {
      const ring = f.geometry.coordinates[0];
      const lons = ring.map((p) => p[0]), lats = ring.map((p) => p[1]);
      const lon = (Math.min(...lons) + Math.max(...lons)) / 2, lat = (Math.min(...lats) + Math.max(...lats)) / 2;
      return lon >= w && lon < e && lat >= s && lat < n;
    });
    const made = { json: mine.map((f) => JSON.stringify(f)).join(','), count: mine.length };
    cache.set(key, made);
    bytes += made.json.length * 2;
    while (bytes > CACHE_BYTES && cache.size > 1) {
      const [oldest, old] = cache.entries().next().value!;
      cache.delete(oldest);
      bytes -= old.json.length * 2;
    }
    return made;
  }

  return {
    /** The cells of the tiles that meet bbox (a cell's width around it): a FeatureCollection's features and their number. */
    cells(bbox: BBox, level: number): { features: string; count: number } {
      if (engine.version !== version) {
        cache.clear(); // the model changed: every tile is stale
        bytes = 0;
        version = engine.version;
      }
      const size = TILE_DEGREES[level];
      const cellM = engine.grid.cellSizeM * 4 ** level;
      const dLat = cellM / METRES_PER_DEGREE, dLon = dLat / Math.cos((Math.max(Math.abs(bbox[1]), Math.abs(bbox[3])) * Math.PI) / 180);
      const [x0, x1] = [Math.floor((bbox[0] - dLon + 180) / size), Math.floor((bbox[2] + dLon + 180) / size)];
      const [y0, y1] = [Math.floor((bbox[1] - dLat + 90) / size), Math.floor((bbox[3] + dLat + 90) / size)];
      const parts: string[] = [];
      let count = 0;
      for (let ty = y0; ty <= y1; ty++)
        for (let tx = x0; tx <= x1; tx++) {
          const t = tile(level, tx, ty);
          if (t.count === 0) continue;
          parts.push(t.json);
          count += t.count;
        }
      return { features: parts.join(','), count };
    },
  };
}
