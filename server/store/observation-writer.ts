// Durable observation writes with group commit: requests that arrive while a transaction is being
// committed wait together and go into the next one, so one fsync acknowledges many requests instead of
// one each. The inserts and the commit run on a writer thread with its own connection, so the event loop
// keeps answering reads meanwhile. A write resolves only after its transaction committed (synchronous=FULL:
// on disk); a failed group rejects, and nothing of it was stored. In-memory databases write in place.
import { Worker } from 'node:worker_threads';
import type { Db } from './db';
import { rowInserter, type ObservationRow, type StoredRow } from './observations';
import type { GroupOutcome, WriteGroup, WriterMessage } from './observation-writer-thread';

/** A write the database refused (a constraint, the lock not granted within busy_timeout); nothing of it is stored. */
export class WriteFailed extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export interface ObservationWriter {
  /** Stores the rows in one transaction (shared with other writes waiting at the same time); resolves once committed. */
  write(rows: ObservationRow[], receivedAt: string): Promise<StoredRow[]>;
  /** Starts the thread now, so the first write does not wait for it (the server does; scripts need not). */
  start(): void;
  close(): void;
}

interface Pending extends WriteGroup { resolve: (stored: StoredRow[]) => void; reject: (err: Error) => void }

export function observationWriter(db: Db): ObservationWriter {
  if (db.memory) {
    const insertRows = rowInserter(db);
    return { write: async (rows, receivedAt) => db.transaction(() => insertRows(rows, receivedAt)).immediate(), start: () => {}, close: () => {} };
  }
  let worker: Worker | null = null;
  let inFlight: Pending[] = []; // in the transaction being committed
  let waiting: Pending[] = []; // arrived meanwhile: the next transaction

  const send = () => {
    if (inFlight.length || !waiting.length) return;
    [inFlight, waiting] = [waiting, []];
    const w = (worker ??= start());
    w.ref(); // a write in flight keeps the process alive until it is on disk
    w.postMessage({ type: 'write', groups: inFlight.map(({ rows, receivedAt }) => ({ rows, receivedAt })) } satisfies WriterMessage);
  };
  const settle = (outcomes: GroupOutcome[] | null, crash?: Error) => {
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
  function start(): Worker {
    const w = new Worker(new URL('./observation-writer-thread.mjs', import.meta.url), { workerData: { path: db.name } });
    w.on('message', (outcomes: GroupOutcome[]) => settle(outcomes));
    w.on('error', (err) => {
      worker = null; // the next write starts a fresh thread; the rows in flight were rolled back or committed: the client retries with its clientId
      settle(null, new WriteFailed(`the writer thread failed: ${err.message}`));
    });
    return w;
  }

  return {
    start() {
      worker ??= start();
      if (!inFlight.length) worker.unref();
    },
    write(rows, receivedAt) {
      return new Promise((resolve, reject) => {
        waiting.push({ rows, receivedAt, resolve, reject });
        send();
      });
    },
    close() {
      worker?.postMessage({ type: 'close' } satisfies WriterMessage);
      worker?.unref();
      worker = null;
    },
  };
}
