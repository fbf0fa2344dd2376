// The OpenAPI paths of files in and out: layer exports (GeoJSON, CSV) and WiGLE CSV imports.
import { LAYERS } from './layers';
import { UPLOAD_MAX_BYTES } from '../domain/wigle/limits';
import { DROP_REASONS } from '../domain/wigle/matcher';
import * as wire from '../domain/wire';
import { ok, problem, ref } from './openapi-parts';
const query = (name: string, description: string, example?: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description, ...(example && { example }) });
const staffOrVolunteer = [{ session: [] }, { token: [] }];

export const filePaths = {
  '/exports': { get: { summary: 'The layers that can be exported, with their download URLs', responses: { 200: ok('list of exports', wire.exportList) } } },
  '/exports/{file}': {
    get: {
      summary: 'Download a layer as RFC 7946 GeoJSON or CSV, streamed (X-Feature-Count says how many features follow); a client that reads nothing for EXPORT_STALL_TIMEOUT_MS (30 s) is cut off',
      description: `Layers: ${LAYERS.map((l) => `${l.id}${l.access === 'staff' ? ' (planners and admins)' : ''}`).join(', ')}. CSV has id, the properties, then lon,lat (points) or wkt (polygons). Public observations are 25 m cell aggregates; observations-raw has one row per observation and no device identifiers.`,
      parameters: [
        { name: 'file', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9-]+\\.(geojson|csv)$' }, example: 'access-points.geojson' },
        query('bbox', 'minLon,minLat,maxLon,maxLat (WGS84)', '-80.50,43.44,-80.47,43.46'),
        query('since', 'ISO time or date: features from this time (timeless layers ignore it)'),
        query('until', 'ISO time or date: features up to this time, inclusive'),
        query('ward', 'ward-1 … ward-10 (or the number): features inside the ward'),
      ],
      responses: {
        200: { description: 'the file, as an attachment', content: { 'application/geo+json': { schema: ref(wire.anyFeatureCollection) }, 'text/csv': { schema: { type: 'string' } } } },
        400: problem('invalid filter, each with its path'),
        401: problem('a staff layer, not signed in'),
        403: problem('a staff layer, wrong role'),
        404: problem('no such layer or format'),
        429: problem('anonymous: too many downloads, or read budget spent (Retry-After)'),
        503: problem('anonymous: the large-read slots are all busy (Retry-After)'),
      },
    },
  },
  '/imports/wigle': {
    post: {
      summary: `Upload a WiGLE CSV file (1.4 or 1.6; raw body, optionally gzipped; at most ${UPLOAD_MAX_BYTES / 1024 / 1024} MB). Planners, admins and volunteers (API token).`,
      description: `Only sightings of registered free networks are kept (BSSID, or SSID near a registered access point of that name); every other row is counted by reason (${DROP_REASONS.join(', ')}) and dropped without being stored. Re-importing a file adds nothing twice.`,
      security: staffOrVolunteer,
      requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } }, 'application/gzip': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        201: ok('the import summary: rows read, kept, stored, already stored, dropped by reason', wire.wigleImportSummary),
        400: problem('not WiGLE CSV, or corrupt gzip'),
        401: problem('not signed in'),
        403: problem('wrong role or CSRF token'),
        413: problem('too large'),
        415: problem('not text/csv or application/gzip'),
      },
    },
  },
};
