// The writer thread: its own connection to the database file, inserting the observation rows and WiGLE
// sightings the server hands it, each message in one transaction, so the commit's fsync (milliseconds)
// never holds the event loop that answers map reads. One message answers with one outcome per job.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './db';
import { rowInserter, type ObservationRow, type StoredRow } from './observations';
import { sightingInserter, type BatchInfo } from './imports';
import type { ImportedSighting } from '../domain/wigle/matcher';

export type WriteJob =
  | { kind: 'observations'; rows: ObservationRow[]; receivedAt: string }
  | { kind: 'sightings'; sightings: ImportedSighting[]; batch: BatchInfo };
export type JobResult = StoredRow[] | [index: number, id: number][];
export type JobOutcome = { stored: JobResult } | { error: { message: string; code?: string } };
export type WriterMessage = { type: 'write'; jobs: WriteJob[] } | { type: 'close' };

/** Runs one job on `db` inside the caller's transaction (shared by the thread and in-place writes). */
export function jobRunner(db: ReturnType<typeof openDatabase>) {
  const insertRows = rowInserter(db), insertSightings = sightingInserter(db);
  return (job: WriteJob): JobResult => (job.kind === 'observations' ? insertRows(job.rows, job.receivedAt) : insertSightings(job.sightings, job.batch));
}

if (parentPort && (workerData as { observationWriter?: boolean } | null)?.observationWriter) {
  const port = parentPort;
  const db = openDatabase((workerData as { path: string }).path);
  const run = jobRunner(db);
  const inOne = db.transaction((jobs: WriteJob[]) => jobs.map(run));
  const failure = (err: unknown) => ({ error: { message: (err as Error).message, code: (err as { code?: string }).code } });
  port.on('message', (message: WriterMessage) => {
    if (message.type === 'close') {
      db.close();
      port.close();
      return;
    }
    let outcomes: JobOutcome[];
    try {
      outcomes = inOne.immediate(message.jobs).map((stored) => ({ stored }));
    } catch {
      // One request's rows failing (a constraint) must not fail the others': each job alone, all or nothing.
      outcomes = message.jobs.map((job) => {
        try {
          return { stored: inOne.immediate([job])[0] };
        } catch (own) {
          return failure(own);
        }
      });
    }
    port.postMessage(outcomes);
  });
}
