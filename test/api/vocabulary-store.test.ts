// The stored vocabularies follow domain/vocabulary.ts: report kinds and statuses through generated triggers
// (a new kind needs no migration), the rarely changing lists through CHECK constraints that must list
// exactly the domain's values.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, openDatabase, registerCellFunctions } from '../../server/store/db';
import { GUARDED_COLUMNS, guardVocabularies } from '../../server/store/vocabulary-guards';
import { AP_CONFIDENCES, AP_ENVIRONMENTS, AP_STATUSES, AREA_KINDS, BANDS, OBSERVATION_SOURCES, REPORT_KINDS, REPORT_STATUSES, ROLES } from '../../server/domain/vocabulary';
import { REPO } from './harness';

const MIGRATIONS = join(REPO, 'server/store/migrations');

function databaseAt(version: number) {
  const db = new Database(':memory:');
  registerCellFunctions(db);
  const files = readdirSync(MIGRATIONS).filter((f) => /^\d{3}_.+\.sql$/.test(f) && Number(f.slice(0, 3)) <= version).sort();
  for (const file of files) db.exec(readFileSync(join(MIGRATIONS, file), 'utf8'));
  db.pragma(`user_version = ${version}`);
  return db;
}

const insertReport = (db: Database.Database, kind: string, status = 'open') =>
  db.prepare(`INSERT INTO reports (kind, status, lon, lat, observed_at, created_at, updated_at) VALUES (?, ?, -80.49, 43.45, 't', 't', 't')`).run(kind, status);

describe('stored vocabularies', () => {
  it('when a CHECK constraint guards a column, then it lists exactly the domain vocabulary', () => {
    const db = openDatabase(':memory:');
    const listed = (table: string, column: string) => {
      const { sql } = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(table) as { sql: string };
      const match = new RegExp(`\\b${column} IN \\(([^)]*)\\)`).exec(sql);
      return match?.[1].split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
    };
    expect(listed('access_points', 'status')).toEqual([...AP_STATUSES]);
    expect(listed('access_points', 'band')).toEqual([...BANDS]);
    expect(listed('access_points', 'confidence')).toEqual([...AP_CONFIDENCES]);
    expect(listed('access_points', 'environment')).toEqual([...AP_ENVIRONMENTS]);
    expect(listed('observations', 'source')).toEqual([...OBSERVATION_SOURCES]);
    expect(listed('areas', 'kind')).toEqual([...AREA_KINDS]);
    expect(listed('users', 'role')).toEqual([...ROLES]);
    // Report kinds and statuses have no CHECK any more: triggers guard them.
    expect(listed('reports', 'kind')).toBeUndefined();
    expect(listed('reports', 'status')).toBeUndefined();
    db.close();
  });

  it('when a report kind or status is outside the vocabulary, then SQLite refuses it, naming the list', () => {
    const db = openDatabase(':memory:');
    for (const kind of REPORT_KINDS) expect(() => insertReport(db, kind)).not.toThrow();
    for (const status of REPORT_STATUSES) expect(() => insertReport(db, 'works', status)).not.toThrow();
    expect(() => insertReport(db, 'no_signal')).toThrow(`reports.kind must be one of ${REPORT_KINDS.join(', ')}`);
    expect(() => insertReport(db, 'works', 'closed')).toThrow(/reports\.status must be one of open,/);
    expect(() => db.prepare("UPDATE reports SET kind = 'no_signal'").run()).toThrow(/reports\.kind/);
    db.close();
  });

  it('when the vocabulary gains a kind, then the next start accepts it without a migration, and an unchanged start writes nothing', () => {
    const db = openDatabase(':memory:');
    const schemaVersion = () => db.pragma('schema_version', { simple: true });
    const before = schemaVersion();
    guardVocabularies(db); // a second start with the same lists
    expect(schemaVersion()).toBe(before);
    expect(() => insertReport(db, 'captive_portal')).toThrow(/reports\.kind/);
    const grown = GUARDED_COLUMNS.map((c) => (c.column === 'kind' ? { ...c, values: [...c.values, 'captive_portal'] } : c));
    guardVocabularies(db, grown);
    expect(() => insertReport(db, 'captive_portal')).not.toThrow();
    expect(() => insertReport(db, 'no_signal')).toThrow(/captive_portal/);
    db.close();
  });

  it('when a database from before migration 019 is opened, then every report, its history and confirmations survive the rebuild', () => {
    const db = databaseAt(16);
    db.exec("INSERT INTO users (id, username, role, password_hash, created_at) VALUES (1, 'p', 'planner', 'x', 't')");
    insertReport(db, 'no_wifi');
    insertReport(db, 'too_weak', 'resolved');
    db.exec("UPDATE reports SET merged_into = 1, device_key = 'd', cohort_key = 'c', public_note = 'fixed', confirmations = 2 WHERE id = 2");
    db.exec("INSERT INTO report_history (report_id, at, status, public_note, user_id) VALUES (2, 't', 'resolved', 'fixed', 1)");
    db.exec("INSERT INTO report_confirmations (report_id, client_id, device_key, at) VALUES (1, 'c1', 'd2', 't')");
    const rows = db.prepare('SELECT * FROM reports ORDER BY id').all();
    migrate(db);
    guardVocabularies(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(19);
    expect(db.prepare('SELECT * FROM reports ORDER BY id').all()).toEqual(rows);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM report_history JOIN reports ON reports.id = report_id').get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports' AND sql IS NOT NULL ORDER BY name").all())
      .toEqual([{ name: 'reports_created' }, { name: 'reports_position' }]);
    db.pragma('foreign_keys = ON');
    expect(() => db.exec("INSERT INTO report_history (report_id, at, status) VALUES (99, 't', 'open')")).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
