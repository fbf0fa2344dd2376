import { describe, expect, it } from 'vitest';
import { createReadBudget } from '../../server/domain/read-budget';

describe('read budget (features per minute, with debt)', () => {
  it('when a client reads past its budget, then it may finish that read but waits until the debt is paid back', () => {
    const budget = createReadBudget(600); // 10 features a second
    expect(budget.waitMs('a', 0)).toBe(0);
    budget.charge('a', 1_000, 0); // one big read: 400 in debt
    expect(budget.waitMs('a', 0)).toBe(40_100); // (400 + 1) features at 10 a second
    expect(budget.waitMs('b', 0)).toBe(0); // clients are independent
    expect(budget.waitMs('a', 40_000)).toBeGreaterThan(0);
    expect(budget.waitMs('a', 40_100)).toBe(0);
  });
  it('when a client stays away, then its balance refills only up to one minute\'s worth', () => {
    const budget = createReadBudget(600);
    budget.charge('a', 600, 0);
    budget.charge('a', 600, 3_600_000); // an hour later: the full minute's 600, no more
    expect(budget.waitMs('a', 3_600_000)).toBe(100);
  });
  it('when the per-minute value is not positive, then it fails fast naming the value', () => {
    expect(() => createReadBudget(-1)).toThrow('Unexpected perMinute value: -1.');
  });
});
