// Coverage cells served from fixed tiles: each tile's features are built and serialised once per
// model version, and any bbox is answered by picking the serialised features of the tiles it touches
// whose boxes meet it, so random or panning requests cost comparisons and a join, not GeoJSON
// building. Missing tiles are built one per turn of the event loop, so a cold view never blocks it long.
// A cell belongs to the one tile its centre lies in, so no cell is served twice.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Coverage } from '../services/coverage';
import type { BBox } from '../domain/types';

const TILE_DEGREES = [0.01, 0.04, 0.16]; // tile side by level (25 m, 100 m, 400 m cells): ≤ ~1,600 cells a tile, one build ≤ ~30 ms
const TILE_MIN_BYTES = 256; // an empty tile still costs its key and object: counted, so a flood of them is evicted too
const CACHE_BYTES = 96 * 1024 * 1024; // serialised features kept, bytes of UTF-16 text: all three levels of the whole city (~70 MB)

/** One string and two typed arrays a tile, not a string a feature: the garbage collector marks 3 objects, not ~1,500. */
interface Tile {
  json: string; // the features serialised, back to back
  ends: Uint32Array; // where each feature's text ends in json (the next one starts there)
  boxes: Float64Array; // each feature's [w, s, e, n], 4 numbers a feature
  bytes: number;
}

/** What tiles are built from: the coverage service's cells, and its version to know when they go stale. */
export type TileSource = Pick<Coverage, 'version' | 'cellsGeoJSON' | 'bbox'>;

export function coverageTiles(engine: TileSource) {
  const cache = new Map<string, Tile>();
  let version = engine.version;
  let bytes = 0;

  function build(level: number, tx: number, ty: number): Tile {
    const size = TILE_DEGREES[level];
    const [w, s, e, n] = [tx * size - 180, ty * size - 90, (tx + 1) * size - 180, (ty + 1) * size - 90];
    const texts: string[] = [];
    const boxes: number[] = [];
    for (const f of engine.cellsGeoJSON([w, s, e, n], level).features) {
      const ring = f.geometry.coordinates[0];
      const lons = ring.map((p) => p[0]), lats = ring.map((p) => p[1]);
      const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      const lon = (box[0] + box[2]) / 2, lat = (box[1] + box[3]) / 2;
      if (!(lon >= w && lon < e && lat >= s && lat < n)) continue; // its centre is in a neighbouring tile
      texts.push(JSON.stringify(f));
      boxes.push(...box);
    }
    let end = 0;
    const ends = Uint32Array.from(texts, (t) => (end += t.length));
    const json = texts.join('');
    return { json, ends, boxes: Float64Array.from(boxes), bytes: TILE_MIN_BYTES + json.length * 2 + ends.length * 4 + boxes.length * 8 };
  }

  function remember(key: string, tile: Tile) {
    cache.set(key, tile);
    bytes += tile.bytes;
    while (bytes > CACHE_BYTES && cache.size > 1) {
      const [oldest, old] = cache.entries().next().value!;
      cache.delete(oldest);
      bytes -= old.bytes;
    }
  }

  return {
    /** The cells meeting bbox at a level: their features, comma-separated, how many, and how many had to be built. */
    async cells(bbox: BBox, level: number): Promise<{ features: string; count: number; built: number }> {
      const size = TILE_DEGREES[level];
      // Only tiles within the model's area can hold cells: a bbox of the whole world lists those, not 40 million.
      const model = engine.bbox();
      const [w, s, e, n] = [Math.max(bbox[0], model[0]), Math.max(bbox[1], model[1]), Math.min(bbox[2], model[2]), Math.min(bbox[3], model[3])];
      const keys: [string, number, number][] = [];
      if (w <= e && s <= n)
        for (let ty = Math.floor((s + 90) / size) - 1; ty <= Math.floor((n + 90) / size) + 1; ty++)
          for (let tx = Math.floor((w + 180) / size) - 1; tx <= Math.floor((e + 180) / size) + 1; tx++)
            keys.push([`${level}|${tx}|${ty}`, tx, ty]); // one tile around: cells whose centres lie outside the box can still meet it
      const tiles: Tile[] = [];
      let built = 0;
      for (const [key, tx, ty] of keys) {
        if (engine.version !== version) {
          cache.clear(); // the model changed: every tile is stale
          bytes = 0;
          version = engine.version;
        }
        let tile = cache.get(key);
        if (tile) {
          cache.delete(key); // re-insert: Map order is least recently used first
          cache.set(key, tile);
        } else {
          tile = build(level, tx, ty);
          built += tile.ends.length;
          remember(key, tile);
          await nextTurn(); // other requests run between tile builds
        }
        tiles.push(tile);
      }
      const parts: string[] = [];
      for (const { json, ends, boxes } of tiles)
        for (let i = 0; i < ends.length; i++)
          if (boxes[4 * i] <= bbox[2] && bbox[0] <= boxes[4 * i + 2] && boxes[4 * i + 1] <= bbox[3] && bbox[1] <= boxes[4 * i + 3])
            parts.push(json.slice(i ? ends[i - 1] : 0, ends[i]));
      return { features: parts.join(','), count: parts.length, built };
    },
  };
}
