// The "me too" decision table, every row against an outcome written out by hand.
import { describe, expect, it } from 'vitest';
import { COHORT_SPACING_MS, judgeConfirmation, type ConfirmationFacts } from '../../server/domain/confirmation-count';

const NOW = Date.UTC(2026, 5, 1, 12);
const fresh: ConfirmationFacts = { cohortKey: 'c1', reporterCohortKey: 'c0', cohortAlreadyCounted: false, lastCountedAtMs: null, nowMs: NOW };

describe('whether a "me too" counts', () => {
  it.each([
    ['a credential of a new cohort', {}, 'counted'],
    ['no credential (absent or legacy deviceId)', { cohortKey: null }, 'no-device-credential'],
    ['no credential, even on a report without one', { cohortKey: null, reporterCohortKey: null }, 'no-device-credential'],
    ['minted with the reporter\'s credential', { reporterCohortKey: 'c1' }, 'same-cohort-as-reporter'],
    ['a report filed without a credential', { reporterCohortKey: null }, 'counted'],
    ['its cohort already counted on this report', { cohortAlreadyCounted: true }, 'cohort-already-confirmed'],
    ['its cohort counted elsewhere 9 min 59 s ago', { lastCountedAtMs: NOW - 599_000 }, 'cohort-confirmed-recently'],
    ['its cohort counted elsewhere exactly 10 min ago', { lastCountedAtMs: NOW - 600_000 }, 'counted'],
    ['same cohort as the reporter and recently counted: the reporter rule first', { reporterCohortKey: 'c1', lastCountedAtMs: NOW }, 'same-cohort-as-reporter'],
    ['already counted here and recently: the report rule first', { cohortAlreadyCounted: true, lastCountedAtMs: NOW }, 'cohort-already-confirmed'],
  ] as const)('when %s, then %s', (_case, facts, verdict) => {
    expect(judgeConfirmation({ ...fresh, ...facts })).toBe(verdict);
  });
  it('spaces a cohort\'s counted confirmations 10 minutes apart', () => {
    expect(COHORT_SPACING_MS).toBe(600_000);
  });
});
