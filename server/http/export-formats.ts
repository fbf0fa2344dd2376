// GeoJSON and CSV as text generators: features in, chunks of about 64 KiB out, pulled only as fast
// as the client reads, so an export of a million rows never holds them all in memory.

const CHUNK_CHARS = 64 * 1024; // characters per write: few enough writes to be fast, small enough to stream smoothly

/** An RFC 7946 FeatureCollection: lon/lat, no `crs` member; `name` is a foreign member GDAL uses as the layer name. */
export function* geojsonText(name: string, features: Iterable<GeoJSON.Feature>): Generator<string> {
  let buffer = `{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[`;
  let separator = '\n';
  for (const feature of features) {
    buffer += separator + JSON.stringify(feature);
    separator = ',\n';
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n]}\n`;
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends: `id`, the layer's properties, then the geometry
 * as `lon`,`lat` (points) or `wkt` (polygons), which QGIS, GDAL and spreadsheets all read.
 */
export function* csvText(properties: readonly string[], geometryType: 'Point' | 'Polygon', features: Iterable<GeoJSON.Feature>): Generator<string> {
  const geometryColumns = geometryType === 'Point' ? ['lon', 'lat'] : ['wkt'];
  let buffer = `${['id', ...properties, ...geometryColumns].map(csvValue).join(',')}\r\n`;
  for (const feature of features) {
    const values = [feature.id, ...properties.map((p) => feature.properties?.[p]), ...geometryValues(feature.geometry, geometryType)];
    buffer += `${values.map(csvValue).join(',')}\r\n`;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer;
}

function geometryValues(geometry: GeoJSON.Geometry, geometryType: 'Point' | 'Polygon'): unknown[] {
  if (geometryType === 'Point') return geometry.type === 'Point' ? [geometry.coordinates[0], geometry.coordinates[1]] : [null, null];
  return [wkt(geometry)];
}

const ring = (r: GeoJSON.Position[]) => `(${r.map(([x, y]) => `${x} ${y}`).join(', ')})`;
const polygon = (p: GeoJSON.Position[][]) => `(${p.map(ring).join(', ')})`;

/** Well-known text for the geometries our layers have. */
export function wkt(geometry: GeoJSON.Geometry): string {
  switch (geometry.type) {
    case 'Point':
      return `POINT (${geometry.coordinates[0]} ${geometry.coordinates[1]})`;
    case 'Polygon':
      return `POLYGON ${polygon(geometry.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${geometry.coordinates.map(polygon).join(', ')})`;
    default:
      throw new Error(`no WKT for a ${geometry.type} in this export`);
  }
}

/**
 * One CSV field. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe (OWASP's CSV-injection advice): names and notes come from people.
 */
export function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text: string;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) text = value.join(';');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
