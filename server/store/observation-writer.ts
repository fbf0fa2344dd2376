// Durable observation writes with group commit: writes that arrive while a transaction is being
// committed wait together and go into the next one, so one fsync acknowledges many requests instead of
// one each. Once started (the server starts it), inserts and commits run on a writer thread with its own
// connection, so the event loop keeps answering reads meanwhile; before that (scripts, in-memory
// databases) they run in place. A write resolves only after its transaction committed (synchronous=FULL:
// on disk); a rejected write stored nothing, unless the thread itself died mid-commit (then the client's
// retry with the same clientId, or the import's own take-back, settles it).
import { Worker } from 'node:worker_threads';
import type { Db } from './db';
import type { StoredRow, ObservationRow } from './observations';
import type { BatchInfo } from './imports';
import type { ImportedSighting } from '../domain/wigle/matcher';
import { jobRunner, type JobOutcome, type JobResult, type WriteJob, type WriterMessage } from './observation-writer-thread';

/** A write the database refused (a constraint, the lock not granted within busy_timeout). */
export class WriteFailed extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export interface ObservationWriter {
  /** Stores the rows in one transaction (shared with other writes waiting at the same time); resolves once committed. */
  write(rows: ObservationRow[], receivedAt: string): Promise<StoredRow[]>;
  /** Stores an import's batch of kept sightings likewise; resolves with the index and new id of each one stored. */
  writeSightings(sightings: ImportedSighting[], batch: BatchInfo): Promise<[index: number, id: number][]>;
  /** Moves writes to the writer thread from now on (the server does; scripts need not). */
  start(): void;
  close(): void;
}

interface Pending { job: WriteJob; resolve: (result: JobResult) => void; reject: (err: Error) => void }

export function observationWriter(db: Db): ObservationWriter {
  const runInPlace = jobRunner(db);
  const inPlace = db.transaction((job: WriteJob) => runInPlace(job));
  let worker: Worker | null = null;
  let started = false;
  let inFlight: Pending[] = []; // in the transaction being committed
  let waiting: Pending[] = []; // arrived meanwhile: the next transaction

  const send = () => {
    if (inFlight.length || !waiting.length) return;
    [inFlight, waiting] = [waiting, []];
    const w = (worker ??= spawn());
    w.ref(); // a write in flight keeps the process alive until it is on disk
    w.postMessage({ type: 'write', jobs: inFlight.map((p) => p.job) } satisfies WriterMessage);
  };
  const settle = (outcomes: JobOutcome[] | null, crash?: Error) => {
    const done = inFlight;
    inFlight = [];
    done.forEach((p, i) => {
      const outcome = outcomes?.[i];
      if (outcome && 'stored' in outcome) p.resolve(outcome.stored);
      else p.reject(outcome ? new WriteFailed(outcome.error.message, outcome.error.code) : (crash ?? new WriteFailed('the writer thread stopped')));
    });
    if (!waiting.length) worker?.unref();
    send();
  };
  function spawn(): Worker {
    const w = new Worker(new URL('./observation-writer-boot.mjs', import.meta.url), { workerData: { path: db.name, observationWriter: true } });
    w.on('message', (outcomes: JobOutcome[]) => settle(outcomes));
    w.on('error', (err) => {
      worker = null; // the next write starts a fresh thread
      settle(null, new WriteFailed(`the writer thread failed: ${err.message}`));
    });
    return w;
  }
  const submit = <T extends JobResult>(job: WriteJob): Promise<T> => {
    if (!started) return new Promise((resolve) => resolve(inPlace.immediate(job) as T));
    return new Promise<T>((resolve, reject) => {
      waiting.push({ job, resolve: resolve as (r: JobResult) => void, reject });
      send();
    });
  };

  return {
    write: (rows, receivedAt) => submit<StoredRow[]>({ kind: 'observations', rows, receivedAt }),
    writeSightings: (sightings, batch) => submit<[number, number][]>({ kind: 'sightings', sightings, batch }),
    start() {
      if (db.memory || started) return; // an in-memory database has no file a second connection could open
      started = true;
      worker ??= spawn();
      if (!inFlight.length) worker.unref();
    },
    close() {
      started = false;
      worker?.postMessage({ type: 'close' } satisfies WriterMessage);
      worker?.unref();
      worker = null;
    },
  };
}
