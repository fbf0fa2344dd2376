import { describe, expect, it } from 'vitest';
import { defaultModel, environmentOf, linkModel, modelReachM, predictDbm, reachM } from '../../../server/domain/coverage/propagation';

describe('log-distance path loss', () => {
  it.each([
    // ap, distance m, expected dBm: EIRP − PL(1 m) − wall − 10·n·log10(d)
    [{ eirpDbm: 20, band: '2.4', indoor: false, environment: 'open' }, 1, -20],
    [{ eirpDbm: 20, band: '2.4', indoor: false, environment: 'open' }, 100, -20 - 44],
    [{ eirpDbm: 20, band: '2.4', indoor: false, environment: 'urban' }, 100, -20 - 56],
    [{ eirpDbm: 20, band: '5', indoor: false, environment: 'urban' }, 10, -27 - 28],
    [{ eirpDbm: 20, band: '2.4', indoor: true, environment: 'urban' }, 10, -32 - 28],
    [{ eirpDbm: 20, band: '2.4', indoor: false, environment: 'urban' }, 0.2, -20], // closer than d0 = 1 m: clamped
  ] as const)('when %o is %d m away, then it predicts %d dBm', (ap, d, dbm) => {
    expect(predictDbm(defaultModel(ap), d)).toBeCloseTo(dbm, 9);
  });

  it('when the model is inverted, then the prediction at the reach is the threshold', () => {
    const model = defaultModel({ eirpDbm: 18, band: '2.4', indoor: true });
    for (const threshold of [-67, -75, -85]) expect(predictDbm(model, modelReachM(model, threshold))).toBeCloseTo(threshold, 9);
    expect(modelReachM(model, 0)).toBe(0); // weaker than 0 dBm even at 1 m
  });

  it('when an AP has a range override, then it reaches exactly that far at the covered threshold, whatever its fit', () => {
    const calibrated = { dbmAt1m: -10, n: 4, source: 'calibrated' as const };
    for (const coveredMin of [-75, -67]) {
      const model = linkModel({ rangeOverrideM: 80, indoor: false }, coveredMin, calibrated);
      expect(model.source).toBe('override');
      expect(predictDbm(model, 80)).toBeCloseTo(coveredMin, 9);
      expect(reachM({ rangeOverrideM: 80, indoor: false }, coveredMin, coveredMin, calibrated)).toBeCloseTo(80, 9);
    }
    expect(linkModel({ indoor: false }, -75, calibrated)).toBe(calibrated);
  });

  it.each([
    [{ indoor: false }, 'urban'], // not given: the cautious exponent
    [{ indoor: true }, 'urban'],
    [{ indoor: false, environment: 'open' }, 'open'],
    [{ indoor: true, environment: 'urban' }, 'urban'],
  ] as const)('when the AP is %o, then its surroundings are %s', (ap, env) => {
    expect(environmentOf(ap)).toBe(env);
  });

  it('when a value is out of range, then the error names it', () => {
    expect(() => defaultModel({ eirpDbm: 90 })).toThrow(/eirpDbm 90/);
    expect(() => linkModel({ rangeOverrideM: -5 })).toThrow(/rangeOverrideM -5/);
  });
});
