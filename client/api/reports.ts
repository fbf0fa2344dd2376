// Residents' reports: filing one, "me too", "still not working", "my reports"; staff triage.
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { z } from 'zod';
import type * as wire from '../../server/domain/wire';
import type { Schemas } from '../../server/domain/schemas';
import type { ReportKind, ReportStatus } from '../../server/domain/vocabulary';
import { base, deviceWrite, fresh, request, round6 } from './request';

export type { ReportKind, ReportStatus };

/** What anyone sees of a report (position rounded to its 25 m cell), including the City's public note. */
export type PublicReportProps = wire.PublicReportProps;
/** What staff see of a report: the exact position, the resident's note and the City's public note. */
export type StaffReportProps = wire.StaffReportProps;
/** What every view of a report carries: the map draws reports from either. */
export type ReportProps = Pick<PublicReportProps & StaffReportProps, 'id' | 'kind' | 'status' | 'createdAt' | 'confirmations'>;
export type ReportFeature = Feature<Point, ReportProps>;
export type ReportCollection = FeatureCollection<Point, ReportProps>;
export type PublicReportCollection = FeatureCollection<Point, PublicReportProps>;
export type StaffReportCollection = FeatureCollection<Point, StaffReportProps>;
export type ReportHistoryEntry = wire.ReportHistoryEntry;
/** Whether a "me too" counts as an independent voice, and why not (the server's reasons). */
export type ConfirmationResult = wire.ConfirmationResult;

/** A report as the server's edge schema accepts it. */
export type NewReport = z.input<Schemas['reportCreate']>;

/** "Me too" or "still not working": a clientId makes a retry harmless; deviceId is legacy, as in NewReport. */
export type DeviceAction = z.input<Schemas['confirmation']>;

export function getReports(): Promise<ReportCollection> {
  return request(`${base}/reports`);
}

/** Sending the same clientId again returns the first report instead of a duplicate. */
export function createReport(report: NewReport, signal?: AbortSignal): Promise<Feature<Point, PublicReportProps>> {
  return deviceWrite(`${base}/reports`, report, signal);
}

/** Open reports of one kind near a spot, nearest first: offered as "me too" before a duplicate is filed. */
export function getOpenReportsNear(lon: number, lat: number, kind: ReportKind, radiusM: number): Promise<PublicReportCollection> {
  const query = `near=${round6(lon)},${round6(lat)}&radiusM=${radiusM}&kind=${kind}&status=open`;
  return request(`${base}/reports?${query}`, { cache: 'no-cache' });
}

/** "My reports": the server keeps no account, so the device asks by the ids it remembers. */
export function getReportsByIds(ids: number[]): Promise<PublicReportCollection> {
  return request(`${base}/reports?ids=${ids.join(',')}`, { cache: 'no-cache' });
}

export function getReportHistory(id: number): Promise<ReportHistoryEntry[]> {
  return request(`${base}/reports/${id}/history`, { cache: 'no-cache' });
}

/** "Me too": kept always; 201 when recorded, 200 when nothing new; `confirmation` says whether it counted. */
export function confirmReport(id: number, body: DeviceAction, signal?: AbortSignal): Promise<Feature<Point, PublicReportProps> & { confirmation?: ConfirmationResult }> {
  return deviceWrite(`${base}/reports/${id}/confirmations`, body, signal);
}

/** "Still not working" on a resolved report. */
export function reopenReport(id: number, body: DeviceAction, signal?: AbortSignal): Promise<Feature<Point, PublicReportProps>> {
  return deviceWrite(`${base}/reports/${id}/reopen`, body, signal);
}

export interface TriageQuery {
  status?: ReportStatus[];
  kind?: ReportKind[];
  ward?: number; // 1–10
  olderThanDays?: number;
  sort?: 'confirmations' | 'newest' | 'oldest';
}

export function getTriageReports(query: TriageQuery): Promise<StaffReportCollection> {
  const params = new URLSearchParams();
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.kind?.length) params.set('kind', query.kind.join(','));
  if (query.ward !== undefined) params.set('ward', String(query.ward));
  if (query.olderThanDays !== undefined) params.set('olderThanDays', String(query.olderThanDays));
  if (query.sort) params.set('sort', query.sort);
  return request(`${base}/reports?${params}`, fresh);
}

/** A status change, with an optional public note, publishing the resident's note, or the report it duplicates. */
export type ReportChange = z.input<Schemas['reportChange']>;

export function changeReport(id: number, change: ReportChange): Promise<Feature<Point, StaffReportProps>> {
  return request(`${base}/reports/${id}`, { method: 'PATCH', json: change, staff: true });
}
