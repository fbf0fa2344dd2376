// A database file the server cannot use is refused at start with one line naming it, never a stack
// trace, and never written to: one from a newer version, random bytes, a text file, a truncated copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { REPO, removeDir } from './harness';
import { openStore } from '../../server/store';
import { DatabaseFileError, newestVersion } from '../../server/store/db';
import { mulberry32 } from '../../server/domain/coverage/random';

const dir = mkdtempSync(join(tmpdir(), 'wifi-reach-dbfile-'));
const file = (name: string) => join(dir, name);

/** Starts the server as `npm start` does (without the client build) and waits for it to exit. */
function start(databasePath: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_PATH: databasePath, DATA_DIR: join(REPO, 'data'), CLIENT_DIR: join(dir, 'no-client'), PORT: '0', HOST: '127.0.0.1' };
    const child = execFile(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: REPO, env, timeout: 60_000 }, (_err, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }));
  });
}

const BAD = {
  newer: { name: 'newer.db', message: /has schema version \d+, newer than this Wi-Fi Reach knows/ },
  random: { name: 'random.db', message: /is not a SQLite database/ },
  text: { name: 'notes.db', message: /is not a SQLite database/ },
  truncated: { name: 'truncated.db', message: /is truncated: its header says \d+ bytes, the file has \d+/ },
} as const;

describe('a database file the server cannot use', () => {
  let newerBytes: Buffer;
  beforeAll(() => {
    openStore(file('good.db')).close();
    copyFileSync(file('good.db'), file(BAD.newer.name));
    const db = new Database(file(BAD.newer.name));
    db.pragma(`user_version = ${newestVersion() + 1}`);
    db.close();
    newerBytes = readFileSync(file(BAD.newer.name));
    const random = mulberry32(13);
    writeFileSync(file(BAD.random.name), Buffer.from(Array.from({ length: 8192 }, () => Math.floor(random() * 256))));
    writeFileSync(file(BAD.text.name), 'This is a shopping list, not a database.\n');
    copyFileSync(file('good.db'), file(BAD.truncated.name));
    truncateSync(file(BAD.truncated.name), Math.floor(readFileSync(file('good.db')).length / 2));
  });
  afterAll(() => removeDir(dir));

  it('when opened through the store, then each kind is refused with a message naming the file and the reason', () => {
    for (const { name, message } of Object.values(BAD)) {
      const attempt = () => openStore(file(name));
      expect(attempt).toThrow(DatabaseFileError);
      expect(attempt).toThrow(message);
      expect(attempt).toThrow(file(name));
    }
  });

  it('when a database from a newer version is refused, then not one byte of it was written', () => {
    expect(() => openStore(file(BAD.newer.name))).toThrow(DatabaseFileError);
    expect(readFileSync(file(BAD.newer.name)).equals(newerBytes)).toBe(true);
  });

  it('when the server starts on each kind, then it exits non-zero with one line on stderr, no stack trace', async () => {
    const runs = await Promise.all(Object.values(BAD).map(async (bad) => ({ bad, ...(await start(file(bad.name))) })));
    for (const { bad, code, stderr } of runs) {
      expect(code, stderr).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^Wi-Fi Reach cannot start: database /);
      expect(lines[0]).toContain(file(bad.name));
      expect(lines[0]).toMatch(bad.message);
    }
    expect(readFileSync(file(BAD.newer.name)).equals(newerBytes)).toBe(true);
  }, 120_000);
});
