// A scan lists every network a device heard at one moment and place, one row each. A WiGLE survey writes its
// rows with the scan's time and place (FirstSeen and position); a survey app or sensor posting several rows
// that name BSSIDs with one device, time and place is listing a scan too. Rows sharing those are one scan, so
// the model can tell the loudest network (the place's level) from the rest.
import { SCAN_LISTING_SOURCES, type ObservationSource } from './vocabulary';

export function scanKeyOf(o: { source: string; time: number; lon: number; lat: number; deviceKey: string | null; bssid: string | null }): string | null {
  if (o.source === 'simulated') return null; // never evidence
  // Other sources: a row that names no BSSID, or no device, cannot be told from a repeated reading.
  if (!SCAN_LISTING_SOURCES.includes(o.source as ObservationSource) && !(o.bssid && o.deviceKey)) return null;
  return `${o.deviceKey ?? ''}|${o.time}|${o.lon}|${o.lat}`;
}
