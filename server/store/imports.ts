// Imports of observation files: the record of each import and the batched insert of its kept rows.
import type { Db } from './db';
import { publicCellsCounter } from './public-cells';
import type { ImportedSighting } from '../domain/wigle/matcher';

export interface ImportCounts {
  read: number;
  kept: number;
  stored: number;
  alreadyStored: number;
  dropped: Record<string, number>;
}

export interface ImportRecord extends ImportCounts {
  id: number;
  format: string;
  fileSha256: string | null;
  fileName: string | null;
  via: 'command' | 'upload';
  uploadedBy: number | null;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface BatchInfo {
  importId: number;
  receivedAt: string;
  deviceKey: string | null; // one keyed hash per uploader or file: the coverage model counts one device as one voice
}

export interface StoredSighting {
  id: number; // the new observation's id
  sighting: ImportedSighting;
}

interface Row {
  id: number; format: string; file_sha256: string | null; file_name: string | null; via: 'command' | 'upload';
  uploaded_by: number | null; status: ImportRecord['status']; started_at: string; finished_at: string | null;
  rows_read: number; rows_kept: number; rows_stored: number; rows_already_stored: number; dropped: string; error: string | null;
}

const toImport = (r: Row): ImportRecord => ({
  id: r.id, format: r.format, fileSha256: r.file_sha256, fileName: r.file_name, via: r.via, uploadedBy: r.uploaded_by,
  status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, read: r.rows_read, kept: r.rows_kept,
  stored: r.rows_stored, alreadyStored: r.rows_already_stored, dropped: JSON.parse(r.dropped) as Record<string, number>, error: r.error,
});

/**
 * Inserts a batch of kept sightings inside the caller's transaction; returns the index (in `sightings`) and the
 * new id of each one stored (the rest were stored before). Used on the main connection and by the writer thread.
 */
export function sightingInserter(db: Db) {
  const insert = db.prepare(`
    INSERT INTO observations (observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm, ssid, bssid,
      access_point_id, device_key, import_id, natural_key)
    VALUES (?, ?, ?, ?, ?, 'wigle', ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (natural_key) WHERE natural_key IS NOT NULL DO NOTHING`);
  const count = publicCellsCounter(db);
  return (sightings: readonly ImportedSighting[], batch: BatchInfo): [index: number, id: number][] => {
    const stored: [number, number][] = [];
    sightings.forEach((s, index) => {
      const info = insert.run(s.observedAt, batch.receivedAt, s.position[0], s.position[1], s.accuracyM, s.signalDbm, s.ssid, s.bssid,
        s.accessPointId, batch.deviceKey, batch.importId, s.naturalKey);
      if (info.changes === 1) stored.push([index, Number(info.lastInsertRowid)]);
    });
    count(stored.map(([index]) => {
      const s = sightings[index];
      return { lon: s.position[0], lat: s.position[1], signalDbm: s.signalDbm, noFreeNetwork: false, observedAt: s.observedAt, source: 'wigle', deviceKey: batch.deviceKey };
    }));
    return stored;
  };
}

export function importRepository(db: Db) {
  const start = db.prepare(
    "INSERT INTO imports (format, file_name, via, uploaded_by, status, started_at, pid) VALUES (@format, @fileName, @via, @uploadedBy, 'running', @at, @pid)");
  const progress = db.prepare(
    'UPDATE imports SET rows_read = @read, rows_kept = @kept, rows_stored = @stored, rows_already_stored = @alreadyStored WHERE id = @id');
  const running = db.prepare<[], { id: number; pid: number | null }>("SELECT id, pid FROM imports WHERE status = 'running' ORDER BY id");
  const failedCount = db.prepare<[], number>("SELECT count(*) FROM imports WHERE status = 'failed'").pluck();
  const finish = db.prepare(`
    UPDATE imports SET status = @status, finished_at = @at, format = @format, file_sha256 = @fileSha256, rows_read = @read,
      rows_kept = @kept, rows_stored = @stored, rows_already_stored = @alreadyStored, dropped = @dropped, error = @error
    WHERE id = @id`);
  const byId = db.prepare<[number], Row>('SELECT * FROM imports WHERE id = ?');
  const earlier = db.prepare<[string, number], Row>(
    "SELECT * FROM imports WHERE file_sha256 = ? AND status = 'done' AND id <> ? ORDER BY id LIMIT 1");
  // Batches of 5,000 rows, each its own transaction: taking back a 4M-row import never holds the write lock for long.
  const removeSome = db.prepare(
    'DELETE FROM observations WHERE id IN (SELECT id FROM observations WHERE import_id = ? LIMIT 5000)');
  const insertSightings = sightingInserter(db);
  const insertBatch = db.transaction((sightings: readonly ImportedSighting[], batch: BatchInfo): StoredSighting[] =>
    insertSightings(sightings, batch).map(([index, id]) => ({ id, sighting: sightings[index] })));

  return {
    /** Records a running import, owned by process `pid` (the one that will finish it). */
    start(format: string, fileName: string | null, via: ImportRecord['via'], uploadedBy: number | null, at: string, pid: number): number {
      return Number(start.run({ format, fileName, via, uploadedBy, at, pid }).lastInsertRowid);
    },
    /** The counts so far of a running import, so its progress can be watched from another process. */
    progress(id: number, counts: ImportCounts): void {
      progress.run({ id, read: counts.read, kept: counts.kept, stored: counts.stored, alreadyStored: counts.alreadyStored });
    },
    /** Imports marked running, with the process that owns each (null: recorded before owners were). */
    running: (): { id: number; pid: number | null }[] => running.all(),
    /** How many imports failed so far: when it grows, rows another process had stored may have been taken back. */
    failedCount: (): number => failedCount.get()!,
    /** Stores one batch in one transaction; returns the new ones (the rest were stored before). */
    insertSightings: (sightings: readonly ImportedSighting[], batch: BatchInfo): StoredSighting[] => insertBatch.immediate(sightings, batch),
    finish(id: number, status: 'done' | 'failed', at: string, format: string, fileSha256: string | null, counts: ImportCounts, error: string | null = null): void {
      finish.run({ id, status, at, format, fileSha256, ...counts, dropped: JSON.stringify(counts.dropped), error });
    },
    /** Takes back the rows of an import that failed part-way, so an import lands whole or not at all. */
    removeRows(importId: number): number {
      let removed = 0;
      for (;;) {
        const n = removeSome.run(importId).changes;
        if (n === 0) return removed;
        removed += n;
      }
    },
    get(id: number): ImportRecord | undefined {
      const row = byId.get(id);
      return row && toImport(row);
    },
    /** An earlier, completed import of the same file (by content hash), if any. */
    earlierOf(fileSha256: string, id: number): ImportRecord | undefined {
      const row = earlier.get(fileSha256, id);
      return row && toImport(row);
    },
  };
}
