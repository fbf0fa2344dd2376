// What readings suggest about hotspots, for planners to decide: discoveries, and "it still works".
import type * as wire from '../../server/domain/wire';
import { base, fresh, request } from './request';
import type { RegistryEntry } from './access-points';

/** A hotspot phones found: a City SSID heard from a BSSID the registry does not know. */
export type Discovery = wire.Discovery;

/** A City network's BSSID named loudly in places no one hotspot spans (spoofed or moving): not suggested. */
export type HeardApart = wire.HeardApart;

/** The suggestions, and the BSSIDs left out as heard too far apart (the first HEARD_APART_LISTED of heardApartTotal). */
export function getDiscoveries(): Promise<wire.DiscoveryList> {
  return request<wire.DiscoveryList>(`${base}/discoveries`, fresh);
}

/** Into the registry at the estimated position; without a name the server calls it "Discovered hotspot <BSSID>". */
export function acceptDiscovery(bssid: string, name?: string): Promise<RegistryEntry> {
  return request(`${base}/discoveries/${encodeURIComponent(bssid)}/accept`, { method: 'POST', json: name ? { name } : {}, staff: true });
}

export function rejectDiscovery(bssid: string): Promise<wire.RejectedDiscovery> {
  return request(`${base}/discoveries/${encodeURIComponent(bssid)}/reject`, { method: 'POST', json: {}, staff: true });
}
