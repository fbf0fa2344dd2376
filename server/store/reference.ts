// Reference data loaded from data/: priority places and areas (city boundary, wards).
import type { Db } from './db';
import type { Area, BBox, Place, PlaceKind } from '../domain/types';

interface PlaceRow {
  id: number; name: string; kind: PlaceKind; address: string | null; wifi_evidence: Place['wifiEvidence'];
  demand: number; lon: number; lat: number; source: string | null;
}
interface AreaRow { id: string; kind: Area['kind']; name: string; ward: number | null; geometry: string }

export const toPlace = (r: PlaceRow): Place => ({
  id: r.id, name: r.name, kind: r.kind, address: r.address, wifiEvidence: r.wifi_evidence, demand: r.demand,
  position: [r.lon, r.lat], source: r.source,
});
export const toArea = (r: AreaRow): Area => ({
  id: r.id, kind: r.kind, name: r.name, ward: r.ward, geometry: JSON.parse(r.geometry) as Area['geometry'],
});

export type NewPlace = Omit<Place, 'id'> & { seedKey: string };

export function referenceRepository(db: Db) {
  const insertPlace = db.prepare(`
    INSERT INTO places (seed_key, name, kind, address, wifi_evidence, demand, lon, lat, source)
    VALUES (@seedKey, @name, @kind, @address, @wifiEvidence, @demand, @lon, @lat, @source)
    ON CONFLICT (seed_key) DO NOTHING`);
  const insertArea = db.prepare(`
    INSERT INTO areas (id, kind, name, ward, geometry) VALUES (@id, @kind, @name, @ward, @geometry)
    ON CONFLICT (id) DO NOTHING`);
  const placesInBox = db.prepare<[number, number, number, number], PlaceRow>(
    'SELECT * FROM places WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY id');
  const allPlaces = db.prepare<[], PlaceRow>('SELECT * FROM places ORDER BY id');
  const allAreas = db.prepare<[], AreaRow>("SELECT * FROM areas ORDER BY kind = 'ward', ward");
  const areaById = db.prepare<[string], AreaRow>('SELECT * FROM areas WHERE id = ?');

  return {
    insertPlace(place: NewPlace): boolean {
      const [lon, lat] = place.position;
      return insertPlace.run({ ...place, lon, lat }).changes === 1;
    },
    insertArea(area: Area): boolean {
      return insertArea.run({ ...area, geometry: JSON.stringify(area.geometry) }).changes === 1;
    },
    places(bbox?: BBox, kinds?: readonly PlaceKind[]): Place[] {
      const rows = bbox ? placesInBox.all(bbox[0], bbox[2], bbox[1], bbox[3]) : allPlaces.all();
      return (kinds ? rows.filter((r) => kinds.includes(r.kind)) : rows).map(toPlace);
    },
    areas(): Area[] {
      return allAreas.all().map(toArea);
    },
    area(id: string): Area | undefined {
      const row = areaById.get(id);
      return row && toArea(row);
    },
  };
}
