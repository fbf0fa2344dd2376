// GET /api/v1/health: alive, for how long, and how responsive the event loop has been lately. One
// synchronous request that runs long delays every other request; its lag is the figure to watch.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RequestHandler } from 'express';

const RESOLUTION_MS = 10; // ms: the sampling timer's period; lag under this is not seen
const WINDOW_MS = 60_000; // ms: figures cover the current minute and the one before it

/** `ingest` says how far the coverage model lags behind acknowledged readings (services/coverage.ts). */
export function healthRoute(ingest?: () => { pending: number; lagMs: number }): RequestHandler {
  let current = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let previous = current;
  current.enable();
  const roll = setInterval(() => {
    previous.disable();
    previous = current;
    current = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    current.enable();
  }, WINDOW_MS);
  roll.unref();
  const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
  return (_req, res) => {
    const h = current.count >= 10 ? current : previous; // a fresh window says little until it has samples
    res.json({
      status: 'ok',
      uptimeS: Math.round(process.uptime()),
      // The delay of a timer due every 10 ms beyond its due time, over the last one to two minutes.
      eventLoopLagMs: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) },
      ...(ingest && { coverage: (({ pending, lagMs }) => ({ pending, lagMs }))(ingest()) }), // readings stored, not yet in the model
    });
  };
}
