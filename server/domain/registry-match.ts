// Which registered access point a reading heard, decided by the server, never taken on the client's word:
// a BSSID names one AP exactly; an SSID alone names the nearest AP broadcasting it within reach of a phone;
// a client's own accessPointId is kept only when that AP is within the same reach of the reading.
import { distanceM } from './distance';
import type { LonLat } from './types';
import type { RegisteredNetwork } from './wigle/matcher';
import { WIGLE_RULES } from './wigle/matcher';

export const MATCH_RADIUS_M = WIGLE_RULES.ssidRadiusM; // m: one rule for uploads and the API: farther than this, a same-named network is another one

export interface ReadingIdentity {
  position: LonLat;
  ssid?: string | null;
  bssid?: string | null;
  accessPointId?: number | null; // what the client claims
}

export type RegistryMatcher = (reading: ReadingIdentity) => number | null;

/** A matcher over the registry as it is now (build it again when the registry changes). */
export function registryMatcher(registry: readonly RegisteredNetwork[]): RegistryMatcher {
  const byBssid = new Map<string, number>();
  const bySsid = new Map<string, RegisteredNetwork[]>();
  const byId = new Map<number, RegisteredNetwork>();
  for (const ap of registry) {
    if (ap.status === 'retired') continue;
    byId.set(ap.id, ap);
    for (const b of ap.bssids) byBssid.set(b.toLowerCase(), ap.id);
    if (ap.ssid) {
      const list = bySsid.get(ap.ssid);
      if (list) list.push(ap);
      else bySsid.set(ap.ssid, [ap]);
    }
  }
  return (r) => {
    if (r.bssid) return byBssid.get(r.bssid.toLowerCase()) ?? null; // a BSSID nobody registered is no match here: the engine takes it as a BSSID-less AP's own radio (learnEmitters) or a hotspot to discover
    if (r.ssid) {
      let best: number | null = null, bestD = MATCH_RADIUS_M;
      for (const ap of bySsid.get(r.ssid) ?? []) {
        const d = distanceM(ap.position, r.position);
        if (d <= bestD) [best, bestD] = [ap.id, d];
      }
      return best;
    }
    if (r.accessPointId != null) {
      const ap = byId.get(r.accessPointId);
      return ap && distanceM(ap.position, r.position) <= MATCH_RADIUS_M ? ap.id : null;
    }
    return null;
  };
}
