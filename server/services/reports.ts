// Residents' reports: create once (a retried send returns the first result), "me too", the
// lifecycle staff drive, and "still not working".
import { InvalidInput, NotFound } from '../domain/errors';
import { canTransition, CONFIRMABLE } from '../domain/report-lifecycle';
import { boxAround, distanceM } from '../domain/distance';
import { publicPosition } from '../domain/service-area';
import { boxContains, widenBox } from '../domain/public-cells';
import { PUBLIC_CELL_M } from '../domain/limits';
import type { ReportChangeInput, ReportInput, ReportQuery } from '../domain/schemas';
import type { LonLat, Report } from '../domain/types';
import { judgeConfirmation, type ConfirmationReason } from '../domain/confirmation-count';
import type { DeviceIdentity } from './device-credentials';
import type { Store } from '../store';
import { DAY_MS } from '../domain/time';

export function createReport(store: Store, device: DeviceIdentity, input: ReportInput, now: Date): { report: Report; created: boolean } {
  return store.transaction(() => {
    const earlier = input.clientId ? store.reports.byClientId(input.clientId) : undefined;
    if (earlier) return { report: earlier, created: false };
    if (input.accessPointId !== undefined && !store.accessPoints.get(input.accessPointId))
      throw new InvalidInput([{ path: 'accessPointId', message: `access point ${input.accessPointId} does not exist` }]);
    const report = store.reports.insert(
      {
        clientId: input.clientId ?? null, kind: input.kind, position: [input.lon, input.lat], accuracyM: input.accuracyM ?? null,
        note: input.note || null, accessPointId: input.accessPointId ?? null, deviceKey: device.deviceKey, cohortKey: device.cohortKey,
        observedAt: input.observedAt ? new Date(input.observedAt).toISOString() : now.toISOString(),
      },
      now.toISOString(),
    );
    return { report, created: true };
  });
}

const SORTS = {
  oldest: (a: Report, b: Report) => a.id - b.id,
  newest: (a: Report, b: Report) => b.id - a.id,
  confirmations: (a: Report, b: Report) => b.confirmations - a.confirmations || a.id - b.id,
};

/** Where a caller sees reports: staff at the stored point, everyone else at the centre of its public cell. */
export type PositionView = 'exact' | 'public';

export interface FindOptions {
  view: PositionView; // every filter, distance and order uses this position, so none can reveal a finer one
  wardOf?: (p: LonLat) => number | null; // answers from the coverage grid
  now?: Date;
}

/**
 * Reports matching the query: with `bbox`, those shown inside it; with `near`, only those within radiusM,
 * nearest first; with `ward`, only those inside that ward; triage sorts and ages. In the public view all of
 * it is computed on the cell centre the public sees, never on the stored point.
 */
export function findReports(store: Store, query: Partial<ReportQuery> & { ids?: number[] }, { view, wardOf, now = new Date() }: FindOptions): Report[] {
  const until = query.olderThanDays === undefined ? query.until : new Date(now.getTime() - query.olderThanDays * DAY_MS).toISOString();
  const shown = view === 'public' ? (r: Report) => publicPosition(r.position, PUBLIC_CELL_M) : (r: Report) => r.position;
  const slackM = view === 'public' ? PUBLIC_CELL_M : 0; // m: a stored point lies at most this far from where it is shown
  const keep = (r: Report) =>
    (!query.bbox || boxContains(query.bbox, shown(r))) && (query.ward === undefined || wardOf?.(shown(r)) === query.ward);
  const base = { ...query, until, bbox: query.bbox && widenBox(query.bbox, slackM) };
  if (!query.near) return store.reports.list(base).filter(keep).sort(SORTS[query.sort ?? 'oldest']);
  const centre: LonLat = [query.near[0], query.near[1]];
  const radiusM = query.radiusM ?? 50;
  return store.reports
    .list({ ...base, bbox: boxAround(centre, radiusM + slackM) })
    .filter(keep)
    .map((r) => ({ r, d: distanceM(centre, shown(r)) }))
    .filter(({ d }) => d <= radiusM)
    .sort((a, b) => a.d - b.d || a.r.id - b.r.id) // reports of one cell are equally near: oldest first
    .map(({ r }) => r);
}

