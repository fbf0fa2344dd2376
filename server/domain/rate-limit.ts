// A token bucket per client: bursts are fine, a sustained flood is not.

export interface RateLimiter {
  /** Takes `cost` tokens (one request, or a batch's readings); returns 0 when allowed, else the milliseconds until they are free. */
  take(key: string, now: number, cost?: number): number;
}

export function createRateLimiter(
  perMinute: number, // requests per minute sustained
  maxKeys = 50_000, // clients remembered at most; the oldest are forgotten first
  burst = perMinute, // requests at once; an hourly limit (device credentials) needs a burst above its per-minute rate
): RateLimiter {
  if (!(perMinute > 0)) throw new Error(`Unexpected perMinute value: ${perMinute}.`);
  if (!(burst >= 1)) throw new Error(`Unexpected burst value: ${burst}.`);
  const msPerToken = 60_000 / perMinute;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now, cost = 1) {
      const b = buckets.get(key) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + (now - b.at) / msPerToken);
      b.at = now;
      buckets.delete(key); // re-insert so Map order is least recently used first
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      buckets.set(key, b);
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return 0;
      }
      return Math.max(1, Math.ceil((cost - b.tokens) * msPerToken)); // more than the burst is never free at once: still a wait, never 0
    },
  };
}
