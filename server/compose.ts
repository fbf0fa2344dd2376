// Wires configuration, store, seed data and domain into an app. main.ts and the API tests share it.
import { createApp } from './app';
import { openStore } from './store';
import { readSeed, seedDatabase } from './services/seed';
import { createAuth } from './services/auth';
import { makeSchemas } from './domain/schemas';
import { createServiceArea } from './domain/service-area';
import { createCoverage } from './services/coverage';
import { createSearch } from './services/search';
import { join } from 'node:path';
import { deviceKeyer } from './services/device-keys';
import { recoverAbandonedImports } from './services/wigle-import';
import { rateLimit, readingQuota } from './http/rate-limit';
import { createReadGuard } from './http/read-guard';
import { clientKeyer } from './http/client-key';
import { deviceCredentials } from './services/device-credentials';
import { deviceIdentifier } from './http/device';
import type { Config } from './config';

export function composeServer(config: Config, log: (message: string) => void = console.log, now: () => Date = () => new Date()) {
  const store = openStore(config.databasePath);
  store.startObservationWriter(); // its thread loads while the rest starts, not on the first upload
  const added = seedDatabase(store, readSeed(config.dataDir), now());
  if (added.areas + added.accessPoints + added.places > 0)
    log(`seeded ${added.areas} areas, ${added.accessPoints} access points, ${added.places} places`);
  for (const { id, rowsRemoved } of recoverAbandonedImports(store, now()))
    log(`import ${id} was left running by a process that stopped: marked failed, ${rowsRemoved} rows removed`);
  const city = store.reference.areas().find((a) => a.kind === 'city');
  if (!city) throw new Error(`no city boundary in ${config.databasePath}: is ${config.dataDir} complete?`);
  const serviceArea = createServiceArea(city.geometry);
  const started = Date.now();
  const coverage = createCoverage(store, now, config.coverage, config.ingestQueueMax);
  log(`coverage model ready in ${Date.now() - started} ms (${coverage.statistics().cells.inside} cells of ${coverage.cellSizeM} m)`);
  const deviceKey = deviceKeyer(store);
  const credentials = deviceCredentials(store, deviceKey);
  const clock = () => now().getTime();
  const clientKey = clientKeyer(clock); // one daily secret for every per-client limit and the device cohorts: a client's burst is one cohort
  const app = createApp(
    { store, auth: createAuth(store, now, { attemptsPerMinute: config.signInsPerMinute }), schemas: makeSchemas(serviceArea, () => now().getTime()), serviceArea, basemap: config.basemap, publicBaseUrl: config.publicBaseUrl, now, coverage, reachM: coverage.reachM,
      basemapDir: join(config.dataDir, 'basemap'), search: createSearch(store, join(config.dataDir, 'basemap')),
      deviceKey, credentials, device: deviceIdentifier(credentials), clientKey,
      // A simulation feeding a city's phones from one machine meets this first: the answer says what else it needs.
      deviceMints: rateLimit(config.devicesPerHour / 60, clock, clientKey, config.devicesPerHour,
        `At most ${config.devicesPerHour} device credentials per client per hour (RATE_LIMIT_DEVICES_PER_HOUR), and those one client mints within one clock minute count as one voice. A simulation feeding many phones from one machine: raise the limit, set TRUST_PROXY=true and give each phone its own X-Forwarded-For network (README, "Configuration").`),
      anonymousWrites: rateLimit(config.writesPerMinute, clock, clientKey), anonymousReadings: readingQuota(config.readingsPerHour, clock, clientKey), anonymousDownloads: rateLimit(config.downloadsPerMinute, clock, clientKey),
      reads: createReadGuard(config.reads, clock, clientKey), exportStallMs: config.reads.exportStallMs },
    { clientDir: config.clientDir, bodyLimitBytes: config.bodyLimitBytes, basemap: config.basemap, trustProxy: config.trustProxy, log },
  );
  return { app, store, coverage };
}
