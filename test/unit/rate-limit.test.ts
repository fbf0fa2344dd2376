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
  it('when an hourly limit has a burst above its per-minute rate, then the burst passes and the next waits one token', () => {
    const limiter = createRateLimiter(10 / 60, undefined, 10); // 10 per hour: one token per 6 min
    const waits = Array.from({ length: 11 }, () => limiter.take('a', 0));
    expect(waits).toEqual([...Array(10).fill(0), 360_000]);
    expect(limiter.take('a', 360_000)).toBe(0);
    expect(() => createRateLimiter(1, undefined, 0)).toThrow('Unexpected burst value: 0.');
  });
  it('when the per-minute value is not positive, then it fails fast naming the value', () => {
    expect(() => createRateLimiter(0)).toThrow('Unexpected perMinute value: 0.');
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
