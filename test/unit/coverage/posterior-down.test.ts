// "Probably down" weighs what phones near a registered AP heard against a live but weaker-than-listed AP:
// margins are (what the phone says the AP was weaker than) − (the AP's predicted level there), in dB.
import { describe, expect, it } from 'vitest';
import { posteriorDown } from '../../../server/domain/coverage/hotspots';

const phones = (count: number, margins: number[]) => new Map(Array.from({ length: count }, (_, k) => [k, margins] as const));

describe('posteriorDown', () => {
  it('when no phone reported near it, then nothing says it is off', () => {
    expect(posteriorDown(new Map())).toBe(0);
  });

  it('when phones also named it, then each divides the odds that it is off by 50, however many readings it sent', () => {
    const losses = phones(4, [-25, -28, -30]), odds = (p: number) => p / (1 - p);
    const none = posteriorDown(losses), one = posteriorDown(losses, 1), two = posteriorDown(losses, 2);
    expect(none).toBeGreaterThan(0.95);
    expect(odds(one) / odds(none)).toBeCloseTo(1 / 50, 6);
    expect(odds(two) / odds(none)).toBeCloseTo(1 / 2500, 6);
  });

  it('when three phones right next to it hear others 25 dB weaker than it should be, then it is almost surely off', () => {
    expect(posteriorDown(phones(3, [-25, -28, -30]))).toBeGreaterThan(0.95);
  });

  it('when the phones near it hear others stronger than it would be anyway, then it stays near the prior one in ten', () => {
    expect(posteriorDown(phones(3, [8, 12, 15]))).toBeLessThan(0.2);
  });

  it('when losses are modest, then a weak live AP explains them better than a dead one', () => {
    const modest = posteriorDown(phones(3, [-6, -8, -5])), strong = posteriorDown(phones(3, [-20, -22, -18]));
    expect(modest).toBeLessThan(0.9);
    expect(strong).toBeGreaterThan(modest);
  });

  it('when one phone sends many readings, then they count as a few: more phones say more than more readings from one', () => {
    const onePhone = posteriorDown(phones(1, Array(30).fill(-15)));
    const threePhones = posteriorDown(phones(3, Array(3).fill(-15)));
    expect(onePhone).toBeLessThan(threePhones);
    expect(posteriorDown(phones(1, Array(3).fill(-15)))).toBeCloseTo(onePhone, 6);
  });

  it('when evidence grows stronger, then the posterior never falls', () => {
    let last = 0;
    for (const margin of [10, 0, -5, -10, -15, -20, -30]) {
      const p = posteriorDown(phones(3, [margin, margin]));
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
  });
});
