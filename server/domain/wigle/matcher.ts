// Which WiGLE sightings the City keeps: only its own free networks, measured well enough to trust.
// One decision table, read top to bottom; the first rule a row fails is its reason. A dropped row is
// only counted: nothing of it (name, address, position) is kept anywhere.
import { createHash } from 'node:crypto';
import { distanceM } from '../distance';
import { FUTURE_SKEW_MS, OLDEST_TIME, SIGNAL_DBM_MAX, SIGNAL_DBM_MIN } from '../limits';
import { wallClockInstants } from './local-time';
import type { AccessPointStatus, LonLat } from '../types';
import type { WigleRow } from './parser';

export const WIGLE_RULES = {
  ssidRadiusM: 300, // m: a registered SSID heard farther than this from every access point of that name is someone else's network
  accuracyMaxM: 50, // m: two public cells; a fix worse than this cannot place a sighting in a 25 m cell
  oldestTime: OLDEST_TIME, // ms: earlier timestamps (1970) come from phones without a clock fix
  futureSkewMs: FUTURE_SKEW_MS, // ms: phones' clocks run a little fast; beyond this a time is wrong
  signalMinDbm: SIGNAL_DBM_MIN, // dBm: radios report nothing weaker; -127 and the like are placeholders
  signalMaxDbm: SIGNAL_DBM_MAX, // dBm: stronger only touching the antenna; 0 is a placeholder
  optOutSuffixes: ['_nomap', '_optout'], // Google's and Mozilla's opt-out marks: the owner asked not to be mapped
  ssidOnAir: ['active', 'down'] as readonly AccessPointStatus[], // statuses whose SSID can match by name ("down" may be back up)
};

export type WigleRules = typeof WIGLE_RULES;

