// Sockets are the one thing a client can hold without sending a request: ~20,000 slow connections from one
// machine (headers trickled in under Node's 60 s limit) took every file descriptor and every other
// resident's map stopped answering. So one address holds at most a few hundred sockets, and headers that
// take longer than a slow phone ever needs are cut off. Behind a proxy every socket comes from the proxy:
// it is the proxy's job to cap its clients (nginx limit_conn), and this cap is off.
import type { Server } from 'node:http';
import { networkOf } from './client-network';

export interface ConnectionLimits {
  perClient: number; // open sockets one network (an IPv4 address, an IPv6 /64) may hold
  headersTimeoutMs: number; // a request's headers must arrive within this
}

export const HEADERS_TIMEOUT_MS = 10_000; // ms: a request line and headers are ~1 KB; 10 s is 100 bytes/s
export const CHECK_INTERVAL_MS = 1_000; // ms: how often Node looks for requests past their timeout (default 30 s)

export function guardConnections(server: Server, { perClient, headersTimeoutMs }: ConnectionLimits, behindProxy: boolean): void {
  server.headersTimeout = headersTimeoutMs;
  if (behindProxy) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = networkOf(socket.remoteAddress ?? '');
    const held = open.get(address) ?? 0;
    if (held >= perClient) return void socket.destroy(); // refused before a byte is read: nothing to answer yet
    open.set(address, held + 1);
    socket.once('close', () => {
      const left = open.get(address)! - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
