// The registry of free access points.
import type { Db } from './db';
import type { AccessPointInput, AccessPointPatch } from '../domain/schemas';
import type { AccessPoint, AccessPointStatus, ApEnvironment, BBox } from '../domain/types';

interface Row {
  id: number; seed_key: string | null; name: string; ssid: string | null; bssids: string; operator: string | null;
  venue: string | null; address: string | null; environment: ApEnvironment; status: AccessPointStatus; lon: number; lat: number;
  eirp_dbm: number; band: '2.4' | '5'; range_override_m: number | null; confidence: AccessPoint['confidence'];
  source: string | null; created_at: string; updated_at: string;
}

export const toAccessPoint = (r: Row): AccessPoint => ({
  id: r.id, name: r.name, ssid: r.ssid, bssids: JSON.parse(r.bssids) as string[], operator: r.operator, venue: r.venue,
  address: r.address, environment: r.environment, indoor: r.environment === 'indoor', status: r.status, position: [r.lon, r.lat], eirpDbm: r.eirp_dbm,
  band: r.band, rangeOverrideM: r.range_override_m, confidence: r.confidence, source: r.source,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

const COLUMNS: Record<keyof AccessPointPatch, string> = {
  name: 'name', ssid: 'ssid', bssids: 'bssids', operator: 'operator', venue: 'venue', address: 'address',
  environment: 'environment', status: 'status', lon: 'lon', lat: 'lat', eirpDbm: 'eirp_dbm', band: 'band',
  rangeOverrideM: 'range_override_m', confidence: 'confidence', source: 'source',
};

const toColumnValue = (key: keyof AccessPointPatch, value: unknown) =>
  key === 'bssids' ? JSON.stringify(value) : value;

export function accessPointRepository(db: Db) {
  const insert = db.prepare(`
    INSERT INTO access_points (seed_key, name, ssid, bssids, operator, venue, address, environment, status, lon, lat,
      eirp_dbm, band, range_override_m, confidence, source, created_at, updated_at)
    VALUES (@seedKey, @name, @ssid, @bssids, @operator, @venue, @address, @environment, @status, @lon, @lat,
      @eirpDbm, @band, @rangeOverrideM, @confidence, @source, @now, @now)
    ON CONFLICT (seed_key) DO NOTHING`);
  const byId = db.prepare<[number], Row>('SELECT * FROM access_points WHERE id = ?');
  const inBox = db.prepare<[number, number, number, number], Row>(
    'SELECT * FROM access_points WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY id');
  const all = db.prepare<[], Row>('SELECT * FROM access_points ORDER BY id');

  let version = 0; // every write through this repository moves it (a rolled-back one too: a cache miss, never a stale hit)
  return {
    /** Changes whenever this process writes the registry: answers built from it are cached against it. */
    get version(): number {
      return version;
    },
    /** Inserts unless a record with the same seed key exists; returns the new id or null. */
    insert(ap: AccessPointInput, now: string, seedKey: string | null = null): number | null {
      version++;
      const info = insert.run({ ...ap, seedKey, bssids: JSON.stringify(ap.bssids), now });
      return info.changes === 1 ? Number(info.lastInsertRowid) : null;
    },
    get(id: number): AccessPoint | undefined {
      const row = byId.get(id);
      return row && toAccessPoint(row);
    },
    list(bbox?: BBox, statuses?: readonly AccessPointStatus[]): AccessPoint[] {
      const rows = bbox ? inBox.all(bbox[0], bbox[2], bbox[1], bbox[3]) : all.all();
      const kept = statuses ? rows.filter((r) => statuses.includes(r.status)) : rows;
      return kept.map(toAccessPoint);
    },
    update(id: number, patch: AccessPointPatch, now: string): void {
      const keys = Object.keys(patch) as (keyof AccessPointPatch)[];
      const sets = keys.map((k) => `${COLUMNS[k]} = @${k}`).join(', ');
      const values = Object.fromEntries(keys.map((k) => [k, toColumnValue(k, patch[k])]));
      // Column names come from the fixed COLUMNS table, never from input, so building SQL here is safe.
      version++;
      db.prepare(`UPDATE access_points SET ${sets}, updated_at = @now WHERE id = @id`).run({ ...values, now, id });
    },
  };
}
