import { describe, expect, it } from 'vitest';
import { canTransition, OPEN311_STATUS, TRANSITIONS } from '../../server/domain/report-lifecycle';
import { REPORT_STATUSES } from '../../server/domain/types';

describe('the report lifecycle table', () => {
  // Every cell of the table, for both actors: what the table says is what canTransition answers.
  for (const from of REPORT_STATUSES)
    for (const to of REPORT_STATUSES)
      for (const actor of ['staff', 'resident'] as const)
        it(`${actor}: ${from} → ${to}`, () => {
          expect(canTransition(from, to, actor)).toBe(TRANSITIONS[from][to]?.includes(actor) ?? false);
        });

  it('when a resident acts, then the only change they can make is reopening a resolved report', () => {
    const allowed = REPORT_STATUSES.flatMap((from) => REPORT_STATUSES.filter((to) => canTransition(from, to, 'resident')).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['resolved→open']);
  });

  it('when staff act, then every status can be left for some other, and the main path is allowed', () => {
    for (const from of REPORT_STATUSES) expect(REPORT_STATUSES.some((to) => canTransition(from, to, 'staff'))).toBe(true);
    expect(['open→acknowledged', 'acknowledged→planned', 'planned→resolved'].every((t) => {
      const [from, to] = t.split('→') as [(typeof REPORT_STATUSES)[number], (typeof REPORT_STATUSES)[number]];
      return canTransition(from, to, 'staff');
    })).toBe(true);
  });

  it('when mapped to Open311, then hidden reports are unpublished and resolved ones closed', () => {
    expect(OPEN311_STATUS.hidden).toBeNull();
    expect(OPEN311_STATUS.resolved).toBe('closed');
    expect(OPEN311_STATUS.planned).toBe('open');
  });
});
