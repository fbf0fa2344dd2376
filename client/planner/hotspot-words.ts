// What the readings say about coverage and hotspots, in the workspace's words: pure, so unit tests read them.
import type { AreaShare, Discovery, HeardApart, HotspotCounts } from '../api';
import { formatDistanceM } from '../map/core';
import { dbm } from '../coverage/explain';
import { age, area, areaRange, count, percent, plural } from './format';

/** "Expected 12.30 km² (8.9%), 95 % interval 11.80–12.90 km² (8.5%–9.3%)"; null from a server without the model. */
export function expectedAreaWords(a: AreaShare): string | null {
  if (a.expectedCoveredAreaM2 === undefined || !a.expectedCoveredIntervalM2) return null;
  const [lo, hi] = a.expectedCoveredIntervalM2;
  const share = (m2: number) => percent(a.areaM2 > 0 ? m2 / a.areaM2 : null);
  return `Expected ${area(a.expectedCoveredAreaM2)} (${share(a.expectedCoveredAreaM2)}), 95 % interval ${areaRange(lo, hi)} (${share(lo)}–${share(hi)})`;
}

/** One line of counts: what the readings fitted, moved, doubt, found, and whose readings they set aside. */
export function hotspotCountsWords(h: HotspotCounts): string {
  return [
    `${plural(h.fitted, 'hotspot', 'hotspots')} fitted from readings`,
    `${count(h.moved)} moved`,
    `${count(h.probablyDown)} probably down`,
    // The Registry tab lists the finds too few phones heard for the map as well: both counts, so the tabs agree.
    `${count(h.discovered)} discovered${h.suggested ? `, ${count(h.suggested)} more suggested` : ''}`,
    plural(h.distrustedDevices, 'distrusted device', 'distrusted devices'),
  ].join(' · ');
}

/** The name an accepted discovery gets unless the planner types another. */
export function defaultDiscoveryName(d: Pick<Discovery, 'bssid' | 'ssid'>): string {
  return `Discovered hotspot ${d.ssid ? `${d.ssid} ` : ''}${d.bssid}`;
}

/** What a suggestion rests on: "18 readings by 3 phones, first seen today, last seen today; position within ≈ 70 m, reach ≈ 60 m, strongest −45 dBm". */
export function discoveryWords(d: Discovery, now = Date.now()): string {
  return `${plural(d.readings, 'reading', 'readings')} by ${plural(d.devices, 'phone', 'phones')}, first seen ${age(d.firstSeen, now)}, last seen ${age(d.lastSeen, now)}; position within ≈ ${formatDistanceM(d.positionWithinM)}, reach ≈ ${formatDistanceM(d.estimatedReachM)}, strongest ${dbm(d.strongestDbm)}${d.onPublicMap ? '' : '; the public map shows its readings, not its reach, until more phones hear it'}`;
}

/**
 * Where a find stands beside a listing of its network, what that may mean: "62 m from Central Library, whose entry names
 * no BSSID: its own radio, if that entry stands in the wrong place." Empty with no listing that near.
 */
export function besideListingWords(d: Discovery): string {
  const b = d.besideListing;
  if (!b) return '';
  const name = b.name ?? `access point ${b.id}`;
  return b.listsBssids
    ? `${formatDistanceM(b.distanceM)} from ${name}: a radio of it, if it has more than its entry lists.`
    : `${formatDistanceM(b.distanceM)} from ${name}, whose entry names no BSSID: its own radio, if that entry stands in the wrong place.`;
}

/**
 * For a listing phones no longer hear, the finds beside it: "Phones hear a hotspot on its network 80 m from where it is
 * listed (BSSID aa:…, suggested above): if that is this access point, its entry's place or radios are out of date." Empty with none.
 */
export function findsBesideWords(finds: readonly Discovery[]): string {
  const near = finds.filter((d) => d.besideListing).sort((a, b) => a.besideListing!.distanceM - b.besideListing!.distanceM);
  if (near.length === 0) return '';
  const first = near[0];
  const which = near.length === 1 ? `a hotspot on its network ${formatDistanceM(first.besideListing!.distanceM)} from where it is listed (BSSID ${first.bssid}, suggested above)`
    : `${near.length} hotspots on its network near where it is listed, the nearest ${formatDistanceM(first.besideListing!.distanceM)} away (BSSID ${first.bssid}, suggested above)`;
  return `Phones hear ${which}: if that is this access point, its entry's place or radios are out of date.`;
}

/** Why a BSSID was left out: "heard across 2.1 km by 5 phones (34 readings), first seen 3 days ago, last seen today; strongest −41 dBm". */
export function heardApartWords(a: HeardApart, now = Date.now()): string {
  return `heard across ${formatDistanceM(a.spanM)} by ${plural(a.devices, 'phone', 'phones')} (${plural(a.readings, 'reading', 'readings')}), first seen ${age(a.firstSeen, now)}, last seen ${age(a.lastSeen, now)}; strongest ${dbm(a.strongestDbm)}`;
}

/** The summary of the left-out BSSIDs: "3 BSSIDs heard in places too far apart for one hotspot: not suggested". */
export function heardApartSummary(total: number): string {
  return `${plural(total, 'BSSID', 'BSSIDs')} heard in places too far apart for one hotspot: not suggested`;
}
