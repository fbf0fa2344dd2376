// Which registered free networks are near a spot, and whether one that should reach it is down.
import { distance } from '@turf/turf';
import type { AccessPointCollection, AccessPointProps } from '../api';
import type { LngLat } from '../map/map-view';

export const networkChoiceRadiusM = 300; // m: farther than any free network's reach, so "the one I tried" is in the list
export const pinToleranceM = 25; // m: a tapped pin or a phone fix is good to about one public grid cell

export interface NearbyAccessPoint {
  properties: AccessPointProps;
  at: LngLat;
  distanceM: number;
}

export function distanceM(a: LngLat, b: LngLat): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

/** Every access point by distance from `at`, nearest first. */
export function byDistance(accessPoints: AccessPointCollection | null, at: LngLat): NearbyAccessPoint[] {
  if (!accessPoints) return [];
  return accessPoints.features
    .map((f) => {
      const position = { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] };
      return { properties: f.properties, at: position, distanceM: distanceM(at, position) };
    })
    .sort((a, b) => a.distanceM - b.distanceM);
}

/** Networks a person could have tried or be on: working or broken ones, not planned or retired. */
export function networksNear(accessPoints: AccessPointCollection | null, at: LngLat, radiusM = networkChoiceRadiusM): NearbyAccessPoint[] {
  return byDistance(accessPoints, at).filter((a) => a.distanceM <= radiusM && (a.properties.status === 'active' || a.properties.status === 'down'));
}

/** Whether the spot `a` was measured from lies within the access point's predicted reach, give or take `slackM`. */
export function withinReach(a: NearbyAccessPoint, slackM = 0): boolean {
  return a.distanceM <= (a.properties.reachM || 0) + slackM;
}

/** Access points marked down whose reach (plus the pin's tolerance) covers `at`. */
export function downHotspotsAt(accessPoints: AccessPointCollection | null, at: LngLat): NearbyAccessPoint[] {
  return byDistance(accessPoints, at).filter((a) => a.properties.status === 'down' && withinReach(a, pinToleranceM));
}

/** "KitchenerWiFi at Victoria Park", or the venue's name when the network's name is not recorded. */
export function networkLabel(ap: AccessPointProps): string {
  return ap.ssid?.trim() ? `${ap.ssid} at ${ap.name}` : ap.name;
}
