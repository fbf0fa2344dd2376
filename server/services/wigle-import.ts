// Imports a WiGLE CSV file: parse as the bytes arrive → keep only sightings of the City's free
// networks → store them as observations in batched transactions. A re-import adds nothing twice:
// every sighting has a natural key under a unique index. An import lands whole or not at all: its
// rows carry its id, and a failure, an interruption (signal) or, at the next start, a dead owner
// process takes them back and marks the import failed.
import { createHash } from 'node:crypto';
import { createWigleParser, WigleFormatError, type WigleRow } from '../domain/wigle/parser';
import { createMatcher, DROP_REASONS, type DropReason, type ImportedSighting } from '../domain/wigle/matcher';
import { IMPORT_BATCH_ROWS } from '../domain/wigle/limits';
import { InvalidInput } from '../domain/errors';
import type { ServiceArea } from '../domain/service-area';
import type { Observation } from '../domain/types';
import type { Store } from '../store';
import type { ImportCounts, StoredSighting } from '../store/imports';

export interface WigleImportOptions {
  serviceArea: ServiceArea;
  now: Date;
  via: 'command' | 'upload';
  uploadedBy: number | null; // staff user id; null from the command line
  fileName?: string | null;
  /** Keys the file's device for the coverage model (one volunteer's phone is one voice); null: unknown device. */
  deviceKey?: (importId: number) => string | null;
  /** Told of each batch of new observations once it is committed (the live coverage model takes them in). */
  onStored?: (observations: Observation[]) => void;
  batchRows?: number;
  /** Aborting stops the import between chunks; its rows are removed and it is marked failed with the abort reason. */
  signal?: AbortSignal;
}

export interface WigleImportSummary {
  importId: number;
  format: string;
  /** The zone the file's times were read in: 'UTC', or the City's for WiGLE apps before 2.78, which wrote phone-local time. */
  timeZone: string;
  fileSha256: string;
  rows: { read: number; kept: number; stored: number; alreadyStored: number; dropped: number };
  dropped: Record<DropReason, number>;
  /** The same file (by content) imported before: why nothing new was stored. */
  earlierImport: { id: number; at: string } | null;
}

