// A survey scan writes one row per network heard, all with the scan's time and place (WiGLE's FirstSeen and
// position): rows of one uploader sharing those are one scan, so the model can tell the loudest from the rest.
import { SCAN_LISTING_SOURCES, type ObservationSource } from './vocabulary';

export function scanKeyOf(o: { source: string; time: number; lon: number; lat: number; deviceKey: string | null }): string | null {
  if (!SCAN_LISTING_SOURCES.includes(o.source as ObservationSource)) return null;
  return `${o.deviceKey ?? ''}|${o.time}|${o.lon}|${o.lat}`;
}
