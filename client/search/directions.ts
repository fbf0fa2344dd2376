// A directions link the phone's own map app opens: Apple Maps on iOS, a geo: URI on Android, OpenStreetMap elsewhere.
import type { LngLat } from '../map/map-view';

export type Platform = 'ios' | 'android' | 'other';

export function platformOf(userAgent: string, maxTouchPoints = 0): Platform {
  if (/iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1)) return 'ios'; // iPadOS says "Macintosh"
  if (/Android/.test(userAgent)) return 'android';
  return 'other';
}

const fixed = (n: number) => n.toFixed(6);

export function directionsUrl(platform: Platform, to: LngLat, name: string, from?: LngLat): string {
  const dest = `${fixed(to.lat)},${fixed(to.lon)}`;
  switch (platform) {
    case 'ios':
      return `https://maps.apple.com/?daddr=${dest}&dirflg=w${from ? `&saddr=${fixed(from.lat)},${fixed(from.lon)}` : ''}&q=${encodeURIComponent(name)}`;
    case 'android':
      return `geo:${dest}?q=${dest}(${encodeURIComponent(name)})`;
    default:
      return `https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=${from ? `${fixed(from.lat)},${fixed(from.lon)}` : ''};${dest}`;
  }
}
