// Opens the one SQLite file, sets it up for durability, and applies numbered migrations.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellBounds, cellOf } from '../domain/public-cells';
import { PUBLIC_CELL_M } from '../domain/limits';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL'); // readers never block the writer
  db.pragma('synchronous = FULL'); // an acknowledged report survives a power cut, not only a crash
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000'); // ms: a CLI writing users while the server runs waits, not fails
  // bytes: after a checkpoint the WAL file is cut back to 4 MiB, so one burst of writes does not leave it large for good
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  registerCellFunctions(db);
  migrate(db);
  return db;
}

export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * The public 25 m cell of a position, in SQL, for the triggers that keep public_cells current
 * (migration 011). Every connection that writes observations must have them: openDatabase adds them.
 */
export function registerCellFunctions(db: Db): void {
  db.function('public_cell_row', { deterministic: true }, (lat) => cellOf([0, lat as number], PUBLIC_CELL_M).row);
  db.function('public_cell_col', { deterministic: true }, (lon, lat) => cellOf([lon as number, lat as number], PUBLIC_CELL_M).col);
  // i: 0 west, 1 south, 2 east, 3 north (degrees), widened by a hair so a point on the edge is not missed
  db.function('public_cell_bound', { deterministic: true }, (row, col, i) =>
    cellBounds({ row: row as number, col: col as number }, PUBLIC_CELL_M)[i as number] + ((i as number) < 2 ? -1e-9 : 1e-9));
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
