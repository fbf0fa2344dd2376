// A small promise wrapper over one IndexedDB object store; an in-memory map where IndexedDB is unavailable.

export interface KeyValueStore<T> {
  all(): Promise<T[]>;
  get(key: string): Promise<T | undefined>;
  put(value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

const databaseName = 'wifi-reach';
const databaseVersion = 1; // bump with a new store; onupgradeneeded creates what is missing

export function openStore<T>(storeName: string, keyPath: keyof T & string): KeyValueStore<T> {
  const database = openDatabase(storeName, keyPath).catch((error: unknown) => {
    console.warn(`IndexedDB is not available (${String(error)}); queued items last only for this visit.`);
    return null;
  });
  const fallback = new Map<string, T>();

  async function run<R>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<R>): Promise<R> {
    const db = await database;
    if (!db) throw new Error('no database');
    return new Promise<R>((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const request = action(transaction.objectStore(storeName));
      // Resolve on commit, not on the request's success: a put is durable only once its transaction completes.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? request.error);
      transaction.onabort = () => reject(transaction.error ?? new Error(`transaction on ${storeName} aborted`));
    });
  }

  return {
    async all() {
      if (!(await database)) return [...fallback.values()];
      return run('readonly', (s) => s.getAll() as IDBRequest<T[]>);
    },
    async get(key) {
      if (!(await database)) return fallback.get(key);
      return run('readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
    },
    async put(value) {
      if (!(await database)) return void fallback.set(String(value[keyPath]), value);
      await run('readwrite', (s) => s.put(value));
    },
    async delete(key) {
      if (!(await database)) return void fallback.delete(key);
      await run('readwrite', (s) => s.delete(key));
    },
  };
}

function openDatabase(storeName: string, keyPath: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('indexedDB is undefined'));
    const request = indexedDB.open(databaseName, databaseVersion);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName, { keyPath });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('the database is blocked by another tab'));
  });
}
