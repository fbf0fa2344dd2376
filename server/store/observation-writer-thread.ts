// The writer thread: its own connection to the database file, inserting the groups of observation rows
// the server hands it, each message in one transaction, so the commit's fsync (milliseconds) never
// holds the event loop that answers map reads. One message answers with one result per group.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './db';
import { rowInserter, type ObservationRow, type StoredRow } from './observations';

export interface WriteGroup { rows: ObservationRow[]; receivedAt: string }
export type GroupOutcome = { stored: StoredRow[] } | { error: { message: string; code?: string } };
export type WriterMessage = { type: 'write'; groups: WriteGroup[] } | { type: 'close' };

const db = openDatabase((workerData as { path: string }).path);
const insertRows = rowInserter(db);
const inOne = db.transaction((groups: WriteGroup[]) => groups.map((g) => insertRows(g.rows, g.receivedAt)));
const failure = (err: unknown) => ({ error: { message: (err as Error).message, code: (err as { code?: string }).code } });

parentPort!.on('message', (message: WriterMessage) => {
  if (message.type === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let outcomes: GroupOutcome[];
  try {
    outcomes = inOne.immediate(message.groups).map((stored) => ({ stored }));
  } catch (err) {
    // One request's rows failing (a constraint) must not fail the others': each group alone, all or nothing.
    outcomes = message.groups.map((group) => {
      try {
        return { stored: inOne.immediate([group])[0] };
      } catch (own) {
        return failure(own ?? err);
      }
    });
  }
  parentPort!.postMessage(outcomes);
});
