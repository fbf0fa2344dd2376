// Evidence for the coverage model, read straight from the raw tables (never rewritten by it).
import type { Db } from './db';
import type { ReportKind } from '../domain/types';
import { scanKeyOf } from '../domain/survey-scan';

export interface ObservationEvidence {
  id: number; lon: number; lat: number; accuracyM: number | null; time: number; signalDbm: number | null;
  deviceKey: string | null; cohortKey: string | null; accessPointId: number | null; ssid: string | null; bssid: string | null;
  scan: string | null; // rows of one survey scan share it (survey-scan.ts)
}
export interface ReportEvidence {
  lon: number; lat: number; accuracyM: number | null; time: number; kind: ReportKind;
  deviceKey: string | null; cohortKey: string | null; accessPointId: number | null;
}

export function evidenceRepository(db: Db) {
  // Connection tests without a signal reading or a "none heard" say nothing about signal strength; simulated
  // readings (demos, planners' experiments) never reach the public map. Rows without a credential's cohort
  // (written before credentials, WiGLE uploads) stand as their own cohort.
  const observationsAfter = db.prepare<[number], { id: number; lon: number; lat: number; accuracy_m: number | null; observed_at: string; signal_dbm: number | null; device_key: string | null; cohort_key: string | null; access_point_id: number | null; ssid: string | null; bssid: string | null; source: string }>(`
    SELECT id, lon, lat, accuracy_m, observed_at, signal_dbm, device_key, coalesce(cohort_key, device_key) AS cohort_key, access_point_id, ssid, bssid, source FROM observations
    WHERE id > ? AND (signal_dbm IS NOT NULL OR no_free_network = 1) AND source != 'simulated' ORDER BY id`);
  const lastObservationId = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM observations').pluck();
  // One read transaction: the rows and the highest id come from the same snapshot, whatever other
  // processes (the WiGLE command) write meanwhile.
  const observationsSince = db.transaction((afterId: number) => ({
    rows: observationsAfter.all(afterId).map((o): ObservationEvidence => {
      const time = Date.parse(o.observed_at);
      return {
        id: o.id, lon: o.lon, lat: o.lat, accuracyM: o.accuracy_m, time, signalDbm: o.signal_dbm, deviceKey: o.device_key, cohortKey: o.cohort_key, accessPointId: o.access_point_id,
        ssid: o.ssid, bssid: o.bssid, scan: scanKeyOf({ source: o.source, time, lon: o.lon, lat: o.lat, deviceKey: o.device_key, bssid: o.bssid }),
      };
    }),
    lastId: lastObservationId.get()!,
  }));
  // Each report and each counted "me too" is one voice at the report's place; hidden (abuse) and merged duplicates
  // are not evidence, nor is a "me too" that did not count (no credential, or its cohort already spoke).
  const reports = db.prepare<[], { lon: number; lat: number; accuracy_m: number | null; at: string; kind: ReportKind; device_key: string | null; cohort_key: string | null; access_point_id: number | null }>(`
    SELECT lon, lat, accuracy_m, observed_at AS at, kind, device_key, coalesce(cohort_key, device_key) AS cohort_key, access_point_id
    FROM reports WHERE status NOT IN ('hidden', 'duplicate')
    UNION ALL
    SELECT r.lon, r.lat, r.accuracy_m, c.at, r.kind, c.device_key, coalesce(c.cohort_key, c.device_key), r.access_point_id
    FROM report_confirmations c JOIN reports r ON r.id = c.report_id WHERE r.status NOT IN ('hidden', 'duplicate') AND c.counted = 1`);

  const monthlyObservations = db.prepare<[{ since: string; usableDbm: number }], { month: string; samples: number; usable: number }>(`
    SELECT substr(observed_at, 1, 7) AS month, count(*) AS samples, coalesce(sum(signal_dbm >= @usableDbm), 0) AS usable FROM observations
    WHERE (signal_dbm IS NOT NULL OR no_free_network = 1) AND observed_at >= @since GROUP BY month ORDER BY month`);
  const monthlyReports = db.prepare<[string], { month: string; kind: ReportKind; n: number }>(`
    SELECT substr(created_at, 1, 7) AS month, kind, count(*) AS n FROM reports
    WHERE created_at >= ? AND status != 'hidden' GROUP BY month, kind ORDER BY month`);

  return {
    /** Per month since `since`: measurements, and how many heard usable free Wi-Fi (≥ usableDbm). */
    monthlyObservations: (since: string, usableDbm: number) => monthlyObservations.all({ since, usableDbm }),
    monthlyReports: (since: string) => monthlyReports.all(since),
    /** Evidence from observations with an id above `afterId` (0: all), and the table's highest id then. */
    observationsSince: (afterId: number): { rows: ObservationEvidence[]; lastId: number } => observationsSince(afterId),
    *reports(): Generator<ReportEvidence> {
      for (const r of reports.iterate())
        yield { lon: r.lon, lat: r.lat, accuracyM: r.accuracy_m, time: Date.parse(r.at), kind: r.kind, deviceKey: r.device_key, cohortKey: r.cohort_key, accessPointId: r.access_point_id };
    },
  };
}
