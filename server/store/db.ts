// Opens the one SQLite file, sets it up for durability, and applies numbered migrations.
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellBounds, cellOf } from '../domain/public-cells';
import { PUBLIC_CELL_M } from '../domain/limits';
import { guardVocabularies } from './vocabulary-guards';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
const HEADER_BYTES = 100; // bytes: the SQLite file header (https://www.sqlite.org/fileformat.html#the_database_header)
const MAGIC = 'SQLite format 3\0';

/** A database file this version cannot use: the message is one line that names the file and says why. */
export class DatabaseFileError extends Error {}

/** Numbered migration files, oldest first. */
function migrations(): { version: number; file: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), file }));
}

/** The schema version the newest migration brings a database to. */
export const newestVersion = (): number => Math.max(0, ...migrations().map((m) => m.version));

/**
 * Refuses a file that is not a whole SQLite database before SQLite touches it: a foreign file, or one cut
 * short (its header names more pages than it holds; SQLite would only notice on reading a missing page).
 */
function checkHeader(path: string): void {
  if (!existsSync(path)) return;
  // The log first: a closing server's writer thread may be checkpointing (page 1 first, the log deleted last).
  // With the log gone or empty before the file is looked at, no checkpoint is under way and the file is whole;
  // read in the other order, a checkpoint could finish between the two and a whole file look cut short
  // (CI saw "header says 1449984 bytes, the file has 4096" on a restart right after a stop).
  const walBytes = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
  const size = statSync(path).size;
  if (size === 0) return; // an empty file is a new, empty database
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (size < HEADER_BYTES || header.toString('latin1', 0, 16) !== MAGIC)
    throw new DatabaseFileError(`database ${path} is not a SQLite database (${size} bytes without the SQLite header); point DATABASE_PATH at the right file or restore a backup`);
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  const pages = header.readUInt32BE(28);
  const sizeValid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92); // SQLite's own rule for trusting the page count
  // With a write-ahead log beside it the file may be mid-checkpoint by another connection (the writer thread of a
  // server that is closing writes page 1 before the pages after it): SQLite reads the pages from the log then.
  if (sizeValid && walBytes === 0 && size < pages * pageSize)
    throw new DatabaseFileError(`database ${path} is truncated: its header says ${pages * pageSize} bytes, the file has ${size}; restore a backup`);
}

/** SQLite's words for a damaged file, turned into one line naming the file. */
function explain(path: string, err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB') return new DatabaseFileError(`database ${path} is not a SQLite database (${(err as Error).message}); point DATABASE_PATH at the right file or restore a backup`);
  if (code === 'SQLITE_CORRUPT') return new DatabaseFileError(`database ${path} is damaged (${(err as Error).message}); restore a backup`);
  return err;
}

export function openDatabase(path: string): Db {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    checkHeader(path);
  }
  const db = new Database(path);
  try {
    refuseNewer(db, path); // before any pragma below writes to the file
    db.pragma('journal_mode = WAL'); // readers never block the writer
    db.pragma('synchronous = FULL'); // an acknowledged report survives a power cut, not only a crash
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000'); // ms: a CLI writing users while the server runs waits, not fails
    // bytes: after a checkpoint the WAL file is cut back to 4 MiB, so one burst of writes does not leave it large for good
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    registerCellFunctions(db);
    migrate(db);
    guardVocabularies(db); // after the migrations: they may rebuild a guarded table
  } catch (err) {
    db.close();
    throw explain(path, err);
  }
  return db;
}

/** A database written by a newer version has a schema this code does not know: writing to it could damage it. */
function refuseNewer(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = newestVersion();
  if (current > newest)
    throw new DatabaseFileError(`database ${path} has schema version ${current}, newer than this Wi-Fi Reach knows (${newest}); run the newer version, or restore a backup made by this one`);
}

export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * The public 25 m cell of a position, in SQL, for the triggers that keep public_cells current
 * (migration 015). Every connection that writes observations must have them: openDatabase adds them.
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
  const pending = migrations().filter((m) => m.version > current);
  if (pending.length === 0) return;
  // Off while migrating, as SQLite's table-rebuild procedure asks (a dropped parent would cascade or fail);
  // each migration's references are checked before it commits. The pragma cannot change inside a transaction.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const { version, file } of pending) {
      const sql = readFileSync(`${MIGRATIONS_DIR}/${file}`, 'utf8');
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
        if (broken.length > 0) throw new Error(`migration ${file} leaves ${broken.length} broken references, e.g. ${broken[0].table} row ${broken[0].rowid} → ${broken[0].parent}`);
        db.pragma(`user_version = ${version}`);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

const STATEMENTS_MAX = 128; // prepared statements kept per connection: the texts are finite (~70 filter combinations), this only guards a future mistake

const caches = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * Statements whose text depends on which filters a query uses: each distinct text is prepared once and
 * shared by every repository on the connection. Lists are bound as one JSON parameter (`json_each(@ids)`),
 * never spliced in as `IN (?, ?, …)`, so the text never depends on a list's length. The least recently
 * used statement is dropped past STATEMENTS_MAX, so memory stays bounded whatever callers send.
 */
export function statementCache(db: Db) {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const statements = cache;
  return <R>(sql: string) => {
    let statement = statements.get(sql);
    if (statement) statements.delete(sql); // re-inserted below: Map order is least recently used first
    else {
      statement = db.prepare(sql);
      if (statements.size >= STATEMENTS_MAX) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
    return statement as Database.Statement<unknown[], R>;
  };
}

/** How many statements the connection's cache holds (tests check its key space is finite). */
export const cachedStatementCount = (db: Db): number => caches.get(db)?.size ?? 0;
