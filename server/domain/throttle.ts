// Sign-in throttling: after a few failures for one username, further attempts wait.
// Keyed by username, not by address, so no IP address is kept even in memory.

export interface Throttle {
  /** Milliseconds the caller must wait before trying this key again; 0 when allowed. */
  retryAfterMs(key: string, now: number): number;
  fail(key: string, now: number): void;
  succeed(key: string): void;
}

export function createThrottle(
  maxFailures = 5, // attempts allowed per window before locking: enough for typos, too few to guess
  windowMs = 15 * 60_000, // ms: failures older than this are forgotten
  lockMs = 15 * 60_000, // ms: how long a key stays locked after too many failures
  maxKeys = 10_000, // keys remembered at most, so a flood of usernames cannot exhaust memory
): Throttle {
  const state = new Map<string, { failures: number[]; lockedUntil: number }>();
  return {
    retryAfterMs(key, now) {
      const s = state.get(key.toLowerCase());
      return s && s.lockedUntil > now ? s.lockedUntil - now : 0;
    },
    fail(key, now) {
      const k = key.toLowerCase();
      const s = state.get(k) ?? { failures: [], lockedUntil: 0 };
      s.failures = [...s.failures.filter((t) => now - t < windowMs), now];
      if (s.failures.length >= maxFailures) s.lockedUntil = now + lockMs;
      if (!state.has(k) && state.size >= maxKeys) state.delete(state.keys().next().value!);
      state.set(k, s);
    },
    succeed(key) {
      state.delete(key.toLowerCase());
    },
  };
}
