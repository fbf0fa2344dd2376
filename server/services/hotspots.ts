// Planners decide what the readings suggest about hotspots: a discovered hotspot (an unregistered BSSID of a
// City SSID heard by several phones) is accepted into the registry or rejected; an AP flagged "probably
// down" is confirmed working (or marked down through the registry as usual). Every decision is audited.
import { NotFound } from '../domain/errors';
import { HEARD_APART_LISTED } from '../domain/wire';
import type { Schemas } from '../domain/schemas';
import type { AccessPoint } from '../domain/types';
import type { Store } from '../store';
import type { Coverage } from './coverage';
import { insertAccessPoint } from './access-points';
import { storedWithModel } from './model-sync';

export interface DiscoveryView {
  id: string; // the BSSID: stable while readings come in
  bssid: string;
  ssid: string | null;
  position: [number, number]; // estimated from the readings
  positionWithinM: number; // … and how far off it may be (about 9 cases of 10)
  readings: number;
  devices: number;
  strongestDbm: number;
  estimatedReachM: number; // at the covered threshold
  firstSeen: string;
  lastSeen: string;
  status: 'pending';
  onPublicMap: boolean; // heard by enough phones to be drawn on the public map; fewer: for planners only
  besideListing: { id: number; name: string | null; distanceM: number; listsBssids: boolean } | null; // the listing of its SSID nearest it, within 100 m: it may be that AP's radio
}

export function listDiscoveries(coverage: Coverage): { discoveries: DiscoveryView[]; heardApart: ReturnType<Coverage['heardApart']>; heardApartTotal: number } {
  coverage.refresh();
  const apart = coverage.heardApart();
  return { discoveries: coverage.discoveries(), heardApart: apart.slice(0, HEARD_APART_LISTED), heardApartTotal: apart.length };
}

export function acceptDiscovery(store: Store, schemas: Schemas, coverage: Coverage, bssid: string, name: string | undefined, userId: number, now: Date): AccessPoint {
  const found = coverage.discoveries().find((d) => d.bssid === bssid.toLowerCase());
  if (!found) throw new NotFound('discovered hotspot', bssid);
  const input = schemas.accessPointCreate.parse({
    name: name ?? `Discovered hotspot ${found.bssid}`, ssid: found.ssid, bssids: [found.bssid], lon: found.position[0], lat: found.position[1],
    confidence: 'measured', source: `Discovered from ${found.readings} readings by ${found.devices} phones (${found.firstSeen.slice(0, 10)} – ${found.lastSeen.slice(0, 10)})`,
  });
  return storedWithModel(store, () => {
    const created = insertAccessPoint(store, input, userId, now);
    store.hotspotDecisions.record(`bssid:${found.bssid}`, 'accepted', created.id, userId, now.toISOString());
    return created;
  }, () => coverage.registryChanged());
}

export function rejectDiscovery(store: Store, coverage: Coverage, bssid: string, userId: number, now: Date): { bssid: string; status: 'rejected' } {
  const b = bssid.toLowerCase();
  if (!coverage.discoveries().some((d) => d.bssid === b)) throw new NotFound('discovered hotspot', bssid);
  storedWithModel(store, () => {
    store.hotspotDecisions.record(`bssid:${b}`, 'rejected', null, userId, now.toISOString());
    store.audit.record(now.toISOString(), userId, 'discovery.reject', 'bssid', b, null);
  }, () => coverage.decisionsChanged());
  return { bssid: b, status: 'rejected' };
}

/** "It works": readings that said otherwise before now no longer flag it (for a while, see verifiedDays). */
export function confirmWorking(store: Store, coverage: Coverage, id: number, userId: number, now: Date): AccessPoint {
  const ap = store.accessPoints.get(id);
  if (!ap) throw new NotFound('access point', id);
  storedWithModel(store, () => {
    store.hotspotDecisions.record(`ap:${id}`, 'works', id, userId, now.toISOString());
    store.audit.record(now.toISOString(), userId, 'access_point.works', 'access_point', id, null);
  }, () => coverage.decisionsChanged());
  return ap;
}
