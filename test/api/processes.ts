// The server and the WiGLE command as real processes on one SQLite file, for tests of what happens
// between processes: concurrent writers, kill -9, SIGINT and SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { REPO } from './harness';
import { openStore } from '../../server/store';
import { readSeed, seedDatabase } from '../../server/services/seed';

export const REGISTERED_BSSID = '00:11:22:33:44:55';
const HEADER = 'WigleWifi-1.6,appRelease=2.84\nMAC,SSID,AuthMode,FirstSeen,Channel,Frequency,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,RCOIs,MfgrId,Type\n';

/** Seeds the database in `dir` and registers REGISTERED_BSSID at the Central Library, so every generated row is kept. */
export function prepareDatabase(dir: string): string {
  const path = join(dir, 'test.db');
  const store = openStore(path);
  seedDatabase(store, readSeed(join(REPO, 'data')), new Date());
  const library = store.accessPoints.list().find((a) => a.name === 'Kitchener Public Library - Central Library')!;
  store.accessPoints.update(library.id, { bssids: [REGISTERED_BSSID] }, new Date().toISOString());
  store.close();
  return path;
}

/** Writes a WiGLE 1.6 file of `rows` sightings of the registered BSSID near the library (all kept), one a second from `first` s. */
export async function writeWigleFile(path: string, rows: number, first = 0): Promise<void> {
  const out = createWriteStream(path);
  out.write(HEADER);
  const start = Date.UTC(2025, 6, 1) + first * 1000;
  for (let i = 0; i < rows; i += 1_000) {
    let text = '';
    for (let k = i; k < Math.min(rows, i + 1_000); k += 1)
      text += `${REGISTERED_BSSID},KPL-Public,[ESS],${new Date(start + k * 1000).toISOString().slice(0, 19).replace('T', ' ')},6,2437,-${50 + (k % 40)},43.4529,-80.4860,330,5,,,WIFI\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const env = (dir: string, extra: Record<string, string> = {}) => ({
  ...process.env, DATABASE_PATH: join(dir, 'test.db'), DATA_DIR: join(REPO, 'data'), CLIENT_DIR: join(dir, 'no-client'), ...extra,
});

export interface Child {
  process: ChildProcess;
  output: () => string; // stdout and stderr so far
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], dir: string, extra: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO, env: env(dir, extra) });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { process: child, output: () => output, exited };
}

/** Starts server/main.ts on a free port; resolves once it listens. */
export async function spawnServer(dir: string, extra: Record<string, string> = {}): Promise<Child & { url: string }> {
  const child = start(['server/main.ts'], dir, { PORT: '0', HOST: '127.0.0.1', ...extra });
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const found = /listening on (http:\/\/\S+)/.exec(child.output());
      if (found) resolve(found[1]);
    };
    child.process.stdout!.on('data', look);
    void child.exited.then(() => reject(new Error(`server exited before listening: ${child.output()}`)));
  });
  return { ...child, url };
}

/** Starts `npm run import:wigle` (the script itself) on the files. */
export const spawnImport = (dir: string, ...files: string[]): Child => start(['scripts/import-wigle.ts', ...files], dir, {});
