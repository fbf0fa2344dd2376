// Strict checks at the engine's edge: every problem with its path, all at once, before anything changes.
import { REPORT_KINDS } from './evidence';
import type { Positioned, ObservationInput, ReportInput, AccessPointInput, PlaceInput } from './types';
import { RANGE_OVERRIDE_M_MIN } from '../limits';

export interface Issue {
  path: string;
  message: string;
}

export class CoverageInputError extends RangeError {
  constructor(readonly issues: Issue[]) {
    super(`invalid coverage input: ${issues.slice(0, 10).map((i) => `${i.path}: ${i.message}`).join('; ')}${issues.length > 10 ? `; and ${issues.length - 10} more` : ''}`);
    this.name = 'CoverageInputError';
  }
}

const SIGNAL_RANGE_DBM = [-120, 0] as const; // dBm: radios report nothing outside this; anything else is a bad value

export function checkPosition(p: Positioned, path: string, issues: Issue[]): void {
  const hasLonLat = p.lon !== undefined || p.lat !== undefined;
  const hasXY = p.x !== undefined || p.y !== undefined;
  if (hasLonLat === hasXY) issues.push({ path, message: 'give lon and lat, or x and y — exactly one of the two' });
  else if (hasLonLat) {
    if (!(typeof p.lon === 'number' && Math.abs(p.lon) <= 180)) issues.push({ path: `${path}.lon`, message: `${p.lon} is not a longitude` });
    if (!(typeof p.lat === 'number' && Math.abs(p.lat) <= 90)) issues.push({ path: `${path}.lat`, message: `${p.lat} is not a latitude` });
  } else {
    if (!Number.isFinite(p.x)) issues.push({ path: `${path}.x`, message: `${p.x} is not a number of metres` });
    if (!Number.isFinite(p.y)) issues.push({ path: `${path}.y`, message: `${p.y} is not a number of metres` });
  }
  if (p.accuracyM != null && !(p.accuracyM >= 0 && Number.isFinite(p.accuracyM)))
    issues.push({ path: `${path}.accuracyM`, message: `${p.accuracyM} must be a distance ≥ 0 m` });
}

function checkCommon(o: { time: number; deviceKey?: string | null; accessPointId?: unknown }, path: string, issues: Issue[]): void {
  if (!Number.isFinite(o.time)) issues.push({ path: `${path}.time`, message: `${o.time} is not a time in ms since the epoch` });
  if (o.deviceKey != null && (typeof o.deviceKey !== 'string' || !o.deviceKey))
    issues.push({ path: `${path}.deviceKey`, message: `${JSON.stringify(o.deviceKey)} must be a non-empty string or null` });
  if (o.accessPointId != null && typeof o.accessPointId !== 'number' && typeof o.accessPointId !== 'string')
    issues.push({ path: `${path}.accessPointId`, message: `${JSON.stringify(o.accessPointId)} must be a number or string` });
}

export function checkObservation(o: ObservationInput, path: string, issues: Issue[]): void {
  checkPosition(o, path, issues);
  checkCommon(o, path, issues);
  if (o.signalDbm !== null && !(typeof o.signalDbm === 'number' && o.signalDbm >= SIGNAL_RANGE_DBM[0] && o.signalDbm <= SIGNAL_RANGE_DBM[1]))
    issues.push({ path: `${path}.signalDbm`, message: `${o.signalDbm} must be null or within ${SIGNAL_RANGE_DBM[0]}…${SIGNAL_RANGE_DBM[1]} dBm` });
  if (o.scan != null && typeof o.scan !== 'string') issues.push({ path: `${path}.scan`, message: `${JSON.stringify(o.scan)} must be a string or null` });
}

export function checkReport(r: ReportInput, path: string, issues: Issue[]): void {
  checkPosition(r, path, issues);
  checkCommon(r, path, issues);
  if (!REPORT_KINDS.includes(r.kind)) issues.push({ path: `${path}.kind`, message: `"${r.kind}" must be one of ${REPORT_KINDS.join(', ')}` });
}

export function checkAccessPoint(ap: AccessPointInput, path: string, issues: Issue[], seen: Set<unknown>): void {
  if (typeof ap.id !== 'number' && typeof ap.id !== 'string') issues.push({ path: `${path}.id`, message: `${JSON.stringify(ap.id)} must be a number or string` });
  else if (seen.has(ap.id)) issues.push({ path: `${path}.id`, message: `${JSON.stringify(ap.id)} appears twice` });
  seen.add(ap.id);
  checkLonLat(ap.position, `${path}.position`, issues);
  if (ap.status != null && !['active', 'planned', 'down', 'retired'].includes(ap.status))
    issues.push({ path: `${path}.status`, message: `"${ap.status}" must be active, planned, down or retired` });
  if (ap.eirpDbm != null && !(ap.eirpDbm >= -10 && ap.eirpDbm <= 40)) issues.push({ path: `${path}.eirpDbm`, message: `${ap.eirpDbm} must be within −10…40 dBm` });
  if (ap.band != null && ap.band !== '2.4' && ap.band !== '5') issues.push({ path: `${path}.band`, message: `"${ap.band}" must be "2.4" or "5"` });
  if (ap.rangeOverrideM != null && !(ap.rangeOverrideM > RANGE_OVERRIDE_M_MIN && ap.rangeOverrideM <= 10_000))
    issues.push({ path: `${path}.rangeOverrideM`, message: `${ap.rangeOverrideM} must be over ${RANGE_OVERRIDE_M_MIN} and at most 10000 m` });
  if (ap.environment != null && ap.environment !== 'open' && ap.environment !== 'urban')
    issues.push({ path: `${path}.environment`, message: `"${ap.environment}" must be "open" or "urban"` });
}

export function checkPlace(p: PlaceInput, path: string, issues: Issue[]): void {
  if (typeof p.id !== 'number' && typeof p.id !== 'string') issues.push({ path: `${path}.id`, message: `${JSON.stringify(p.id)} must be a number or string` });
  if (typeof p.kind !== 'string' || !p.kind) issues.push({ path: `${path}.kind`, message: `${JSON.stringify(p.kind)} must be a non-empty string` });
  if (p.demand != null && !(p.demand >= 0 && Number.isFinite(p.demand))) issues.push({ path: `${path}.demand`, message: `${p.demand} must be ≥ 0` });
  checkLonLat(p.position, `${path}.position`, issues);
}

function checkLonLat(position: unknown, path: string, issues: Issue[]): void {
  const ok = Array.isArray(position) && position.length >= 2 && Math.abs(position[0]) <= 180 && Math.abs(position[1]) <= 90;
  if (!ok) issues.push({ path, message: `${JSON.stringify(position)} must be [lon, lat]` });
}

/** Runs `check` on every item and throws one error listing every issue. */
export function checkAll<T>(items: readonly T[], name: string, check: (item: T, path: string, issues: Issue[]) => void): void {
  if (!Array.isArray(items)) throw new CoverageInputError([{ path: name, message: 'must be an array' }]);
  const issues: Issue[] = [];
  items.forEach((item, i) => check(item, `${name}[${i}]`, issues));
  if (issues.length) throw new CoverageInputError(issues);
}

/** check for a single item; paths start at `name` itself. */
export function checkOne<T>(item: T, name: string, check: (item: T, path: string, issues: Issue[]) => void): void {
  const issues: Issue[] = [];
  check(item, name, issues);
  if (issues.length) throw new CoverageInputError(issues);
}
