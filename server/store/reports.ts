// Residents' reports and their status history.
import { statementCache, type Db } from './db';
import type { ReportInput, ReportQuery } from '../domain/schemas';
import type { Report } from '../domain/types';

interface Row {
  id: number; client_id: string | null; kind: Report['kind']; lon: number; lat: number; accuracy_m: number | null;
  note: string | null; note_published: number; status: Report['status']; access_point_id: number | null;
  confirmations: number; observed_at: string; created_at: string; updated_at: string;
}

const toReport = (r: Row): Report => ({
  id: r.id, clientId: r.client_id, kind: r.kind, position: [r.lon, r.lat], accuracyM: r.accuracy_m, note: r.note,
  notePublished: r.note_published === 1, status: r.status, accessPointId: r.access_point_id,
  confirmations: r.confirmations, observedAt: r.observed_at, createdAt: r.created_at, updatedAt: r.updated_at,
});

export function reportRepository(db: Db) {
  const insert = db.prepare(`
    INSERT INTO reports (client_id, kind, lon, lat, accuracy_m, note, access_point_id, observed_at, created_at, updated_at)
    VALUES (@clientId, @kind, @lon, @lat, @accuracyM, @note, @accessPointId, @observedAt, @now, @now)`);
  const history = db.prepare(
    'INSERT INTO report_history (report_id, at, status, public_note, user_id) VALUES (?, ?, ?, ?, ?)');
  const byId = db.prepare<[number], Row>('SELECT * FROM reports WHERE id = ?');
  const byClientId = db.prepare<[string], Row>('SELECT * FROM reports WHERE client_id = ?');
  const filtered = statementCache(db);

  return {
    insert(input: ReportInput, now: string): Report {
      const info = insert.run({
        clientId: input.clientId ?? null, kind: input.kind, lon: input.lon, lat: input.lat,
        accuracyM: input.accuracyM ?? null, note: input.note || null, accessPointId: input.accessPointId ?? null,
        observedAt: input.observedAt ? new Date(input.observedAt).toISOString() : now, now,
      });
      const id = Number(info.lastInsertRowid);
      history.run(id, now, 'open', null, null);
      return toReport(byId.get(id)!);
    },
    get(id: number): Report | undefined {
      const row = byId.get(id);
      return row && toReport(row);
    },
    byClientId(clientId: string): Report | undefined {
      const row = byClientId.get(clientId);
      return row && toReport(row);
    },
    list(query: ReportQuery): Report[] {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
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
      if (query.status) where.push(`status IN (${query.status.map((s, i) => ((params[`s${i}`] = s), `@s${i}`)).join(', ')})`);
      if (query.kind) where.push(`kind IN (${query.kind.map((k, i) => ((params[`k${i}`] = k), `@k${i}`)).join(', ')})`);
      const sql = `SELECT * FROM reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return filtered<Row>(sql).all(params).map(toReport);
    },
    count(): number {
      return (db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    },
  };
}