/** Reads `bytes` (already decompressed) to the end; throws InvalidInput when it is not WiGLE CSV. */
export async function importWigle(store: Store, bytes: AsyncIterable<Uint8Array>, options: WigleImportOptions): Promise<WigleImportSummary> {
  const { now, batchRows = IMPORT_BATCH_ROWS } = options;
  const at = now.toISOString();
  const networks = store.accessPoints.list().map(({ id, ssid, bssids, position, status }) => ({ id, ssid, bssids, position, status }));
  const keep = createMatcher(networks, options.serviceArea, now.getTime());
  const parser = createWigleParser();
  const decoder = new TextDecoder('utf-8'); // strips a BOM; a multi-byte character split across chunks is joined
  const hash = createHash('sha256');
  const dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
  const counts: ImportCounts = { read: 0, kept: 0, stored: 0, alreadyStored: 0, dropped };
  const importId = store.imports.start('WiGLE CSV', options.fileName ?? null, options.via, options.uploadedBy, at, process.pid);
  const deviceKey = options.deviceKey?.(importId) ?? null;
  let batch: ImportedSighting[] = [];

  // One batch is stored (on the server: on the writer thread) while the next chunks are parsed; at most one is in flight.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const sightings = batch;
    batch = [];
    await writing;
    writing = store.writeSightings(sightings, { importId, receivedAt: at, deviceKey }).then((stored) => {
      counts.stored += stored.length;
      counts.alreadyStored += sightings.length - stored.length;
      store.imports.progress(importId, counts);
      if (stored.length) options.onStored?.(stored.map(([index, id]) => asObservation({ id, sighting: sightings[index] })));
    });
    writing.catch(() => {}); // awaited (and thrown) by the next flush or at the end
  };
  const take = (rows: WigleRow[]) => {
    for (const row of rows) {
      counts.read += 1;
      const verdict = keep(row);
      if (!verdict.keep) {
        dropped[verdict.reason] += 1; // only the count: the row itself is gone with this loop
        continue;
      }
      counts.kept += 1;
      batch.push(verdict.sighting);
    }
  };
  const flushFull = async () => {
    while (batch.length >= batchRows) {
      const rest = batch.splice(batchRows);
      await flush();
      batch = rest;
    }
  };

  try {
    for await (const chunk of bytes) {
      options.signal?.throwIfAborted();
      hash.update(chunk);
      take(parser.push(decoder.decode(chunk, { stream: true })));
      await flushFull();
    }
    take(parser.push(decoder.decode()));
    take(parser.end());
    options.signal?.throwIfAborted();
    await flushFull();
    await flush();
    await writing;
  } catch (err) {
    await writing.catch(() => {}); // a batch still being stored lands first, then goes with the rest
    store.imports.removeRows(importId); // the batches already stored go again: all or nothing
    const reason = err instanceof WigleFormatError ? `not WiGLE CSV: ${err.message}` : (err as Error).message;
    store.imports.finish(importId, 'failed', new Date().toISOString(), parser.format, null, counts, reason);
    if (err instanceof WigleFormatError) throw new InvalidInput([{ path: 'body', message: `not WiGLE CSV: ${err.message}` }], 'The file is not WiGLE CSV');
    throw err;
  }

  const fileSha256 = hash.digest('hex');
  store.imports.finish(importId, 'done', new Date().toISOString(), parser.format, fileSha256, counts);
  store.audit.record(at, options.uploadedBy, 'import.wigle', 'import', importId, { format: parser.format, read: counts.read, kept: counts.kept, stored: counts.stored });
  const earlier = store.imports.earlierOf(fileSha256, importId);
  return {
    importId,
    format: parser.format,
    timeZone: parser.timeZone,
    fileSha256,
    rows: { read: counts.read, kept: counts.kept, stored: counts.stored, alreadyStored: counts.alreadyStored, dropped: counts.read - counts.kept },
    dropped,
    earlierImport: earlier ? { id: earlier.id, at: earlier.startedAt } : null,
  };
}

/** A stored sighting as the observation it became. */
const asObservation = ({ id, sighting: s }: StoredSighting): Observation => ({
  id, clientId: null, observedAt: s.observedAt, position: s.position, accuracyM: s.accuracyM, source: 'wigle', signalDbm: s.signalDbm,
  noFreeNetwork: false, ssid: s.ssid, bssid: s.bssid, accessPointId: s.accessPointId, test: null,
});

/**
 * Takes back the imports a dead process left 'running' (kill -9, power cut): removes their rows and
 * marks them failed. Called at every start of the server and of the import command, before either
 * imports anything, and by the running server every 15 s. At a start, an import under this very
 * process id is a predecessor's (containers reuse pid 1); later it is one of our own uploads.
 */
export function recoverAbandonedImports(
  store: Store,
  now: Date,
  { atStart = true, isAlive = processAlive }: { atStart?: boolean; isAlive?: (pid: number) => boolean } = {},
): { id: number; rowsRemoved: number }[] {
  const recovered: { id: number; rowsRemoved: number }[] = [];
  for (const { id, pid } of store.imports.running()) {
    const alive = pid === process.pid ? !atStart : pid !== null && isAlive(pid);
    if (alive) continue; // still under way
    const rowsRemoved = store.imports.removeRows(id);
    const { format, read, kept, stored, alreadyStored, dropped } = store.imports.get(id)!;
    const reason = `abandoned: the importing process${pid === null ? '' : ` (pid ${pid})`} stopped before it finished; its ${rowsRemoved} rows were removed`;
    store.imports.finish(id, 'failed', now.toISOString(), format, null, { read, kept, stored, alreadyStored, dropped }, reason);
    recovered.push({ id, rowsRemoved });
  }
  return recovered;
}

/** Whether a process with this id exists on this machine (the one SQLite file lives here too). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 sends nothing: it only checks
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to another user
  }
}
