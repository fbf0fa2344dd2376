// The report form's state and its decisions, with no DOM: where the pin is, which nearby report is offered
// for "me too", what is missing before sending, and the body sent. report-form.ts draws it; report-flow.ts wires both.
import type { FieldError, NewReport, PublicReportProps, ReportKind, ReportStatus } from '../api';
import type { Feature, Point } from 'geojson';
import { round6 } from '../geo';

export const noteMaxChars = 500; // the server's limit; long enough for "which door, which floor, what time"
export const meTooRadiusM = 50; // m: the same problem "here" — two 25 m cells either way

export type Field = 'position' | 'kind' | 'note' | 'form';
export const fields: readonly Field[] = ['position', 'kind', 'note', 'form']; // the order errors are read in
export type NearbyReport = Feature<Point, PublicReportProps>;

export interface Position {
  lon: number;
  lat: number;
  accuracyM?: number; // only for a location fix; a tapped pin is as exact as the resident placed it
  needsConfirm: boolean; // a poor fix must be confirmed or replaced by a tap
}

/** How the offer reads: the report's status as the resident sees it beside "me too". */
const statusPhrase: Partial<Record<ReportStatus, string>> = {
  open: 'open',
  acknowledged: 'acknowledged by the City',
  planned: 'a fix is planned',
};

export interface MeTooOffer {
  text: string;
  canConfirm: boolean; // false when this phone already sent or confirmed it
}

/** What the form says about a nearby report of the same problem. */
export function meTooOffer(report: NearbyReport, awayWords: string, already: { role: 'sent' | 'confirmed' } | undefined): MeTooOffer {
  const p = report.properties;
  const status = statusPhrase[p.status as ReportStatus] ?? p.status;
  if (already) return { text: `You already ${already.role === 'sent' ? 'sent' : 'confirmed'} this problem about ${awayWords} from the pin (report ${p.id}, ${status}).`, canConfirm: false };
  const others = p.confirmations ? ` ${p.confirmations} ${p.confirmations === 1 ? 'person has' : 'people have'} said “me too”.` : '';
  return { text: `Already reported about ${awayWords} from the pin (report ${p.id}, ${status}).${others} Add yours to it?`, canConfirm: true };
}

/** Every reason the report cannot be sent yet, each on its field. */
export function missing(position: Position | null, kind: ReportKind | null, inServiceArea: (at: Position) => boolean): FieldError[] {
  const problems: FieldError[] = [];
  if (!position) problems.push({ path: 'position', message: 'Tap the map or use your location to place the pin.' });
  else if (position.needsConfirm) problems.push({ path: 'position', message: 'Confirm your location, or tap the map to place the pin.' });
  else if (!inServiceArea(position)) problems.push({ path: 'position', message: 'The pin is outside Kitchener. Move it to where the problem is in the city.' });
  if (!kind) problems.push({ path: 'kind', message: 'Choose what is wrong.' });
  return problems;
}

/** The body POSTed to /reports (through the outbox). `observedAt`: when the resident was there, even if sent hours later. */
export function reportBody(kind: ReportKind, at: Position, note: string, accessPointId: number | undefined, clientId: string, observedAt: Date): NewReport & { clientId: string } {
  const trimmed = note.trim();
  return {
    kind,
    lon: round6(at.lon),
    lat: round6(at.lat),
    ...(at.accuracyM !== undefined ? { accuracyM: at.accuracyM } : {}),
    ...(trimmed ? { note: trimmed } : {}),
    ...(accessPointId !== undefined ? { accessPointId } : {}),
    clientId,
    observedAt: observedAt.toISOString(),
  };
}

/** The key of one nearby check: a new pin or kind asks again. */
export function checkKey(kind: ReportKind, at: Position): string {
  return `${kind}|${at.lon.toFixed(6)}|${at.lat.toFixed(6)}`;
}

/** Server paths name request fields; the form groups lon, lat and accuracy under one "Where?" field. */
export function fieldOf(path: string): Field {
  if (path === 'kind') return 'kind';
  if (path === 'note') return 'note';
  if (['lon', 'lat', 'accuracyM', 'position', 'coordinates'].includes(path)) return 'position';
  return 'form';
}

/** Field errors grouped per form field, each message once, fields in reading order. */
export function errorsByField(errors: FieldError[]): Map<Field, string[]> {
  const byField = new Map<Field, string[]>();
  for (const e of errors) {
    const list = byField.get(fieldOf(e.path)) ?? [];
    if (!list.includes(e.message)) list.push(e.message);
    byField.set(fieldOf(e.path), list);
  }
  return new Map(fields.filter((f) => byField.has(f)).map((f) => [f, byField.get(f)!]));
}

/** The server's reason a "me too" was kept but not counted, in words (see the API's ConfirmationResult). */
export function uncountedWhy(reason: string | undefined): string {
  switch (reason) {
    case 'own-report':
      return 'this phone filed the report';
    case 'retry':
      return 'it was sent before, and did not count then';
    case 'already-confirmed':
      return 'this phone already said so';
    case 'same-cohort-as-reporter':
    case 'cohort-already-confirmed':
    case 'cohort-confirmed-recently':
      return 'another phone on the same connection already spoke for this place or another one just now';
    default:
      return 'this phone could not be recognised';
  }
}
