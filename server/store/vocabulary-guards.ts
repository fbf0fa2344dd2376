// Stored values stay inside the domain's vocabularies: triggers generated from domain/vocabulary.ts refuse
// an insert or update with a value the list does not hold. Triggers, unlike CHECK constraints, are replaced
// without rebuilding a table, so a new report kind needs no migration. Columns whose lists rarely change
// keep their CHECK constraints; test/unit/vocabulary-sql.test.ts holds those to the same lists.
import { REPORT_KINDS, REPORT_STATUSES } from '../domain/vocabulary';
import type Database from 'better-sqlite3';

type Db = Database.Database; // not from ./db, which imports this file

/** Table, column and the values it may hold. */
export const GUARDED_COLUMNS: readonly { table: string; column: string; values: readonly string[] }[] = [
  { table: 'reports', column: 'kind', values: REPORT_KINDS },
  { table: 'reports', column: 'status', values: REPORT_STATUSES },
];

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The triggers for one column: before insert, and before an update of that column. */
export function guardTriggers({ table, column, values }: (typeof GUARDED_COLUMNS)[number]): { name: string; sql: string }[] {
  const list = values.map(quote).join(', ');
  const refuse = `SELECT RAISE(ABORT, '${table}.${column} must be one of ${values.join(', ').replaceAll("'", "''")}')`;
  return [
    { name: `${table}_${column}_insert`, sql: `CREATE TRIGGER ${table}_${column}_insert BEFORE INSERT ON ${table} WHEN NEW.${column} NOT IN (${list}) BEGIN ${refuse}; END` },
    { name: `${table}_${column}_update`, sql: `CREATE TRIGGER ${table}_${column}_update BEFORE UPDATE OF ${column} ON ${table} WHEN NEW.${column} NOT IN (${list}) BEGIN ${refuse}; END` },
  ];
}

/**
 * Makes the stored triggers match this version's lists. Only a trigger whose text differs is replaced, so
 * an ordinary start writes nothing to the schema.
 */
export function guardVocabularies(db: Db, columns: typeof GUARDED_COLUMNS = GUARDED_COLUMNS): void {
  const stored = new Map(
    (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[]).map((t) => [t.name, t.sql]),
  );
  const stale = columns.flatMap(guardTriggers).filter((t) => stored.get(t.name) !== t.sql);
  if (stale.length === 0) return;
  db.transaction(() => {
    for (const t of stale) {
      db.exec(`DROP TRIGGER IF EXISTS ${t.name}`);
      db.exec(t.sql);
    }
  }).immediate();
}
