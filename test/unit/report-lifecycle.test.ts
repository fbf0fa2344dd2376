// The report lifecycle, against outcomes written out by hand (not derived from the code under test): a planted bug in
// any row of TRANSITIONS, CONFIRMABLE or OPEN311_STATUS makes a test here fail.
import { describe, expect, it } from 'vitest';
import { canTransition, CONFIRMABLE, OPEN311_STATUS } from '../../server/domain/report-lifecycle';
import { REPORT_STATUSES, type ReportStatus } from '../../server/domain/types';

// Every status change staff may make, written out: from → the statuses it may go to.
const STAFF: Record<ReportStatus, ReportStatus[]> = {
  open: ['acknowledged', 'planned', 'resolved', 'duplicate', 'hidden'],
  acknowledged: ['open', 'planned', 'resolved', 'duplicate', 'hidden'],
  planned: ['open', 'acknowledged', 'resolved', 'duplicate', 'hidden'],
  resolved: ['open'],
  duplicate: ['open', 'hidden'],
  hidden: ['open'],
};

describe('the report lifecycle table', () => {
  for (const from of REPORT_STATUSES)
    it(`when staff act on a ${from} report, then exactly ${STAFF[from].join(', ')} can follow`, () => {
      expect(REPORT_STATUSES.filter((to) => canTransition(from, to, 'staff'))).toEqual(STAFF[from]);
    });

  it('when a resident acts, then the only change they can make is reopening a resolved report', () => {
    const allowed = REPORT_STATUSES.flatMap((from) => REPORT_STATUSES.filter((to) => canTransition(from, to, 'resident')).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['resolved→open']);
  });

  it('when a status is asked to become itself, then no actor may (a change must change something)', () => {
    for (const s of REPORT_STATUSES) expect([canTransition(s, s, 'staff'), canTransition(s, s, 'resident')]).toEqual([false, false]);
  });

  it('when residents say "me too", then only reports the City still works on take it', () => {
    expect([...CONFIRMABLE]).toEqual(['open', 'acknowledged', 'planned']);
  });

  it('when mapped to Open311, then open work is open, finished work closed, and hidden reports unpublished', () => {
    expect(OPEN311_STATUS).toEqual({ open: 'open', acknowledged: 'open', planned: 'open', resolved: 'closed', duplicate: 'closed', hidden: null });
  });
});
