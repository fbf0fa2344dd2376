// Loads the committed seed files from data/ into the database. Idempotent: every record has a
// stable seed key, so a second start adds nothing twice and never overwrites staff edits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentFrom } from '../domain/ap-environment';
import { AP_ENVIRONMENTS, type AccessPointConfidence, type ApEnvironment, type Area, type Band, type PlaceKind } from '../domain/types';
import type { Store } from '../store';

type Props = Record<string, unknown>;
type Collection<G extends GeoJSON.Geometry> = GeoJSON.FeatureCollection<G, Props>;

export const SEED_FILES = {
  boundary: 'kitchener-boundary.geojson',
  wards: 'kitchener-wards.geojson',
  accessPoints: 'access-points.geojson',
  places: 'places.geojson',
  transitStops: 'transit-stops.geojson',
} as const;

export function readSeed(dataDir: string) {
  const read = <G extends GeoJSON.Geometry>(file: string): Collection<G> => {
    const path = join(dataDir, file);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Collection<G>;
    } catch (err) {
      throw new Error(`cannot read seed file ${path}: ${(err as Error).message}`, { cause: err });
    }
  };
  return {
    boundary: read<GeoJSON.Polygon | GeoJSON.MultiPolygon>(SEED_FILES.boundary),
    wards: read<GeoJSON.Polygon | GeoJSON.MultiPolygon>(SEED_FILES.wards),
    accessPoints: read<GeoJSON.Point>(SEED_FILES.accessPoints),
    places: read<GeoJSON.Point>(SEED_FILES.places),
    transitStops: read<GeoJSON.Point>(SEED_FILES.transitStops),
  };
}

export type Seed = ReturnType<typeof readSeed>;

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** A seed record's environment: its own, from an older `indoor` flag, or the one default; a misspelling fails the start. */
function seedEnvironment(p: Props): ApEnvironment {
  if (p.environment !== undefined && !AP_ENVIRONMENTS.includes(p.environment as ApEnvironment))
    throw new Error(`seed access point ${String(p.seedId)}: environment ${JSON.stringify(p.environment)} must be one of ${AP_ENVIRONMENTS.join(', ')}`);
  return environmentFrom(p.environment as ApEnvironment | undefined, typeof p.indoor === 'boolean' ? p.indoor : undefined);
}

/** Inserts what is not there yet; returns how many rows of each kind were added. */
export function seedDatabase(store: Store, seed: Seed, now: Date) {
  const at = now.toISOString();
  const added = { areas: 0, accessPoints: 0, places: 0 };
  store.transaction(() => {
    const areas: Area[] = [
      ...seed.boundary.features.map((f) => ({ id: String(f.properties.id ?? 'kitchener'), kind: 'city' as const, name: String(f.properties.name), ward: null, geometry: f.geometry })),
      ...seed.wards.features.map((f) => ({ id: String(f.properties.id), kind: 'ward' as const, name: String(f.properties.name), ward: Number(f.properties.ward), geometry: f.geometry })),
    ];
    for (const area of areas) added.areas += Number(store.reference.insertArea(area));
    for (const f of seed.accessPoints.features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const id = store.accessPoints.insert(
        {
          name: String(p.name), ssid: str(p.ssid), bssids: [], operator: str(p.operator), venue: str(p.venue),
          address: str(p.address), environment: seedEnvironment(p), status: 'active', lon, lat,
          eirpDbm: typeof p.eirpDbm === 'number' ? p.eirpDbm : 20, band: (p.band === '5' ? '5' : '2.4') as Band,
          rangeOverrideM: null, confidence: (str(p.confidence) ?? 'unverified') as AccessPointConfidence, source: str(p.source),
        },
        at,
        String(p.seedId),
      );
      added.accessPoints += id === null ? 0 : 1;
    }
    for (const f of [...seed.places.features, ...seed.transitStops.features]) {
      const p = f.properties;
      const inserted = store.reference.insertPlace({
        seedKey: String(p.seedId), name: String(p.name), kind: String(p.kind) as PlaceKind, address: str(p.address),
        wifiEvidence: (str(p.wifiEvidence) ?? 'unknown') as 'documented' | 'probable' | 'unknown',
        demand: typeof p.demand === 'number' ? p.demand : 1, position: [f.geometry.coordinates[0], f.geometry.coordinates[1]],
        source: str(p.source),
      });
      added.places += Number(inserted);
    }
  });
  return added;
}
