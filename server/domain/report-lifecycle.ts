// The report lifecycle as one table: open → acknowledged → planned → resolved, or duplicate / hidden.
import type { ReportStatus } from './types';

type Actor = 'staff' | 'resident';

/** Which status changes each actor may make. Every row is exercised by a test. */
export const TRANSITIONS: Record<ReportStatus, Partial<Record<ReportStatus, readonly Actor[]>>> = {
  open: { acknowledged: ['staff'], planned: ['staff'], resolved: ['staff'], duplicate: ['staff'], hidden: ['staff'] },
  acknowledged: { open: ['staff'], planned: ['staff'], resolved: ['staff'], duplicate: ['staff'], hidden: ['staff'] },
  planned: { open: ['staff'], acknowledged: ['staff'], resolved: ['staff'], duplicate: ['staff'], hidden: ['staff'] },
  resolved: { open: ['staff', 'resident'] }, // the resident answers "still not working"
  duplicate: { open: ['staff'], hidden: ['staff'] },
  hidden: { open: ['staff'] }, // unhide a report hidden by mistake
};

export function canTransition(from: ReportStatus, to: ReportStatus, actor: Actor): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** "Me too" adds weight only while the City still has work to do on the report. */
export const CONFIRMABLE: readonly ReportStatus[] = ['open', 'acknowledged', 'planned'];

/** Open311 knows only open and closed. Hidden reports are not published at all. */
export const OPEN311_STATUS: Record<ReportStatus, 'open' | 'closed' | null> = {
  open: 'open', acknowledged: 'open', planned: 'open', resolved: 'closed', duplicate: 'closed', hidden: null,
};
