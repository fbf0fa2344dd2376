// Imports WiGLE CSV files (.csv or .csv.gz) into the database named by DATABASE_PATH:
//   npm run import:wigle -- FILE [FILE …]
// Only sightings of the City's registered free networks are kept; everything else is counted and dropped.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { readConfig } from '../server/config';
import { openStore } from '../server/store';
import { readSeed, seedDatabase } from '../server/services/seed';
import { importWigle, recoverAbandonedImports } from '../server/services/wigle-import';
import { capped, gunzipIfNeeded } from '../server/services/byte-streams';
import { CSV_MAX_BYTES } from '../server/domain/wigle/limits';
import { deviceKeyer } from '../server/services/device-keys';
import { createServiceArea } from '../server/domain/service-area';
import { InvalidInput } from '../server/domain/errors';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run import:wigle -- FILE.csv [FILE.csv.gz …]');
  process.exit(2);
}

const config = readConfig();
const store = openStore(config.databasePath);
seedDatabase(store, readSeed(config.dataDir), new Date()); // idempotent: a fresh database gets the boundary and the registry
for (const { id, rowsRemoved } of recoverAbandonedImports(store, new Date()))
  console.log(`import ${id} was left running by a process that stopped: marked failed, ${rowsRemoved} rows removed`);
// Ctrl-C or a kill stops the import between chunks; it removes its rows and is marked failed (all or nothing).
const interrupted = new AbortController();
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const; // 128 + the signal's number, as shells report it
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (interrupted.signal.aborted) return; // a second Ctrl-C while the rows are removed: keep removing
    console.error(`${signal}: stopping; this import's rows are being removed`);
    interrupted.abort(Object.assign(new Error(`interrupted by ${signal}`), { exitCode: EXIT_CODES[signal] }));
  });
const city = store.reference.areas().find((a) => a.kind === 'city')!;
const serviceArea = createServiceArea(city.geometry);
const deviceKey = deviceKeyer(store);
const n = (x: number) => x.toLocaleString('en-CA');

let failed = 0;
try {
  for (const file of files) {
    try {
      const s = await importWigle(store, capped(gunzipIfNeeded(createReadStream(file)), CSV_MAX_BYTES, 'uncompressed CSV'), {
        serviceArea, now: new Date(), via: 'command', uploadedBy: null, fileName: basename(file),
        deviceKey: (importId) => deviceKey(`wigle-import:${importId}`), // a file is one phone's drive: one device
        signal: interrupted.signal,
      });
      console.log(`${file}: ${s.format}, ${n(s.rows.read)} rows read, ${n(s.rows.kept)} kept (${n(s.rows.stored)} new, ${n(s.rows.alreadyStored)} already stored), ${n(s.rows.dropped)} dropped`);
      if (s.timeZone !== 'UTC') console.log(`  times read as ${s.timeZone} local time (WiGLE apps before 2.78 wrote the phone's clock)`);
      for (const [reason, count] of Object.entries(s.dropped)) if (count > 0) console.log(`  dropped ${reason.padEnd(15)} ${n(count).padStart(9)}`);
      if (s.earlierImport) console.log(`  this file was imported before (import ${s.earlierImport.id}, ${s.earlierImport.at})`);
    } catch (err) {
      failed += 1;
      const message = err instanceof InvalidInput ? err.errors.map((e) => e.message).join('; ') : (err as Error).message;
      console.error(`${file}: not imported: ${message}`);
      if (interrupted.signal.aborted) break; // the files after it are not started
    }
  }
} finally {
  store.close();
}
// A running server reads rows other processes stored every 15 s (server/main.ts).
if (interrupted.signal.aborted) process.exit((interrupted.signal.reason as { exitCode: number }).exitCode);
if (failed < files.length) console.log('a running server adds these observations to the live coverage map within 15 s');
process.exit(failed ? 1 : 0);
