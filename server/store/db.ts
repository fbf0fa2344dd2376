// Opens the one SQLite file, sets it up for durability, and applies numbered migrations.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL'); // readers never block the writer
  db.pragma('synchronous = FULL'); // an acknowledged report survives a power cut, not only a crash
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000'); // ms: a CLI writing users while the server runs waits, not fails
  migrate(db);
  return db;
}

/** Applies every migrations/NNN_*.sql newer than the database's user_version, each in a transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (version <= current) continue;
    const sql = readFileSync(`${MIGRATIONS_DIR}/${file}`, 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}

/** Statements whose text depends on which filters a query uses: each distinct text is prepared once. */
export function statementCache(db: Db) {
  const cache = new Map<string, Database.Statement>();
  return <R>(sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement as Database.Statement<unknown[], R>;
  };
}
