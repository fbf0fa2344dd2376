// The search index from the embedded data: civic addresses and streets (with addresses or only a name label) from data/basemap, places,
// transit stops and wards from the store (so a staff-edited place is found under its new name).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pointOnFeature } from '@turf/turf';
import { buildSearchIndex, type SearchIndex, type SearchSource } from '../domain/search';
import type { Store } from '../store';

const PLACE_WORDS: Record<string, string> = {
  library: 'library', community_centre: 'community centre', transit: 'transit station', city_facility: 'City facility',
  park: 'park', school: 'school', transit_stop: 'transit stop',
};

export interface Search extends SearchIndex {
  source: SearchSource; // served as is for offline search
}

export function createSearch(store: Store, basemapDir: string): Search {
  const source = searchSource(store, basemapDir);
  return { source, ...buildSearchIndex(source) };
}

function searchSource(store: Store, basemapDir: string): SearchSource {
  const read = <T>(file: string, fallback: T): T => {
    try {
      return JSON.parse(readFileSync(join(basemapDir, file), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback; // a data folder without the basemap: places only
      throw new Error(`cannot read ${join(basemapDir, file)}: ${(err as Error).message}`, { cause: err });
    }
  };
  const addresses = read<{ streets: { name: string; numbers: string[]; at: number[] }[] }>('addresses.json', { streets: [] });
  const labels = read<GeoJSON.FeatureCollection<GeoJSON.Point, { name: string }>>('street-labels.geojson', { type: 'FeatureCollection', features: [] });
  // A street is found at its busiest label (labels come most address points first), else at its first address.
  const labelAt = new Map<string, [number, number]>();
  for (const f of labels.features) if (!labelAt.has(f.properties.name)) labelAt.set(f.properties.name, f.geometry.coordinates as [number, number]);
  const streets = addresses.streets.map((s) => ({
    name: s.name,
    at: labelAt.get(s.name) ?? ([s.at[0] / 1e5, s.at[1] / 1e5] as [number, number]),
    numbers: s.numbers,
    coords: s.at,
  }));
  // Streets nobody lives on (parkways, industrial roads, "Union Street East") have a name label but no address.
  const addressed = new Set(streets.map((s) => s.name));
  for (const [name, at] of labelAt) if (!addressed.has(name)) streets.push({ name, at, numbers: [], coords: [] });
  const places: SearchSource['places'] = store.reference.places().map((p) => ({
    name: p.name,
    kind: p.kind === 'transit_stop' ? 'stop' : 'place',
    detail: PLACE_WORDS[p.kind] ?? p.kind,
    at: [p.position[0], p.position[1]],
  }));
  for (const area of store.reference.areas()) {
    if (area.kind !== 'ward') continue;
    const [lon, lat] = pointOnFeature({ type: 'Feature', properties: {}, geometry: area.geometry }).geometry.coordinates;
    places.push({ name: area.name, kind: 'ward', detail: 'ward', at: [Math.round(lon * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5] });
  }
  return { streets, places };
}
