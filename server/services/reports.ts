// Residents' reports: create once (a retried send returns the first result), "me too", the
// lifecycle staff drive, and "still not working".
import { InvalidInput, NotFound } from '../domain/errors';
import { canTransition, CONFIRMABLE } from '../domain/report-lifecycle';
import { boxAround, distanceM } from '../domain/distance';
import type { ReportChangeInput, ReportInput, ReportQuery } from '../domain/schemas';
import type { LonLat, Report } from '../domain/types';
import type { DeviceKeyer } from './device-keys';
import type { Store } from '../store';

export function createReport(store: Store, keyOf: DeviceKeyer, input: ReportInput, now: Date): { report: Report; created: boolean } {
  return store.transaction(() => {
    const earlier = input.clientId ? store.reports.byClientId(input.clientId) : undefined;
    if (earlier) return { report: earlier, created: false };
    if (input.accessPointId !== undefined && !store.accessPoints.get(input.accessPointId))
      throw new InvalidInput([{ path: 'accessPointId', message: `access point ${input.accessPointId} does not exist` }]);
    const report = store.reports.insert(
      {
        clientId: input.clientId ?? null, kind: input.kind, position: [input.lon, input.lat], accuracyM: input.accuracyM ?? null,
        note: input.note || null, accessPointId: input.accessPointId ?? null, deviceKey: keyOf(input.deviceId),
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

/**
 * Reports matching the query: with `near`, only those within radiusM, nearest first; with `ward`,
 * only those inside that ward (wardOf answers from the coverage grid); triage sorts and ages.
 */
export function findReports(store: Store, query: Partial<ReportQuery> & { ids?: number[] }, wardOf?: (p: LonLat) => number | null, now = new Date()): Report[] {
  const until = query.olderThanDays === undefined ? query.until : new Date(now.getTime() - query.olderThanDays * 86_400_000).toISOString();
  const base = { ...query, until };
  const inWard = (r: Report) => query.ward === undefined || wardOf?.(r.position) === query.ward;
  if (!query.near) return store.reports.list(base).filter(inWard).sort(SORTS[query.sort ?? 'oldest']);
  const centre: LonLat = [query.near[0], query.near[1]];
  const radiusM = query.radiusM ?? 50;
  return store.reports
    .list({ ...base, bbox: boxAround(centre, radiusM) })
    .filter(inWard)
    .map((r) => ({ r, d: distanceM(centre, r.position) }))
    .filter(({ d }) => d <= radiusM)
    .sort((a, b) => a.d - b.d)
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
    if (change.status === 'duplicate') store.reports.confirm(change.mergedInto!, `merge:${id}`, report.deviceKey, now.toISOString());
    store.audit.record(now.toISOString(), userId, 'report.change', 'report', id, { before: report.status, after: change });
    return updated;
  });
}

/** "Me too": a confirmation instead of a duplicate report. */
export function confirmReport(store: Store, keyOf: DeviceKeyer, id: number, clientId: string | undefined, deviceId: string | undefined, now: Date) {
  return store.transaction(() => {
    const report = mustGet(store, id);
    if (!CONFIRMABLE.includes(report.status))
      throw new InvalidInput([{ path: 'id', message: `report ${id} is ${report.status}; only open reports can be confirmed` }]);
    const deviceKey = keyOf(deviceId);
    if (deviceKey !== null && deviceKey === report.deviceKey) return { report, added: false }; // the reporter cannot "me too" themselves
    return store.reports.confirm(id, clientId ?? null, deviceKey, now.toISOString());
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
