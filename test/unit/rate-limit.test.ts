import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../server/domain/rate-limit';
import { createThrottle } from '../../server/domain/throttle';

describe('rate limiter (token bucket)', () => {
  it('when a client sends a burst, then the first N pass and the next waits the time of one token', () => {
    const limiter = createRateLimiter(6); // one token per 10 s
    const waits = Array.from({ length: 8 }, () => limiter.take('a', 1_000));
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 10_000, 10_000]);
    expect(limiter.take('b', 1_000)).toBe(0); // clients are independent
    expect(limiter.take('a', 11_000)).toBe(0); // refilled after 10 s
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

describe('sign-in throttle', () => {
  it('when an account fails 5 times in the window, then it is locked for the lock time, case-insensitively', () => {
    const t = createThrottle(5, 60_000, 120_000);
    for (let i = 0; i < 4; i++) t.fail('Pat', i);
    expect(t.retryAfterMs('pat', 10)).toBe(0);
    t.fail('PAT', 20);
    expect(t.retryAfterMs('pat', 20)).toBe(120_000);
    expect(t.retryAfterMs('pat', 120_020)).toBe(0);
  });
  it('when failures are spread beyond the window, then they do not add up', () => {
    const t = createThrottle(3, 1_000, 5_000);
    t.fail('x', 0);
    t.fail('x', 2_000);
    t.fail('x', 4_000);
    expect(t.retryAfterMs('x', 4_000)).toBe(0);
  });
});

describe('sign-in throttle, exact edges', () => {
  it('when the fifth failure lands, then the lock starts then and ends exactly lockMs later; four failures lock nothing', () => {
    const t = createThrottle(5, 60_000, 120_000);
    for (let i = 0; i < 4; i++) t.fail('pat', 1_000);
    expect(t.retryAfterMs('pat', 1_000)).toBe(0);
    t.fail('pat', 2_000);
    expect(t.retryAfterMs('pat', 2_000)).toBe(120_000);
    expect(t.retryAfterMs('pat', 121_999)).toBe(1);
    expect(t.retryAfterMs('pat', 122_000)).toBe(0);
  });
  it('when a failure is exactly windowMs old, then it no longer counts; one ms younger, it does', () => {
    const edge = createThrottle(2, 1_000, 5_000);
    edge.fail('x', 0);
    edge.fail('x', 1_000); // the first is exactly 1,000 ms old: forgotten
    expect(edge.retryAfterMs('x', 1_000)).toBe(0);
    const inside = createThrottle(2, 1_000, 5_000);
    inside.fail('x', 0);
    inside.fail('x', 999);
    expect(inside.retryAfterMs('x', 999)).toBe(5_000);
  });
  it('when a sign-in succeeds, then earlier failures are forgotten, whatever the case of the name', () => {
    const t = createThrottle(2, 60_000, 60_000);
    t.fail('Pat', 0);
    t.succeed('PAT');
    t.fail('pat', 1);
    expect(t.retryAfterMs('pat', 1)).toBe(0);
    t.fail('pat', 2);
    expect(t.retryAfterMs('pat', 2)).toBe(60_000);
    t.succeed('pat'); // also lifts a lock: the right password proves the person
    expect(t.retryAfterMs('pat', 3)).toBe(0);
  });
  it('when more names fail than it remembers, then the oldest is forgotten first and the others stay locked', () => {
    const t = createThrottle(1, 60_000, 60_000, 2);
    t.fail('a', 0);
    t.fail('b', 0);
    t.fail('c', 0); // forgets a
    expect([t.retryAfterMs('a', 1), t.retryAfterMs('b', 1), t.retryAfterMs('c', 1)]).toEqual([0, 59_999, 59_999]);
    t.fail('b', 2); // a name it remembers: nothing forgotten
    expect(t.retryAfterMs('c', 3)).toBe(59_997);
  });
  it('when no name has failed, then nothing waits', () => {
    expect(createThrottle().retryAfterMs('nobody', 0)).toBe(0);
  });
});
