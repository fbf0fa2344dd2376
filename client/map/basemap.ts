// The embedded street basemap (data/basemap, served under /api/v1/basemap): one description of its
// files, colours and zooms, drawn by both adapters so MapLibre and Leaflet show the same streets.

export const basemapUrls = {
  arterials: '/api/v1/basemap/arterials.geojson', // GRT routes: the main roads, and the ION line
  streets: '/api/v1/basemap/streets.geojson', // local streets traced from address points
  labels: '/api/v1/basemap/street-labels.geojson', // street names, rotated along the street
  glyphs: '/api/v1/basemap/glyphs/{fontstack}/{range}.pbf',
} as const;

export const labelFont = 'DejaVu Sans Book'; // generated at derive time from Debian's DejaVu: labels need no font server

/** Short enough for a phone; the full licence lines are in data/README.md. */
export const basemapCredit = 'Open data: City of Kitchener, Region of Waterloo (GRT), Statistics Canada ODA (OGL)';

/** Quiet colours: white streets on the light ground, grey names, nothing that competes with the Wi-Fi blue. */
export const basemapStyle = {
  streetCasing: '#cfd3cc',
  street: '#ffffff',
  arterialCasing: '#b9bdb4',
  arterial: '#fbfaf3',
  ion: '#4b4f56', // ION light rail: a dark rail line with white ties, unlike any road
  label: '#4a535b',
  labelHalo: '#ffffff',
  placeLabel: '#3f4850',
} as const;

/** Widths in CSS pixels by MapLibre zoom, interpolated linearly between stops. */
export const streetWidth: [zoom: number, px: number][] = [[12, 0.6], [14, 2], [16, 7], [18, 18]];
export const arterialWidth: [zoom: number, px: number][] = [[10, 1], [13, 2.5], [16, 9], [18, 22]];
export const frequentTrips = 2000; // a route with this many trips in the feed period is drawn a third wider (main corridors)
export const streetsMinZoom = 12; // below this the traced streets are a grey blur
export const labelMinZoom = { main: 14, other: 15.5 }; // long, built-up streets are named first
export const placeLabelMinZoom = 15.5; // place names under their dots from here: below it they would crowd out the street names
export const mainStreetRank = 60; // address points behind a label that make it a "main" street

export function widthAt(stops: [number, number][], zoom: number): number {
  if (zoom <= stops[0][0]) return stops[0][1];
  for (let i = 1; i < stops.length; i++) {
    const [z1, w1] = stops[i];
    const [z0, w0] = stops[i - 1];
    if (zoom <= z1) return w0 + ((w1 - w0) * (zoom - z0)) / (z1 - z0);
  }
  return stops[stops.length - 1][1];
}

export interface ArterialProps {
  route: string;
  name: string;
  mode: 'bus' | 'light_rail';
  trips: number;
}

export interface StreetLabelProps {
  name: string;
  rotate: number; // clockwise degrees
  rank: number;
}
