// Sign-in throttling that strangers cannot turn into a lock-out. Failures lock one account *for one
// client*, and lock a client that fails across many accounts; an account is never locked for everyone,
// so the planner's own client still signs in while another hammers the account. Failures of an account
// from all clients are only counted, to flag a guess spread over many clients. Clients are keys (a
// daily HMAC of the address, made in http/client-key.ts), never addresses.

export const SIGN_IN_LIMITS = {
  attemptsPerMinute: 10, // sign-in attempts per client per minute (and burst), before any hashing: a person retypes a few times, a script floods
  pairFailures: 5, // failures of one account from one client before that pair waits: enough for typos, too few to guess
  clientFailures: 20, // failures from one client over all accounts before the client waits: stops one client spraying usernames
  accountFlagFailures: 50, // failures of one account from all clients in a window before it is flagged (audit log), never locked
  windowMs: 15 * 60_000, // ms: failures older than this are forgotten
  lockMs: 15 * 60_000, // ms: how long a pair or a client waits once over its limit
  maxPairs: 50_000, // (account, client) pairs remembered at most, least recently failed forgotten first: ~5 MB
  maxClients: 50_000, // clients remembered at most, likewise: ~8 MB
  maxAccounts: 10_000, // accounts remembered at most, likewise: ~6 MB
};

export type SignInLimits = typeof SIGN_IN_LIMITS;

export type Refusal = { waitMs: number; scope: 'account' | 'client' };

export interface SignInThrottle {
  /** Why this account may not be tried from this client now, or null when it may. */
  check(account: string, client: string, now: number): Refusal | null;
  /** Records a failure; true when it is the one that flags the account (once per window). */
  fail(account: string, client: string, now: number): boolean;
  /** The right password from this client: its failures on this account are forgotten. */
  succeed(account: string, client: string): void;
}

/** Failures per key within a window, locking a key past maxFailures; a bounded LRU of keys. */
function failureTable(maxFailures: number, windowMs: number, lockMs: number, maxKeys: number) {
  const state = new Map<string, { failures: number[]; lockedUntil: number }>();
  return {
    waitMs(key: string, now: number): number {
      const s = state.get(key);
      return s && s.lockedUntil > now ? s.lockedUntil - now : 0;
    },
    /** Records a failure; true when this one locked the key. */
    fail(key: string, now: number): boolean {
      const s = state.get(key) ?? { failures: [], lockedUntil: 0 };
      state.delete(key); // re-inserted below: Map order is least recently failed first
      // Only the last maxFailures times matter, so each key holds a few numbers whatever the flood.
      s.failures = [...s.failures.filter((t) => now - t < windowMs), now].slice(-maxFailures);
      const locks = s.failures.length >= maxFailures && s.lockedUntil <= now;
      if (locks) s.lockedUntil = now + lockMs;
      if (state.size >= maxKeys) state.delete(state.keys().next().value!);
      state.set(key, s);
      return locks;
    },
    forget: (key: string) => void state.delete(key),
    size: () => state.size,
  };
}

export function createSignInThrottle(limits: SignInLimits = SIGN_IN_LIMITS): SignInThrottle {
  // attemptsPerMinute is the token bucket's (domain/rate-limit.ts), applied beside this by the sign-in use case
  const { windowMs, lockMs } = limits;
  const pairs = failureTable(limits.pairFailures, windowMs, lockMs, limits.maxPairs);
  const clients = failureTable(limits.clientFailures, windowMs, lockMs, limits.maxClients);
  const accounts = failureTable(limits.accountFlagFailures, windowMs, windowMs, limits.maxAccounts); // its "lock" only stops a second flag
  const pair = (account: string, client: string) => `${account.toLowerCase()}\n${client}`;
  return {
    check(account, client, now) {
      const clientWait = clients.waitMs(client, now);
      if (clientWait > 0) return { waitMs: clientWait, scope: 'client' };
      const pairWait = pairs.waitMs(pair(account, client), now);
      return pairWait > 0 ? { waitMs: pairWait, scope: 'account' } : null;
    },
    fail(account, client, now) {
      pairs.fail(pair(account, client), now);
      clients.fail(client, now);
      return accounts.fail(account.toLowerCase(), now);
    },
    succeed(account, client) {
      pairs.forget(pair(account, client));
    },
  };
}
