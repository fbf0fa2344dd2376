// A write to the store and the coverage model's update, as one use case: either both happen or neither.
// The model is told inside the store's transaction (it reads the uncommitted rows on the same connection);
// if it refuses them, the transaction rolls back, so "nothing was stored" stays true. If the commit itself
// fails after the model took the change, the model is told again, from what the store holds.
import type { Store } from '../store';
import { StoredButNotApplied } from '../domain/errors';

/**
 * Tells the model about a write already committed (evidence: a report, a "me too"), where rolling back is
 * not wanted — the resident's report is kept either way. If the model cannot take it in, the error says what
 * was stored; the model reads it from the store when it is next built.
 */
export function afterStored(what: string, location: string | null, tellModel: () => void): void {
  try {
    tellModel();
  } catch (err) {
    throw new StoredButNotApplied(what, location, err);
  }
}

export function storedWithModel<T>(store: Pick<Store, 'transaction'>, write: () => T, tellModel: () => void): T {
  let told = false;
  try {
    return store.transaction(() => {
      const result = write();
      told = true;
      tellModel();
      return result;
    });
  } catch (err) {
    if (!told) throw err; // the write itself failed (not found, invalid): the model never saw it
    try {
      tellModel(); // back to the committed state; a model that refused kept its last good state anyway
    } catch {
      // the model keeps its last good state; the original error says what went wrong
    }
    throw err;
  }
}
