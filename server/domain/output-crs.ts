// The coordinate reference systems the OGC API offers (Features Part 2): CRS84, the native lon/lat of
// every layer, and three projected ones GIS teams around Kitchener work in. Each projected CRS here
// has easting, northing axis order (as EPSG defines them), so no axis swap is needed.
import proj4 from 'proj4';
import type { BBox } from './types';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

/** proj4 definitions, as `gdalsrsinfo -o proj4 EPSG:n` prints them (NAD83 is WGS84 to within a metre or two, as PROJ's default). */
const PROJECTED: Record<string, { code: number; title: string; proj4: string }> = {
  [epsg(3857)]: { code: 3857, title: 'WGS 84 / Pseudo-Mercator (web maps)', proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs' },
  [epsg(26917)]: { code: 26917, title: 'NAD83 / UTM zone 17N', proj4: '+proj=utm +zone=17 +datum=NAD83 +units=m +no_defs' },
  [epsg(2952)]: { code: 2952, title: 'NAD83(CSRS) / MTM zone 10 (Ontario)', proj4: '+proj=tmerc +lat_0=0 +lon_0=-79.5 +k=0.9999 +x_0=304800 +y_0=0 +ellps=GRS80 +units=m +no_defs' },
};

/** Every CRS offered, CRS84 first (the storage CRS). */
export const OUTPUT_CRS: readonly string[] = [CRS84, ...Object.keys(PROJECTED)];

/** A CRS URI, or the short forms clients write (EPSG:26917, OGC:CRS84), as the URI; undefined if not offered. */
export function crsUri(text: string): string | undefined {
  const short = /^EPSG:(\d+)$/i.exec(text.trim());
  const uri = short ? epsg(Number(short[1])) : /^(OGC:)?CRS84$/i.test(text.trim()) ? CRS84 : text.trim().replace(/^https:/, 'http:');
  return OUTPUT_CRS.includes(uri) ? uri : undefined;
}

export const crsTitle = (uri: string) => (uri === CRS84 ? 'WGS 84 longitude, latitude (CRS84)' : PROJECTED[uri].title);

const converters = new Map<string, proj4.Converter>();
function converter(uri: string): proj4.Converter {
  let c = converters.get(uri);
  if (!c) converters.set(uri, (c = proj4('WGS84', PROJECTED[uri].proj4)));
  return c;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A lon/lat position in the CRS: metres to the millimetre, or unchanged for CRS84. */
export function project(uri: string, position: readonly number[]): number[] {
  if (uri === CRS84) return [...position];
  const [x, y] = converter(uri).forward([position[0], position[1]]);
  return [round(x, 3), round(y, 3)];
}

/** A position in the CRS back to lon/lat. */
export function unproject(uri: string, position: readonly number[]): [number, number] {
  if (uri === CRS84) return [position[0], position[1]];
  const [lon, lat] = converter(uri).inverse([position[0], position[1]]);
  return [lon, lat];
}

/** A geometry in the CRS. */
export function projectGeometry<G extends GeoJSON.Geometry>(uri: string, geometry: G): G {
  if (uri === CRS84) return geometry;
  const map = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? project(uri, c as number[]) : (c as unknown[]).map(map));
  if (geometry.type === 'GeometryCollection') return { ...geometry, geometries: geometry.geometries.map((g) => projectGeometry(uri, g)) };
  return { ...geometry, coordinates: map((geometry as GeoJSON.Point).coordinates) } as G;
}

const EDGE_STEPS = 16; // points per side when a projected box is brought to lon/lat: its sides curve there

/**
 * A box given in the CRS (bbox-crs) as a lon/lat polygon, its sides densified, and that polygon's
 * lon/lat envelope, which the indexes filter by before the polygon test.
 */
export function boxToLonLat(uri: string, [minX, minY, maxX, maxY]: BBox): { polygon: GeoJSON.Polygon; envelope: BBox } {
  const ring: [number, number][] = [];
  const side = (x0: number, y0: number, x1: number, y1: number) => {
    for (let i = 0; i < EDGE_STEPS; i++) ring.push(unproject(uri, [x0 + ((x1 - x0) * i) / EDGE_STEPS, y0 + ((y1 - y0) * i) / EDGE_STEPS]));
  };
  side(minX, minY, maxX, minY);
  side(maxX, minY, maxX, maxY);
  side(maxX, maxY, minX, maxY);
  side(minX, maxY, minX, minY);
  ring.push(ring[0]);
  const lons = ring.map((p) => p[0]), lats = ring.map((p) => p[1]);
  return { polygon: { type: 'Polygon', coordinates: [ring] }, envelope: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] };
}
