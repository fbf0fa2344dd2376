// Raw observations: kept as received; derived cell statistics are rebuilt from them.
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

export function observationRepository(db: Db) {
  const insert = db.prepare(`
    INSERT INTO observations (client_id, observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm,
      no_free_network, ssid, bssid, access_point_id, latency_ms, down_mbps, up_mbps, connection_type, device_key, cohort_key)
    VALUES (@clientId, @observedAt, @now, @lon, @lat, @accuracyM, @source, @signalDbm, @noFreeNetwork, @ssid, @bssid,
      @accessPointId, @latencyMs, @downMbps, @upMbps, @connectionType, @deviceKey, @cohortKey)
    ON CONFLICT (client_id) DO NOTHING`);
  const byId = db.prepare<[number], Row>('SELECT * FROM observations WHERE id = ?');
  const byClientId = db.prepare<[string], Row>('SELECT * FROM observations WHERE client_id = ?');

  return {
    /** Inserts one observation; a repeated clientId returns the first row instead of a second one. */
    insert(
      o: ObservationInput, now: string, { deviceKey, cohortKey }: { deviceKey: string | null; cohortKey: string | null } = { deviceKey: null, cohortKey: null },
    ): { observation: Observation; created: boolean } {
      const info = insert.run({
        clientId: o.clientId ?? null, observedAt: new Date(o.observedAt).toISOString(), now, lon: o.lon, lat: o.lat,
        accuracyM: o.accuracyM ?? null, source: o.source, signalDbm: o.signalDbm ?? null,
        noFreeNetwork: o.noFreeNetwork ? 1 : 0, ssid: o.ssid ?? null, bssid: o.bssid ?? null,
        accessPointId: o.accessPointId ?? null, latencyMs: o.test?.latencyMs ?? null, downMbps: o.test?.downMbps ?? null,
        upMbps: o.test?.upMbps ?? null, connectionType: o.test?.connectionType ?? null, deviceKey, cohortKey,
      });
      if (info.changes === 1) return { observation: toObservation(byId.get(Number(info.lastInsertRowid))!), created: true };
      return { observation: toObservation(byClientId.get(o.clientId!)!), created: false };
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