function mustGet(store: Store, id: number): Report {
  const report = store.reports.get(id);
  if (!report) throw new NotFound('report', id);
  return report;
}

export function changeReport(store: Store, id: number, change: ReportChangeInput, userId: number, now: Date): Report {
  return store.transaction(() => {
    const report = mustGet(store, id);
    const errors = [];
    if (change.status !== report.status && !canTransition(report.status, change.status, 'staff'))
      errors.push({ path: 'status', message: `a ${report.status} report cannot become ${change.status}` });
    if (change.status === 'duplicate') {
      const target = change.mergedInto === undefined ? undefined : store.reports.get(change.mergedInto);
      if (!target) errors.push({ path: 'mergedInto', message: 'a duplicate needs mergedInto: the id of the report it repeats' });
      else if (target.id === id || target.mergedInto !== null)
        errors.push({ path: 'mergedInto', message: `report ${target.id} cannot absorb this one (same report, or itself a duplicate)` });
    } else if (change.mergedInto !== undefined) errors.push({ path: 'mergedInto', message: 'only a duplicate is merged' });
    if (errors.length) throw new InvalidInput(errors);
    const updated = store.reports.change(id, change, userId, now.toISOString());
    // A merged duplicate's reporter becomes one more confirmation of the report it repeats.
    if (change.status === 'duplicate') store.reports.confirm(change.mergedInto!, `merge:${id}`, report, now.toISOString());
    store.audit.record(now.toISOString(), userId, 'report.change', 'report', id, { before: report.status, after: change });
    return updated;
  });
}

export interface Confirmation {
  report: Report;
  added: boolean; // a new "me too" was stored (a retry or the reporter's own device adds none)
  counted: boolean; // it counts as an independent voice (confirmations, coverage evidence)
  reason: ConfirmationReason; // why, as the response says
}

/** "Me too": a confirmation instead of a duplicate report; kept, but counted only by the rules in judgeConfirmation. */
export function confirmReport(store: Store, device: DeviceIdentity, id: number, clientId: string | undefined, now: Date): Confirmation {
  return store.transaction(() => {
    const report = mustGet(store, id);
    if (!CONFIRMABLE.includes(report.status))
      throw new InvalidInput([{ path: 'id', message: `report ${id} is ${report.status}; only ${CONFIRMABLE.join(', ')} reports can be confirmed` }]);
    if (device.deviceKey !== null && device.deviceKey === report.deviceKey) return { report, added: false, counted: false, reason: 'own-report' };
    const { cohortKey } = device;
    const last = cohortKey === null ? undefined : store.reports.lastCountedByCohort(cohortKey);
    const verdict = judgeConfirmation({
      cohortKey, reporterCohortKey: report.cohortKey, cohortAlreadyCounted: cohortKey !== null && store.reports.cohortConfirmed(id, cohortKey),
      lastCountedAtMs: last === undefined ? null : Date.parse(last), nowMs: now.getTime(),
    });
    const { report: confirmed, added, counted, retry } = store.reports.confirm(id, clientId ?? null, device, now.toISOString(), verdict === 'counted');
    return { report: confirmed, added, counted, reason: added ? verdict : retry ? 'retry' : 'already-confirmed' };
  });
}

/** The resident answers a resolved report with "still not working": it opens again. */
export function reopenReport(store: Store, id: number, now: Date): Report {
  return store.transaction(() => {
    const report = mustGet(store, id);
    if (report.status === 'open') return report; // a retried reopen changes nothing
    if (!canTransition(report.status, 'open', 'resident'))
      throw new InvalidInput([{ path: 'id', message: `only a resolved report can be reopened; report ${id} is ${report.status}` }]);
    return store.reports.change(id, { status: 'open', publicNote: null }, null, now.toISOString());
  });
}
