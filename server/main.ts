// The composition root: config → store → app → listen. The only file with side effects at start.
import { readConfig } from './config';
import { composeServer } from './compose';
import { DatabaseFileError } from './store/db';

const CATCH_UP_MS = 15_000; // how soon the live map shows a WiGLE file imported by the command, and checks its clock

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
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  console.log(`Wi-Fi Reach listening on http://${shown}:${port}`);
});
const upkeep = setInterval(() => {
  try {
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

function shutdown(signal: string) {
  console.log(`${signal}: closing`);
  clearInterval(upkeep);
  server.close(() => {
    store.close(); // checkpoints the WAL so the file is complete on its own
    process.exit(0);
  });
  server.closeIdleConnections(); // keep-alive sockets with no request in flight would hold close() open
  setTimeout(() => server.closeAllConnections(), 2_000).unref(); // ms: in-flight requests get 2 s to finish
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
