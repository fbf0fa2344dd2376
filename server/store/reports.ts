// Residents' reports, their "me too" confirmations and their status history.
import { statementCache, type Db } from './db';
import type { ReportQuery } from '../domain/schemas';
import type { LonLat, Report, ReportHistoryEntry, ReportKind, ReportStatus } from '../domain/types';

interface Row {
  id: number; client_id: string | null; kind: Report['kind']; lon: number; lat: number; accuracy_m: number | null;
  note: string | null; note_published: number; status: Report['status']; access_point_id: number | null;
  confirmations: number; observed_at: string; created_at: string; updated_at: string; public_note: string | null;
  merged_into: number | null; device_key: string | null; cohort_key: string | null;
}

export const toReport = (r: Row): Report => ({
  id: r.id, clientId: r.client_id, kind: r.kind, position: [r.lon, r.lat], accuracyM: r.accuracy_m, note: r.note,
  notePublished: r.note_published === 1, status: r.status, accessPointId: r.access_point_id,
  confirmations: r.confirmations, observedAt: r.observed_at, createdAt: r.created_at, updatedAt: r.updated_at,
  publicNote: r.public_note, mergedInto: r.merged_into, deviceKey: r.device_key, cohortKey: r.cohort_key,
});

export interface NewReport {
  clientId: string | null;
  kind: ReportKind;
  position: LonLat;
  accuracyM: number | null;
  note: string | null;
  accessPointId: number | null;
  observedAt: string;
  deviceKey: string | null;
  cohortKey: string | null;
}

export interface ReportChange {
  status: ReportStatus;
  publicNote?: string | null;
  notePublished?: boolean;
  mergedInto?: number | null;
}

export function reportRepository(db: Db) {
  const insert = db.prepare(`
    INSERT INTO reports (client_id, kind, lon, lat, accuracy_m, note, access_point_id, observed_at, device_key, cohort_key, created_at, updated_at)
    VALUES (@clientId, @kind, @lon, @lat, @accuracyM, @note, @accessPointId, @observedAt, @deviceKey, @cohortKey, @now, @now)`);
  const addHistory = db.prepare(
    'INSERT INTO report_history (report_id, at, status, public_note, user_id) VALUES (?, ?, ?, ?, ?)');
  const historyOf = db.prepare<[number], { at: string; status: ReportStatus; public_note: string | null }>(
    'SELECT at, status, public_note FROM report_history WHERE report_id = ? ORDER BY id');
  const byId = db.prepare<[number], Row>('SELECT * FROM reports WHERE id = ?');
  const byClientId = db.prepare<[string], Row>('SELECT * FROM reports WHERE client_id = ?');
  const update = db.prepare(`
    UPDATE reports SET status = @status, public_note = coalesce(@publicNote, public_note),
      note_published = coalesce(@notePublished, note_published), merged_into = @mergedInto, updated_at = @now
    WHERE id = @id`);
  const insertConfirmation = db.prepare(`
    INSERT INTO report_confirmations (report_id, client_id, device_key, cohort_key, counted, at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  const confirmationByClientId = db.prepare<[string], { report_id: number; counted: number }>(
    'SELECT report_id, counted FROM report_confirmations WHERE client_id = ?');
  const cohortCounted = db.prepare<[number, string], number>(
    'SELECT 1 FROM report_confirmations WHERE report_id = ? AND cohort_key = ? AND counted = 1 LIMIT 1').pluck();
  const lastCountedByCohort = db.prepare<[string], string | null>(
    'SELECT max(at) FROM report_confirmations WHERE cohort_key = ? AND counted = 1').pluck();
  const recount = db.prepare(`
    UPDATE reports SET confirmations = (SELECT count(*) FROM report_confirmations WHERE report_id = @id AND counted = 1), updated_at = @now
    WHERE id = @id`);
  const filtered = statementCache(db);

  const get = (id: number) => {
    const row = byId.get(id);
    return row && toReport(row);
  };

  return {
    insert(r: NewReport, now: string): Report {
      const [lon, lat] = r.position;
      const info = insert.run({ ...r, lon, lat, now });
      const id = Number(info.lastInsertRowid);
      addHistory.run(id, now, 'open', null, null);
      return get(id)!;
    },
    get,
    byClientId(clientId: string): Report | undefined {
      const row = byClientId.get(clientId);
      return row && toReport(row);
    },
    /** Changes status (and notes), and writes the history entry the reporter sees. */
    change(id: number, change: ReportChange, userId: number | null, now: string): Report {
      update.run({
        id, now, status: change.status, publicNote: change.publicNote ?? null,
        notePublished: change.notePublished === undefined ? null : Number(change.notePublished),
        mergedInto: change.status === 'duplicate' ? (change.mergedInto ?? null) : null,
      });
      addHistory.run(id, now, change.status, change.publicNote ?? null, userId);
      return get(id)!;
    },
    history(id: number): ReportHistoryEntry[] {
      return historyOf.all(id).map((h) => ({ at: h.at, status: h.status, publicNote: h.public_note }));
    },
    /**
     * Adds a "me too", counted or kept uncounted as the caller decided; a retried clientId or a second one
     * from the same device is not added again (`counted` then says whether the first one counted).
     */
    confirm(
      id: number, clientId: string | null, device: { deviceKey: string | null; cohortKey: string | null }, now: string, counted = true,
    ): { report: Report; added: boolean; counted: boolean; retry: boolean } {
      const earlier = clientId ? confirmationByClientId.get(clientId) : undefined;
      if (earlier) return { report: get(earlier.report_id)!, added: false, counted: earlier.counted === 1, retry: true };
      const added = insertConfirmation.run(id, clientId, device.deviceKey, device.cohortKey, Number(counted), now).changes === 1;
      if (added && counted) recount.run({ id, now });
      return { report: get(id)!, added, counted: added && counted, retry: false };
    },
    /** Whether a counted "me too" of this cohort is already on the report. */
    cohortConfirmed: (id: number, cohortKey: string): boolean => cohortCounted.get(id, cohortKey) !== undefined,
    /** When the cohort's newest counted "me too" (on any report) was made, or undefined. */
    lastCountedByCohort: (cohortKey: string): string | undefined => lastCountedByCohort.get(cohortKey) ?? undefined,
    list(query: Partial<ReportQuery> & { ids?: number[] }): Report[] {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      // One JSON array per list, so the statement's text is the same for 1 id or 100.
      const inList = (column: string, name: string, values: readonly (string | number)[]) => {
        where.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
        params[name] = JSON.stringify(values);
      };
      if (query.bbox) {
        where.push('lon BETWEEN @minLon AND @maxLon AND lat BETWEEN @minLat AND @maxLat');
        Object.assign(params, { minLon: query.bbox[0], minLat: query.bbox[1], maxLon: query.bbox[2], maxLat: query.bbox[3] });
      }
      if (query.since) {
        where.push('created_at >= @since');
        params.since = new Date(query.since).toISOString();
      }
      if (query.until) {
        where.push('created_at <= @until');
        params.until = new Date(query.until).toISOString();
      }
      if (query.status) inList('status', 'statuses', query.status);
      if (query.kind) inList('kind', 'kinds', query.kind);
      if (query.ids) inList('id', 'ids', query.ids);
      // Filter columns come from this function, values are bound: the text varies only by which filters are used (2^6 texts at most).
      const sql = `SELECT * FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return filtered<Row>(sql).all(params).map(toReport);
    },
  };
}
