import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../server/domain/rate-limit';
import { createSignInThrottle, SIGN_IN_LIMITS } from '../../server/domain/throttle';

describe('rate limiter (token bucket)', () => {
  it('when a client sends a burst, then the first N pass and the next waits the time of one token', () => {
    const limiter = createRateLimiter(6); // one token per 10 s
    const waits = Array.from({ length: 8 }, () => limiter.take('a', 1_000));
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 10_000, 10_000]);
    expect(limiter.take('b', 1_000)).toBe(0); // clients are independent
    expect(limiter.take('a', 11_000)).toBe(0); // refilled after 10 s
  });
  it('when an hourly limit has a burst above its per-minute rate, then the burst passes and the next waits one token', () => {
    const limiter = createRateLimiter(10 / 60, undefined, 10); // 10 per hour: one token per 6 min
    const waits = Array.from({ length: 11 }, () => limiter.take('a', 0));
    expect(waits).toEqual([...Array(10).fill(0), 360_000]);
    expect(limiter.take('a', 360_000)).toBe(0);
    expect(() => createRateLimiter(1, undefined, 0)).toThrow('Unexpected burst value: 0.');
  });
  it('when the per-minute value is not positive, then it fails fast naming the value', () => {
    expect(() => createRateLimiter(0)).toThrow('Unexpected perMinute value: 0.');
    expect(() => createRateLimiter(-1)).toThrow('Unexpected perMinute value: -1.');
    expect(() => createRateLimiter(NaN)).toThrow('Unexpected perMinute value: NaN.');
    expect(createRateLimiter(1).take('a', 0)).toBe(0); // the smallest whole limit still lets one through
  });
  it('when time passes, then tokens come back one per 60/N s, never beyond the burst, and the wait shrinks with them', () => {
    const limiter = createRateLimiter(6); // one token per 10 s, a burst of 6
    for (let i = 0; i < 6; i++) limiter.take('a', 0);
    expect(limiter.take('a', 4_000)).toBe(6_000); // 0.4 token back: 6 s until one whole token
    expect(limiter.take('a', 10_000)).toBe(0); // one whole token at 10 s, and it is taken
    expect(limiter.take('a', 10_000)).toBe(10_000);
    // An hour idle refills 6 tokens, not 360.
    const waits = Array.from({ length: 7 }, () => limiter.take('a', 3_600_000));
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 10_000]);
  });
  it('when more clients come than it remembers, then the least recently seen is forgotten (a fresh burst), not the busy one', () => {
    const limiter = createRateLimiter(1, 2); // one a minute; two clients remembered
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 1)).toBeGreaterThan(0); // a is now the most recently seen
    expect(limiter.take('c', 2)).toBe(0); // forgets b
    expect(limiter.take('a', 3)).toBeGreaterThan(0); // a is still remembered and limited
    expect(limiter.take('b', 4)).toBe(0); // b was forgotten: it starts again with a full bucket
  });
});

describe('a limit on readings, taken by the batch', () => {
  it('when a batch costs more than is left, then none of it is taken and the wait is until all of it is free', () => {
    const limiter = createRateLimiter(1000 / 60, undefined, 1000); // 1,000 an hour, all at once
    expect(limiter.take('a', 0, 600)).toBe(0);
    expect(limiter.take('a', 0, 600)).toBe(200 * 3600); // 200 short at 3.6 s each
    expect(limiter.take('a', 0, 400)).toBe(0); // the refused batch took nothing
    expect(limiter.take('a', 0, 1)).toBe(3600);
    expect(limiter.take('a', 3600 * 1000, 1000)).toBe(0); // an hour later, a whole batch again
    expect(limiter.take('b', 0, 5000)).toBe(4000 * 3600); // more than the burst: never at once (the server refuses such quotas)
  });
});

describe('sign-in throttle', () => {
  const limits = { ...SIGN_IN_LIMITS, pairFailures: 5, clientFailures: 8, accountFlagFailures: 12, windowMs: 60_000, lockMs: 120_000 };

  it('when one client fails an account 5 times in the window, then that client waits the lock time for that account, case-insensitively', () => {
    const t = createSignInThrottle(limits);
    for (let i = 0; i < 4; i++) t.fail('Pat', 'stranger', i);
    expect(t.check('pat', 'stranger', 10)).toBeNull();
    t.fail('PAT', 'stranger', 20);
    expect(t.check('pat', 'stranger', 20)).toEqual({ waitMs: 120_000, scope: 'account' });
    expect(t.check('pat', 'stranger', 120_020)).toBeNull();
  });

  it('when a stranger has locked an account for itself, then the owner\'s client may still try it', () => {
    const t = createSignInThrottle(limits);
    for (let i = 0; i < 7; i++) t.fail('pat', 'stranger', i);
    expect(t.check('pat', 'stranger', 10)?.scope).toBe('account');
    expect(t.check('pat', 'owner', 10)).toBeNull();
  });

  it('when strangers on many clients fail one account, then it is flagged once per window and never locked', () => {
    const t = createSignInThrottle(limits);
    const flags = Array.from({ length: 30 }, (_, i) => t.fail('pat', `client ${i % 6}`, i));
    expect(flags.filter(Boolean)).toHaveLength(1);
    expect(flags.indexOf(true)).toBe(11); // the 12th failure
    expect(t.check('pat', 'owner', 30)).toBeNull();
    expect(t.fail('pat', 'client 0', 60_010)).toBe(false); // the flag's quiet window (11 + 60 s) still runs
    expect(t.fail('pat', 'client 0', 60_011)).toBe(true); // a new window, still hammered: flagged again
  });

  it('when one client fails across many accounts, then that client waits for every account and others do not', () => {
    const t = createSignInThrottle(limits);
    for (let i = 0; i < 8; i++) t.fail(`user${i}`, 'sprayer', i);
    expect(t.check('pat', 'sprayer', 10)).toEqual({ waitMs: 120_000 - 3, scope: 'client' });
    expect(t.check('pat', 'owner', 10)).toBeNull();
  });

  it('when failures are spread beyond the window, then they do not add up', () => {
    const t = createSignInThrottle({ ...limits, pairFailures: 3, windowMs: 1_000, lockMs: 5_000 });
    t.fail('x', 'c', 0);
    t.fail('x', 'c', 2_000);
    t.fail('x', 'c', 4_000);
    expect(t.check('x', 'c', 4_000)).toBeNull();
  });

  it('when the right password comes from a client, then its failures on that account are forgotten', () => {
    const t = createSignInThrottle(limits);
    for (let i = 0; i < 4; i++) t.fail('pat', 'owner', i);
    t.succeed('pat', 'owner');
    t.fail('pat', 'owner', 10);
    expect(t.check('pat', 'owner', 10)).toBeNull();
  });

  it('when more pairs fail than are remembered, then the least recently failed is forgotten first', () => {
    const t = createSignInThrottle({ ...limits, pairFailures: 1, maxPairs: 2, clientFailures: 100 });
    t.fail('a', 'c', 0);
    t.fail('b', 'c', 1);
    t.fail('a', 'c', 2); // a is now the most recent
    t.fail('d', 'c', 3); // evicts b
    expect(t.check('a', 'c', 4)?.scope).toBe('account');
    expect(t.check('b', 'c', 4)).toBeNull();
  });
});

