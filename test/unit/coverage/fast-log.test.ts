import { describe, expect, it } from 'vitest';
import { FAST_LN_MAX, fastLn } from '../../../server/domain/coverage/fast-log';
import { seeded } from './helpers';

describe('fastLn', () => {
  it('when compared with Math.log over its whole range, then it is within 6e-7 everywhere', () => {
    const random = seeded(5);
    const edges = [1, 1.5, 2, 3.999999, 4, 625, 1024, 2 ** 20 - 1e-6, 2 ** 20, FAST_LN_MAX];
    const samples = [...edges, ...Array.from({ length: 200_000 }, () => Math.exp(random() * Math.log(FAST_LN_MAX)))];
    let worst = 0;
    for (const v of samples) worst = Math.max(worst, Math.abs(fastLn(v) - Math.log(v)));
    expect(worst).toBeLessThan(6e-7);
    expect(worst).toBeGreaterThan(0); // an approximation: if this fails, fastLn became Math.log and the comment lies
  });
});
