// The composition root: config → store → app → listen. The only file with side effects at start.
import { readConfig } from './config';
import { composeServer } from './compose';

const config = readConfig();
const { app, store } = composeServer(config);
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  console.log(`Wi-Fi Reach listening on http://${shown}:${port}`);
});
server.on('error', (err) => {
  console.error(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
  process.exit(1);
});

function shutdown(signal: string) {
  console.log(`${signal}: closing`);
  server.close(() => {
    store.close(); // checkpoints the WAL so the file is complete on its own
    process.exit(0);
  });
  server.closeIdleConnections(); // keep-alive sockets with no request in flight would hold close() open
  setTimeout(() => server.closeAllConnections(), 2_000).unref(); // ms: in-flight requests get 2 s to finish
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