/** The reasons, in the order the table applies them. */
export const DROP_REASONS = [
  'not_wifi', // Type is not WIFI (Bluetooth, cell towers)
  'opted_out', // SSID ends in _nomap or _optout
  'malformed', // MAC, time, position or RSSI missing or unreadable; a row cut short is malformed before any other rule, as its Type is not to be trusted
  'not_registered', // neither a registered BSSID nor a registered SSID near its access point: a private network
  'bad_time', // before 2010, in the future, or a local time the clocks skipped (spring forward)
  'poor_accuracy', // position accuracy missing, zero or worse than accuracyMaxM
  'outside_area', // observer outside Kitchener and its margin
  'bad_signal', // RSSI outside signalMinDbm…signalMaxDbm
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

/** What the matcher needs of an access point in the registry. */
export interface RegisteredNetwork {
  id: number;
  ssid: string | null;
  bssids: readonly string[];
  position: LonLat;
  status: AccessPointStatus;
}

/** A kept sighting, ready to store as an observation. */
export interface ImportedSighting {
  naturalKey: string; // hash of (BSSID, time, latitude, longitude): the same sighting in any file has the same key
  observedAt: string; // ISO
  position: LonLat; // the observer's position
  accuracyM: number;
  signalDbm: number;
  ssid: string | null;
  bssid: string;
  accessPointId: number;
  matchedBy: 'bssid' | 'ssid';
}

export type Verdict = { keep: true; sighting: ImportedSighting } | { keep: false; reason: DropReason };

const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/;
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A wall-clock time that the zone's clocks never showed: the hour skipped when they spring forward. */
export const SKIPPED = 'skipped';

/**
 * FirstSeen as milliseconds: "2024-05-01 14:30:00" is a wall-clock time in `timeZone` (UTC, as the
 * WiGLE app writes it since 2.78; an older app's phone-local time otherwise). In the hour repeated
 * when clocks fall back it is the first of the two instants (daylight time), as java.time and
 * Temporal choose by default: the rows cannot say which, and an hour is immaterial to evidence that
 * ages over months. In the hour skipped when clocks spring forward it is SKIPPED. An explicit zone
 * is honoured; 13 or 10 digits are epoch milliseconds or seconds, as some other tools write.
 */
export function parseWigleTime(text: string, timeZone = 'UTC'): number | typeof SKIPPED | undefined {
  const s = text.trim();
  let t = NaN;
  if (LOCAL_TIME.test(s)) {
    t = s.length === 19 ? wholeSecondsUtc(s) : Date.parse(`${s.replace(' ', 'T')}Z`);
    if (timeZone !== 'UTC' && Number.isFinite(t)) {
      const instants = wallClockInstants(timeZone, t);
      if (instants.length === 0) return SKIPPED;
      t = instants[0];
    }
  }
  else if (ZONED_TIME.test(s)) t = Date.parse(s.replace(' ', 'T'));
  else if (/^\d{13}$/.test(s)) t = Number(s);
  else if (/^\d{10}$/.test(s)) t = Number(s) * 1000;
  return Number.isFinite(t) ? t : undefined;
}

const digits = (s: string, from: number, to: number): number => {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
};

/**
 * "YYYY-MM-DD hh:mm:ss" (already matched by LOCAL_TIME) read as UTC: exactly what Date.parse answers for it
 * (V8 rolls day 31 of a short month over and takes 24:00:00 as the next midnight), without building a second
 * string for each of a file's hundreds of thousands of rows.
 */
function wholeSecondsUtc(s: string): number {
  const year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
  const hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
  if (year < 1000) return Date.parse(`${s.replace(' ', 'T')}Z`); // Date.UTC would read year 0–99 as 1900–1999
  if (month < 1 || month > 12 || day < 1 || day > 31 || minute > 59 || second > 59 || hour > 24 || (hour === 24 && minute + second > 0)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const drop = (reason: DropReason): Verdict => ({ keep: false, reason });

const number = (text: string): number => (text.trim() === '' ? NaN : Number(text));

export function createMatcher(
  networks: readonly RegisteredNetwork[],
  area: { contains(position: LonLat): boolean },
  now: number, // ms: the import's clock, for "in the future"
  rules: WigleRules = WIGLE_RULES,
): (row: WigleRow) => Verdict {
  const byBssid = new Map<string, RegisteredNetwork>();
  const bySsid = new Map<string, RegisteredNetwork[]>();
  for (const n of networks) {
    for (const b of n.bssids) byBssid.set(b.toLowerCase(), n);
    if (n.ssid && rules.ssidOnAir.includes(n.status)) bySsid.set(n.ssid, [...(bySsid.get(n.ssid) ?? []), n]);
  }

  /** The registered network a sighting is of: its BSSID, else the nearest on-air access point of its SSID within range. */
  function match(bssid: string, ssid: string, at: LonLat): { network: RegisteredNetwork; by: 'bssid' | 'ssid' } | undefined {
    const byAddress = byBssid.get(bssid);
    if (byAddress) return { network: byAddress, by: 'bssid' };
    let nearest: RegisteredNetwork | undefined;
    let nearestM = rules.ssidRadiusM;
    for (const n of bySsid.get(ssid) ?? []) {
      const d = distanceM(at, n.position);
      if (d <= nearestM) [nearest, nearestM] = [n, d];
    }
    return nearest && { network: nearest, by: 'ssid' };
  }

  return (row) => {
    if (!row.complete) return drop('malformed'); // cut short (a truncated last row): even its Type may be partial
    if (row.type.trim().toUpperCase() !== 'WIFI') return drop('not_wifi');
    const ssid = row.ssid;
    const lowered = ssid.trim().toLowerCase();
    for (const suffix of rules.optOutSuffixes) if (lowered.endsWith(suffix)) return drop('opted_out');

    const time = parseWigleTime(row.firstSeen, row.timeZone);
    const [lat, lon, rssi] = [number(row.latitude), number(row.longitude), number(row.rssi)];
    const positionOk = Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    if (!MAC.test(row.mac.trim()) || time === undefined || !positionOk || !Number.isFinite(rssi)) return drop('malformed');

    const bssid = row.mac.trim().toLowerCase().replaceAll('-', ':');
    const position: LonLat = [lon, lat];
    const found = match(bssid, ssid, position);
    if (!found) return drop('not_registered');

    if (time === SKIPPED || time < rules.oldestTime || time > now + rules.futureSkewMs) return drop('bad_time');
    const accuracyM = number(row.accuracy);
    if (!(accuracyM > 0 && accuracyM <= rules.accuracyMaxM)) return drop('poor_accuracy');
    if (!area.contains(position)) return drop('outside_area');
    if (rssi < rules.signalMinDbm || rssi > rules.signalMaxDbm) return drop('bad_signal');

    const observedAt = new Date(time).toISOString();
    return {
      keep: true,
      sighting: {
        naturalKey: naturalKey(bssid, observedAt, lat, lon),
        observedAt, position, accuracyM, signalDbm: rssi, ssid: ssid === '' ? null : ssid, bssid,
        accessPointId: found.network.id, matchedBy: found.by,
      },
    };
  };
}

/** 128 bits of SHA-256 over the sighting's identity; positions to 7 decimals (about 1 cm), as WiGLE writes them. */
export function naturalKey(bssid: string, observedAt: string, lat: number, lon: number): string {
  return createHash('sha256').update(`${bssid}|${observedAt}|${lat.toFixed(7)}|${lon.toFixed(7)}`).digest('hex').slice(0, 32);
}
