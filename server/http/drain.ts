// Graceful shutdown: requests already in the app finish; requests that come after the signal on an
// open connection get a complete 503 (retry shortly) instead of a reset.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export interface Drain {
  /** The server's request listener: counts requests in the app while open, answers 503 once draining. */
  handler: RequestListener;
  /** Stops taking requests into the app; resolves once every request in it has been answered. */
  drain(): Promise<void>;
  readonly inFlight: number;
}

const UNAVAILABLE = JSON.stringify({
  type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'The server is restarting; nothing of this request was stored. Send it again in a few seconds.',
});

export function drainable(app: RequestListener): Drain {
  let draining = false;
  let idle: (() => void) | undefined;
  const open = new Set<ServerResponse>();

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5', connection: 'close' });
      return void res.end(UNAVAILABLE);
    }
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      if (draining && open.size === 0) idle?.();
    });
    app(req, res);
  };

  return {
    handler,
    drain() {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close'); // no next request on this socket
      return open.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
    },
    get inFlight() {
      return open.size;
    },
  };
}
