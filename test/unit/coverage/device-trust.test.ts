// The binomial tail behind "more contradictions than an honest phone would make by chance".
import { describe, expect, it } from 'vitest';
import { binomialTail } from '../../../server/domain/coverage/device-trust';

/** P(X ≥ k) summed term by term from the definition, for small n. */
function direct(k: number, n: number, p: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    sum += c * p ** j * (1 - p) ** (n - j);
  }
  return sum;
}

describe('binomialTail', () => {
  it('when nothing or everything is asked for, then it is certain or impossible', () => {
    expect(binomialTail(0, 10, 0.05)).toBe(1);
    expect(binomialTail(11, 10, 0.05)).toBe(0);
  });

  it('when n is small, then it equals the sum of the terms', () => {
    expect(binomialTail(1, 1, 0.3)).toBeCloseTo(0.3, 12);
    expect(binomialTail(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    for (const [k, n, p] of [[3, 20, 0.05], [5, 25, 0.05], [10, 40, 0.05], [7, 12, 0.4], [20, 20, 0.05]] as const)
      expect(binomialTail(k, n, p) / direct(k, n, p)).toBeCloseTo(1, 9);
  });

  it('when a phone contradicts the others in a quarter of a hundred shared cells, then chance explains it less than once in ten thousand; one in twenty, often', () => {
    expect(binomialTail(28, 101, 0.05)).toBeLessThan(1e-10);
    expect(binomialTail(5, 100, 0.05)).toBeGreaterThan(0.5);
    expect(binomialTail(4, 36, 0.05)).toBeGreaterThan(0.05);
  });

  it('when k grows, then the tail never grows', () => {
    let last = 1;
    for (let k = 0; k <= 60; k++) {
      const t = binomialTail(k, 60, 0.1);
      expect(t).toBeLessThanOrEqual(last);
      last = t;
    }
  });
});
