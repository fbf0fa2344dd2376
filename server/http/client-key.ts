// Tells clients apart without keeping IP addresses: the address is turned into an HMAC under a secret
// that lives only in memory and changes every day, and only that key is held, even in memory.
import { createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { networkOf } from './client-network';
import { DAY_MS } from '../domain/time';


export type ClientKey = (req: Request) => string;

/** req.ip is the socket's address, or X-Forwarded-For's when TRUST_PROXY is set (tests use that to be two clients);
 * what is keyed is its network (an IPv6 /64), so one customer's many addresses are one client. */
export function clientKeyer(now: () => number = Date.now): ClientKey {
  let secret = randomBytes(32);
  let day = Math.floor(now() / DAY_MS);
  return (req) => {
    const today = Math.floor(now() / DAY_MS);
    if (today !== day) [secret, day] = [randomBytes(32), today];
    return createHmac('sha256', secret).update(networkOf(req.ip ?? '')).digest('base64url');
  };
}
