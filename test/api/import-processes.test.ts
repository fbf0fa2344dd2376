// The WiGLE command and the server as two processes on one SQLite file (issue 11, items 11 and 12):
// the server's writes never fail while an import runs, and an import stopped by Ctrl-C or kill -9
// leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DOWNTOWN, removeDir, startServer } from './harness';
import { prepareDatabase, spawnImport, spawnServer, writeWigleFile, type Child } from './processes';
import { openStore, type Store } from '../../server/store';
import { recoverAbandonedImports } from '../../server/services/wigle-import';

interface ImportRow { id: number; status: string; rows_read: number; error: string | null }
const imports = (store: Store) => store.db.prepare('SELECT id, status, rows_read, error FROM imports ORDER BY id').all() as ImportRow[];
const rowsOf = (store: Store, importId: number) => (store.db.prepare('SELECT count(*) AS n FROM observations WHERE import_id = ?').get(importId) as { n: number }).n;

/** Polls until an import newer than those there now is recorded (and, with `committed`, has committed a batch). */
async function importStarted(store: Store, start: () => void, committed = true): Promise<ImportRow> {
  const before = imports(store).at(-1)?.id ?? 0;
  start();
  for (;;) {
    const last = imports(store).at(-1);
    if (last && last.id > before && (!committed || last.rows_read > 0)) return last;
    await sleep(10);
  }
}

describe('the WiGLE command beside the server', () => {
  let dir: string;
  let store: Store; // the test's own connection, to watch the file
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wifi-reach-processes-'));
    prepareDatabase(dir);
    await writeWigleFile(join(dir, 'drive-60k.csv'), 60_000);
    await writeWigleFile(join(dir, 'drive-300k.csv'), 300_000, 100_000); // no sighting in common with the 60k file
    await writeWigleFile(join(dir, 'other-300k.csv'), 300_000, 400_000);
    store = openStore(join(dir, 'test.db'));
  });
  afterAll(() => {
    store.close();
    removeDir(dir);
  });

  it('when the server takes 200 report and observation writes while the command imports 60,000 rows, then none gets a 5xx', async () => {
    const server = await spawnServer(dir, { RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    try {
      let command!: Child;
      await importStarted(store, () => (command = spawnImport(dir, join(dir, 'drive-60k.csv'))), false); // the writes come while it commits batch after batch
      const statuses: number[] = [];
      // The clientId makes each write read before it inserts (a retry returns the first copy): the case deferred transactions failed.
      const write = async (i: number) => {
        const res = i % 4
          ? await fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'no_wifi', ...DOWNTOWN, note: `write ${i}`, clientId: randomUUID() }) })
          : await fetch(`${server.url}/api/v1/observations/batch`, { method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ observations: Array.from({ length: 50 }, (_, k) => ({ ...DOWNTOWN, observedAt: new Date(Date.now() - 60_000).toISOString(), accuracyM: 8, signalDbm: -60 - (k % 30), clientId: randomUUID() })) }) });
        statuses.push(res.status);
        await res.arrayBuffer();
      };
      for (let i = 0; i < 200; i += 8) await Promise.all(Array.from({ length: 8 }, (_, k) => write(i + k))); // 8 at a time, as a busy afternoon
      const done = await command.exited;
      expect(done.code, command.output()).toBe(0);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.every((s) => s === 201)).toBe(true);
      expect(imports(store).at(-1)).toMatchObject({ status: 'done', rows_read: 60_000 });
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
    }
  });

  it('when the command gets SIGINT (Ctrl-C) mid-way, then it removes its rows, marks the import failed and exits 130', async () => {
    let command!: Child;
    const running = await importStarted(store, () => (command = spawnImport(dir, join(dir, 'drive-300k.csv'))));
    expect(running.status).toBe('running');
    command.process.kill('SIGINT');
    const done = await command.exited;
    expect(done.code, command.output()).toBe(130);
    expect(imports(store).find((i) => i.id === running.id)).toMatchObject({ status: 'failed', error: 'interrupted by SIGINT' });
    expect(rowsOf(store, running.id)).toBe(0);
  });

  it('when the command is killed with -9 mid-way, then the next start removes its rows and marks it failed', async () => {
    let command!: Child;
    const running = await importStarted(store, () => (command = spawnImport(dir, join(dir, 'other-300k.csv'))));
    command.process.kill('SIGKILL');
    await command.exited;
    expect(imports(store).find((i) => i.id === running.id)!.status).toBe('running'); // a dead process marks nothing
    expect(rowsOf(store, running.id)).toBeGreaterThan(0);

    const restarted = await startServer({}, dir); // the server's start-up recovers (the command's does the same)
    try {
      expect(imports(store).find((i) => i.id === running.id)).toMatchObject({
        status: 'failed', error: expect.stringMatching(/^abandoned: the importing process \(pid \d+\) stopped before it finished; its \d+ rows were removed$/),
      });
      expect(rowsOf(store, running.id)).toBe(0);
    } finally {
      await restarted.stop();
    }
  });
});

describe('recovering abandoned imports', () => {
  it('when imports are left running, then only those of dead processes (and, at a start, of this pid) are taken back', () => {
    const store = openStore(':memory:');
    try {
      const at = '2026-05-01T12:00:00.000Z';
      const [dead, alive, mine, ancient] = [4_000_001, 4_000_002, process.pid, null].map((pid) => {
        const id = store.imports.start('WiGLE CSV', null, 'command', null, at, pid ?? 0);
        if (pid === null) store.db.prepare('UPDATE imports SET pid = NULL WHERE id = ?').run(id); // recorded before owners were
        return id;
      });
      const isAlive = (pid: number) => pid === 4_000_002;
      const running = () => store.imports.running().map((r) => r.id);

      expect(recoverAbandonedImports(store, new Date(at), { atStart: false, isAlive }).map((r) => r.id)).toEqual([dead, ancient]);
      expect(running()).toEqual([alive, mine]); // the server's own upload, under way, is left alone
      expect(recoverAbandonedImports(store, new Date(at), { atStart: true, isAlive }).map((r) => r.id)).toEqual([mine]); // a predecessor with our pid
      expect(running()).toEqual([alive]);
      expect(store.imports.get(dead)).toMatchObject({ status: 'failed', error: 'abandoned: the importing process (pid 4000001) stopped before it finished; its 0 rows were removed' });
      expect(store.imports.get(ancient)!.error).toBe('abandoned: the importing process stopped before it finished; its 0 rows were removed');
    } finally {
      store.close();
    }
  });
});

