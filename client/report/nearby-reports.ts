// "Me too" candidates: reports of the same kind near the pin that the City still works on. The statuses come
// from the server's own list (CONFIRMABLE), so the offer and the endpoint that takes the "me too" agree.
import { problemFrom, type PublicReportCollection, type ReportKind } from '../api';
import { CONFIRMABLE } from '../../server/domain/report-lifecycle';
import { round6 } from '../geo';

/** Confirmable reports of one kind within `radiusM`, nearest first. Fresh from the network (cached copy offline). */
export async function getConfirmableReportsNear(at: { lon: number; lat: number }, kind: ReportKind, radiusM: number): Promise<PublicReportCollection> {
  const query = new URLSearchParams({ near: `${round6(at.lon)},${round6(at.lat)}`, radiusM: String(radiusM), kind, status: CONFIRMABLE.join(',') });
  const response = await fetch(`/api/v1/reports?${query}`, { cache: 'no-cache', headers: { Accept: 'application/json, application/problem+json' } });
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as PublicReportCollection;
}
