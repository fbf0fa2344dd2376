// The composition root: config → store → app → listen. The only file with side effects at start.
import { createServer, Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readConfig } from './config';
import { composeServer } from './compose';
import { DatabaseFileError } from './store/db';
import { drainable } from './http/drain';
import { CHECK_INTERVAL_MS, guardConnections, HEADERS_TIMEOUT_MS } from './http/connection-guard';
import { recoverAbandonedImports } from './services/wigle-import';

const CATCH_UP_MS = 15_000; // how soon the live map shows a WiGLE file imported by the command, and checks its clock
const SHUTDOWN_GRACE_MS = 10_000; // ms: requests in flight at SIGTERM get this long to finish (a 1,000-observation batch takes well under 1 s)

/** A start that cannot go on: configuration and database problems are one line, anything else keeps its stack. */
function refuse(err: unknown): never {
  const known = err instanceof DatabaseFileError || (err instanceof Error && err.message.startsWith('invalid configuration'));
  console.error(`Wi-Fi Reach cannot start: ${known ? (err as Error).message : ((err as Error)?.stack ?? String(err))}`);
  process.exit(1);
}

let started: ReturnType<typeof composeServer> & { config: ReturnType<typeof readConfig> };
try {
  const config = readConfig();
  started = { ...composeServer(config), config };
} catch (err) {
  refuse(err);
}
const { app, store, coverage, config } = started;
const requests = drainable(app);
const server: Server = createServer({ connectionsCheckingInterval: CHECK_INTERVAL_MS }, requests.handler);
guardConnections(server, { perClient: config.connectionsPerClient, headersTimeoutMs: HEADERS_TIMEOUT_MS }, config.trustProxy > 0);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  console.log(`Wi-Fi Reach listening on http://${shown}:${port}`);
});
let failedImports = store.imports.failedCount();
const upkeep = setInterval(() => {
  try {
    for (const { id, rowsRemoved } of recoverAbandonedImports(store, new Date(), { atStart: false }))
      console.log(`import ${id} was left running by a process that stopped: marked failed, ${rowsRemoved} rows removed`);
    if (store.imports.failedCount() !== failedImports) {
      // An import failed or was taken back (here or by the command): rows the model had taken in may be gone.
      failedImports = store.imports.failedCount();
      coverage.evidenceChanged();
      console.log('coverage model: rebuilt from the database after an import was taken back');
    }
    const added = coverage.catchUp();
    if (added > 0) console.log(`coverage model: ${added} observations stored by another process added`);
    if (coverage.keepTime()) console.log('coverage model: clock moved to today (evidence ages, window)');
    store.checkpoint(); // also copies in what other processes wrote, which autocheckpoints on our commits would wait for
  } catch (err) {
    console.error(`coverage upkeep failed, will retry: ${(err as Error).message}`);
  }
}, CATCH_UP_MS);
upkeep.unref();
server.on('error', (err) => {
  console.error(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing ${requests.inFlight} requests in flight (up to ${SHUTDOWN_GRACE_MS / 1000} s), then closing`);
  clearInterval(upkeep);
  // Stop accepting connections, but not http.Server.close(): it also drops connections whose request
  // was accepted and not yet read, which the client sees as a reset.
  NetServer.prototype.close.call(server);
  const finished = await Promise.race([requests.drain().then(() => true), sleep(SHUTDOWN_GRACE_MS).then(() => false)]);
  if (!finished) console.error(`${requests.inFlight} requests still running after ${SHUTDOWN_GRACE_MS / 1000} s: cut off, none of them was acknowledged`);
  server.closeAllConnections(); // idle keep-alive sockets, and what the grace period cut off
  store.close(); // checkpoints the WAL so the file is complete on its own
  process.exit(finished ? 0 : 1);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
