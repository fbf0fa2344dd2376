// Password hashing with scrypt from node:crypto: memory-hard, no native dependency. Hashing runs on
// libuv's thread pool (4 threads), which gzip and file reads share: a gate lets only a few hashes run
// at once, so a sign-in flood cannot starve the map (measured: 2.2 sign-ins/s took map reads from 518 to 13.6 req/s).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }; // OWASP 2024 minimum for scrypt (32 MiB per hash)
const KEY_BYTES = 32; // 256-bit derived key
const SALT_BYTES = 16; // 128-bit salt, unique per password

const HASH_CONCURRENCY = 1; // scrypt jobs at once: one libuv thread and at most one core (of a small server's two); the rest serve gzip and files
const HASH_QUEUE_MAX = 8; // jobs waiting at most: ~8 hashes' time (~1 s on an idle core); beyond that the caller is asked to retry
export const HASH_RETRY_AFTER_S = 1; // s: the queue drains in about this long

/** Too many hashes are running and waiting: try again shortly (HTTP 503). */
export class HashingBusy extends Error {
  constructor() {
    super(`password hashing is busy: ${HASH_CONCURRENCY} running, ${HASH_QUEUE_MAX} waiting`);
  }
}

let running = 0;
let peak = 0; // the most hashes ever running at once, for tests and metrics
const waiting: (() => void)[] = [];

async function acquire(): Promise<void> {
  if (running < HASH_CONCURRENCY) {
    peak = Math.max(peak, ++running);
    return;
  }
  if (waiting.length >= HASH_QUEUE_MAX) throw new HashingBusy();
  await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing job hands its slot over
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

/** Hashes running and waiting now, and the most ever running at once. */
export const hashingLoad = () => ({ running, waiting: waiting.length, peak });

async function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  await acquire();
  try {
    return await new Promise((resolve, reject) =>
      scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
  } finally {
    release();
  }
}

/** Returns `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so timing does not reveal which usernames exist. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
