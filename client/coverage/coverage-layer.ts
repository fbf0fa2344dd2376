// Keeps the coverage layer filled for whatever the map shows: after each pan or zoom settles, fetch the
// tiles the view needs (each once, kept in memory), merge them and hand them to the map.
import { getCoverageCells, type BBox, type CoverageCollection } from '../api';
import type { MapView } from '../map/map-view';
import { tilesFor, type CoverageTile } from './tiles';

const settleMs = 250; // wait this long after the last move: a fling fires many moveends
const keptTiles = 48; // responses kept in memory (~80 KB each at most); older ones are refetched (or served by the service worker)

export interface CoverageLayer {
  /** Resolves when the current view's tiles have been fetched and handed to the map. */
  refresh(): Promise<void>;
  setEnabled(enabled: boolean): void;
  /** Forgets what was fetched (the model changed) and refetches the view. */
  invalidate(): void;
  /** The cells last drawn, for tests and the list view. */
  current(): CoverageCollection;
}

export function createCoverageLayer({ view, serviceArea, onUnavailable }: { view: MapView; serviceArea: BBox; onUnavailable: () => void }): CoverageLayer {
  const tiles = new Map<string, CoverageCollection>();
  const inFlight = new Map<string, Promise<CoverageCollection>>();
  let enabled = true;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let drawn: CoverageCollection = { type: 'FeatureCollection', features: [] };

  view.onMoveEnd(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), settleMs);
  });

  function load(tile: CoverageTile): Promise<CoverageCollection> {
    const kept = tiles.get(tile.key);
    if (kept) {
      tiles.delete(tile.key); // re-insert: the Map's order is the eviction order
      tiles.set(tile.key, kept);
      return Promise.resolve(kept);
    }
    let pending = inFlight.get(tile.key);
    if (!pending) {
      pending = getCoverageCells(tile.bbox, tile.requestZoom)
        .then((cells) => {
          tiles.set(tile.key, cells);
          while (tiles.size > keptTiles) tiles.delete(tiles.keys().next().value!);
          return cells;
        })
        .finally(() => inFlight.delete(tile.key));
      inFlight.set(tile.key, pending);
    }
    return pending;
  }

  async function refresh(): Promise<void> {
    if (!enabled) return;
    const run = ++generation;
    const needed = tilesFor(view.bounds(), view.zoom(), serviceArea);
    const results = await Promise.allSettled(needed.map(load));
    if (run !== generation) return; // the map moved on while these were loading
    const seen = new Set<number>();
    const features: CoverageCollection['features'] = [];
    for (const result of results) {
      if (result.status !== 'fulfilled') continue;
      for (const f of result.value.features) {
        if (seen.has(f.properties.id)) continue; // a cell on a tile edge comes with both tiles
        seen.add(f.properties.id);
        features.push(f);
      }
    }
    if (needed.length > 0 && results.every((r) => r.status === 'rejected')) onUnavailable();
    drawn = { type: 'FeatureCollection', features };
    view.setData('coverage', drawn);
  }

  return {
    refresh,
    setEnabled(next) {
      const switchedOn = next && !enabled; // not at start-up: the first refresh waits for the hotspots (resident.ts)
      enabled = next;
      if (switchedOn) void refresh();
    },
    invalidate() {
      tiles.clear();
      void refresh();
    },
    current: () => drawn,
  };
}
