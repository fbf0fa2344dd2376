// The embedded street basemap on Leaflet: streets, arterials and the ION line on the shared canvas;
// street names as rotated DOM labels, only those in view at street zoom, greedily kept apart.
import L from 'leaflet';
import type { Feature, FeatureCollection, MultiLineString, Point } from 'geojson';
import { arterialWidth, basemapStyle, basemapUrls, frequentTrips, labelMinZoom, mainStreetRank, streetsMinZoom, streetWidth, widthAt, type ArterialProps, type StreetLabelProps } from './basemap';

type Pass = 'street-casing' | 'arterial-casing' | 'street' | 'arterial' | 'ion';
type LineProps = { pass: Pass; trips: number };

const maxLabels = 120; // DOM labels on screen at once: more than a phone shows legibly, few enough to rebuild on every move
const labelCharPx = 6.6; // average width of a DejaVu Sans character at 11–12 px, for the collision boxes

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Loads the basemap; resolves to the line group (to stack on the canvas) and `drawNames`, which the view calls
 * after each move with the boxes its own labels (place names) hold, so street names keep clear of them as
 * MapLibre's symbol collision does.
 */
export async function loadLeafletBasemap(map: L.Map, zoom: () => number): Promise<{ lines: L.GeoJSON; restyle(): void; drawNames(reserved: readonly L.Bounds[]): void }> {
  const [streets, arterials, labels] = await Promise.all([
    fetchJson<FeatureCollection<MultiLineString, { name: string }>>(basemapUrls.streets),
    fetchJson<FeatureCollection<MultiLineString, ArterialProps>>(basemapUrls.arterials),
    fetchJson<FeatureCollection<Point, StreetLabelProps>>(basemapUrls.labels),
  ]);
  const withPass = (features: Feature<MultiLineString, unknown>[], pass: Pass, trips: (f: Feature<MultiLineString, unknown>) => number) =>
    features.map((f): Feature<MultiLineString, LineProps> => ({ type: 'Feature', geometry: f.geometry, properties: { pass, trips: trips(f) } }));
  const bus = arterials.features.filter((f) => f.properties.mode === 'bus');
  const ion = arterials.features.filter((f) => f.properties.mode === 'light_rail');
  const tripsOf = (f: Feature<MultiLineString, unknown>) => (f.properties as ArterialProps).trips;
  const lines: FeatureCollection<MultiLineString, LineProps> = {
    type: 'FeatureCollection',
    features: [
      ...withPass(streets.features, 'street-casing', () => 0),
      ...withPass(bus, 'arterial-casing', tripsOf),
      ...withPass(streets.features, 'street', () => 0),
      ...withPass(bus, 'arterial', tripsOf),
      ...withPass(ion, 'ion', tripsOf),
    ],
  };
  const style = (feature?: Feature): L.PathOptions => {
    const p = feature?.properties as LineProps;
    const z = zoom();
    const wide = p.trips >= frequentTrips ? 1.35 : 1;
    switch (p.pass) {
      case 'street-casing':
        return z < streetsMinZoom + 1 ? { opacity: 0, weight: 0 } : { color: basemapStyle.streetCasing, weight: widthAt(streetWidth, z) + 1.5, opacity: 1 };
      case 'street':
        return z < streetsMinZoom ? { opacity: 0, weight: 0 } : { color: z < streetsMinZoom + 1 ? basemapStyle.streetCasing : basemapStyle.street, weight: widthAt(streetWidth, z), opacity: 1 };
      case 'arterial-casing':
        return { color: basemapStyle.arterialCasing, weight: wide * (widthAt(arterialWidth, z) + 1.5), opacity: 1 };
      case 'arterial':
        return { color: basemapStyle.arterial, weight: wide * widthAt(arterialWidth, z), opacity: 1 };
      case 'ion':
        return { color: basemapStyle.ion, weight: widthAt([[10, 2], [14, 3], [17, 5]], z), opacity: 1 };
    }
  };
  const group = L.geoJSON(lines, { interactive: false, style: style as L.StyleFunction });

  // Street names: rebuilt after each move from the labels in view, busiest streets first, clear of `reserved`.
  const names = L.layerGroup().addTo(map);
  const drawNames = (reserved: readonly L.Bounds[]) => {
    names.clearLayers();
    const z = zoom();
    if (z < labelMinZoom.main) return;
    const bounds = map.getBounds().pad(0.1);
    const taken: L.Bounds[] = [...reserved];
    let drawn = 0;
    for (const f of labels.features) {
      if (drawn >= maxLabels) break;
      const p = f.properties;
      if (p.rank < mainStreetRank && z < labelMinZoom.other) continue;
      const at = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      if (!bounds.contains(at)) continue;
      const centre = map.latLngToContainerPoint(at);
      const half = (p.name.length * labelCharPx) / 2;
      const rad = (p.rotate * Math.PI) / 180;
      const dx = Math.abs(Math.cos(rad)) * half + 7;
      const dy = Math.abs(Math.sin(rad)) * half + 7;
      const box = L.bounds(L.point(centre.x - dx, centre.y - dy), L.point(centre.x + dx, centre.y + dy));
      if (taken.some((b) => b.intersects(box))) continue;
      taken.push(box);
      drawn++;
      const html = document.createElement('span');
      html.className = 'street-label';
      html.textContent = p.name;
      html.style.transform = `translate(-50%, -50%) rotate(${p.rotate}deg)`;
      names.addLayer(L.marker(at, { icon: L.divIcon({ html, className: 'street-label-icon', iconSize: [0, 0] }), interactive: false, keyboard: false }));
    }
  };
  return { lines: group, restyle: () => group.setStyle(style as L.StyleFunction), drawNames };
}
