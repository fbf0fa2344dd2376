// Server-wide settings kept in the database, such as secrets made once at first start.
import type { Db } from './db';

export function settingsRepository(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  return {
    /** Returns the stored value, storing `make()` first if there is none. */
    getOrCreate(key: string, make: () => string): string {
      insert.run(key, make());
      return get.get(key)!.value;
    },
  };
}
