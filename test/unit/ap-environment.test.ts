// An access point's environment: the older indoor flag, the one default, and what the propagation model reads.
import { describe, expect, it } from 'vitest';
import { environmentFrom, indoorAgrees, radioEnvironment } from '../../server/domain/ap-environment';
import { reachM } from '../../server/domain/coverage/propagation';
import { AP_ENVIRONMENTS, DEFAULT_AP_ENVIRONMENT, type ApEnvironment } from '../../server/domain/types';

const RADIO = [
  ['indoor', { indoor: true, environment: 'urban' }],
  ['outdoor_urban', { indoor: false, environment: 'urban' }],
  ['outdoor_open', { indoor: false, environment: 'open' }],
] as const;

describe('access-point environment', () => {
  it.each(RADIO)('when the environment is %s, then the model hears it as %o', (environment, radio) => {
    expect(radioEnvironment(environment)).toEqual(radio);
  });

  it('when the vocabulary grows, then this table must grow with it', () => {
    expect(RADIO.map(([environment]) => environment)).toEqual([...AP_ENVIRONMENTS]);
  });

  it('when the environment is not one of the vocabulary, then the error names it', () => {
    expect(() => radioEnvironment('rooftop' as ApEnvironment)).toThrow(/"rooftop".*indoor, outdoor_urban, outdoor_open/);
  });

  it('when the same 20 dBm 2.4 GHz access point sits in each environment, then open ground reaches farthest and indoors least', () => {
    const reach = (e: ApEnvironment) => reachM({ eirpDbm: 20, band: '2.4', ...radioEnvironment(e) });
    // Log-distance at −75 dBm: 10^((20 − 40 − wall + 75) / (10·n)); wall 12 dB indoors, n 2.2 open, 2.8 urban.
    expect(reach('outdoor_open')).toBeCloseTo(10 ** (55 / 22), 6); // 316 m
    expect(reach('outdoor_urban')).toBeCloseTo(10 ** (55 / 28), 6); // 92 m
    expect(reach('indoor')).toBeCloseTo(10 ** (43 / 28), 6); // 34 m
  });

  it.each([
    [undefined, undefined, 'indoor'], // neither: the one default
    [undefined, true, 'indoor'],
    [undefined, false, 'outdoor_urban'], // the older flag's "outdoor" is the cautious outdoor setting
    ['outdoor_open', undefined, 'outdoor_open'],
    ['outdoor_open', false, 'outdoor_open'], // environment wins when both agree
    ['indoor', true, 'indoor'],
  ] as const)('when environment is %s and indoor %s, then the environment is %s', (environment, indoor, expected) => {
    expect(environmentFrom(environment, indoor)).toBe(expected);
  });

  it('when nothing is said, then the default is indoor', () => {
    expect(DEFAULT_AP_ENVIRONMENT).toBe('indoor');
  });

  it.each([
    ['indoor', true, true],
    ['indoor', false, false],
    ['outdoor_urban', false, true],
    ['outdoor_urban', true, false],
    ['outdoor_open', false, true],
    ['outdoor_open', true, false],
  ] as const)('when environment is %s and indoor %s, then they agree: %s', (environment, indoor, agrees) => {
    expect(indoorAgrees(environment, indoor)).toBe(agrees);
  });
});
