// Raw observations: kept as received; derived cell statistics are rebuilt from them.
import { publicCellsCounter } from './public-cells';
import type { Db } from './db';
import type { ObservationInput } from '../domain/schemas';
import type { Observation } from '../domain/types';

interface Row {
  id: number; client_id: string | null; observed_at: string; lon: number; lat: number; accuracy_m: number | null;
  source: Observation['source']; signal_dbm: number | null; no_free_network: number; ssid: string | null;
  bssid: string | null; access_point_id: number | null; latency_ms: number | null; down_mbps: number | null;
  up_mbps: number | null; connection_type: string | null;
}

const toObservation = (r: Row): Observation => ({
  id: r.id, clientId: r.client_id, observedAt: r.observed_at, position: [r.lon, r.lat], accuracyM: r.accuracy_m,
  source: r.source, signalDbm: r.signal_dbm, noFreeNetwork: r.no_free_network === 1, ssid: r.ssid, bssid: r.bssid,
  accessPointId: r.access_point_id,
  test:
    r.latency_ms === null && r.down_mbps === null && r.up_mbps === null && r.connection_type === null
      ? null
      : { latencyMs: r.latency_ms, downMbps: r.down_mbps, upMbps: r.up_mbps, connectionType: r.connection_type },
});

/** One observation as the columns store it, already matched and stamped: what a write carries (also to the writer thread). */
export interface ObservationRow {
  clientId: string | null; observedAt: string; lon: number; lat: number; accuracyM: number | null; source: Observation['source'];
  signalDbm: number | null; noFreeNetwork: 0 | 1; ssid: string | null; bssid: string | null; accessPointId: number | null;
  latencyMs: number | null; downMbps: number | null; upMbps: number | null; connectionType: string | null;
  deviceKey: string | null; cohortKey: string | null;
}

/** What storing one row did: its id, and whether it is new (false: a repeated clientId, the first row's id). */
export interface StoredRow {
  id: number;
  created: boolean;
}

export function toObservationRow(
  o: ObservationInput, { deviceKey, cohortKey }: { deviceKey: string | null; cohortKey: string | null } = { deviceKey: null, cohortKey: null },
): ObservationRow {
  return {
    clientId: o.clientId ?? null, observedAt: new Date(o.observedAt).toISOString(), lon: o.lon, lat: o.lat,
    accuracyM: o.accuracyM ?? null, source: o.source, signalDbm: o.signalDbm ?? null,
    noFreeNetwork: o.noFreeNetwork ? 1 : 0, ssid: o.ssid ?? null, bssid: o.bssid ?? null,
    accessPointId: o.accessPointId ?? null, latencyMs: o.test?.latencyMs ?? null, downMbps: o.test?.downMbps ?? null,
    upMbps: o.test?.upMbps ?? null, connectionType: o.test?.connectionType ?? null, deviceKey, cohortKey,
  };
}

/**
 * Inserts rows on `db` inside the caller's transaction, without reading them back (a batch needs ids only).
 * Used by the main connection and by the writer thread (observation-writer.ts), so both store the same way.
 */
export function rowInserter(db: Db) {
  const insert = db.prepare(`
    INSERT INTO observations (client_id, observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm,
      no_free_network, ssid, bssid, access_point_id, latency_ms, down_mbps, up_mbps, connection_type, device_key, cohort_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (client_id) DO NOTHING`); // positional: binding 18 names per row costs more than the insert's own work
  const idOfClient = db.prepare<[string], { id: number }>('SELECT id FROM observations WHERE client_id = ?');
  const count = publicCellsCounter(db);
  return (rows: readonly ObservationRow[], receivedAt: string): StoredRow[] => {
    const created: ObservationRow[] = [];
    const stored = rows.map((r) => {
      const info = insert.run(r.clientId, r.observedAt, receivedAt, r.lon, r.lat, r.accuracyM, r.source, r.signalDbm, r.noFreeNetwork, r.ssid, r.bssid,
        r.accessPointId, r.latencyMs, r.downMbps, r.upMbps, r.connectionType, r.deviceKey, r.cohortKey);
      if (info.changes === 1) {
        created.push(r);
        return { id: Number(info.lastInsertRowid), created: true };
      }
      return { id: idOfClient.get(r.clientId!)!.id, created: false };
    });
    count(created);
    return stored;
  };
}

export function observationRepository(db: Db) {
  const insertRows = rowInserter(db);
  const byId = db.prepare<[number], Row>('SELECT * FROM observations WHERE id = ?');

  return {
    /** Inserts rows (inside the caller's transaction); a repeated clientId gives the first row's id, not a second row. */
    insertRows,
    /** Inserts one observation; a repeated clientId returns the first row instead of a second one. */
    insert(
      o: ObservationInput, now: string, device: { deviceKey: string | null; cohortKey: string | null } = { deviceKey: null, cohortKey: null },
    ): { observation: Observation; created: boolean } {
      const [{ id, created }] = insertRows([toObservationRow(o, device)], now);
      return { observation: toObservation(byId.get(id)!), created };
    },
    get(id: number): Observation | undefined {
      const row = byId.get(id);
      return row && toObservation(row);
    },
    count(): number {
      return (db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n;
    },
  };
}
