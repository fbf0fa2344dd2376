// Importing access points from CSV or GeoJSON: every row is checked and previewed with its errors
// before anything is written; a commit writes all rows in one transaction, or none.
import { createCsvReader } from '../domain/wigle/csv';
import { fieldErrors, type AccessPointInput, type FieldError, type Schemas } from '../domain/schemas';
import { InvalidInput } from '../domain/errors';
import type { Store } from '../store';
import { storedWithModel } from './model-sync';
import type { Coverage } from './coverage';

export interface ImportRow {
  row: number; // 1-based data row (CSV: excluding the header; GeoJSON: feature index + 1)
  ok: boolean;
  errors: FieldError[];
  accessPoint: AccessPointInput | null;
}

// Header names people use for each field, lower-cased; the first that matches wins.
const ALIASES: Record<string, string[]> = {
  lon: ['lon', 'lng', 'long', 'longitude', 'x'],
  lat: ['lat', 'latitude', 'y'],
  name: ['name'], ssid: ['ssid'], bssids: ['bssids', 'bssid'], operator: ['operator'], venue: ['venue', 'category'],
  address: ['address'], environment: ['environment'], indoor: ['indoor'], status: ['status'], eirpDbm: ['eirpdbm', 'eirp_dbm', 'eirp'], band: ['band'],
  rangeOverrideM: ['rangeoverridem', 'range_override_m', 'range_m'], confidence: ['confidence'], source: ['source'],
};
const NUMBERS = new Set(['lon', 'lat', 'eirpDbm', 'rangeOverrideM']);

/** A CSV cell as the JSON value the schema expects; empty cells are left out (defaults apply). */
function cellValue(field: string, text: string): unknown {
  const t = text.trim();
  if (NUMBERS.has(field)) return t === '' ? undefined : Number(t);
  if (field === 'environment') return t === '' ? undefined : t.toLowerCase().replace(/[\s-]+/g, '_'); // "Outdoor open" → outdoor_open
  if (field === 'indoor') return t === '' ? undefined : /^(true|yes|1|indoor)$/i.test(t) ? true : /^(false|no|0|outdoor)$/i.test(t) ? false : t;
  if (field === 'bssids') return t === '' ? undefined : t.split(/[;|\s]+/).filter(Boolean);
  return t === '' ? undefined : t;
}

function csvObjects(content: string): { objects: Record<string, unknown>[]; problems: FieldError[] } {
  const reader = createCsvReader();
  const records = [...reader.push(content), ...reader.end()];
  if (records.length === 0) return { objects: [], problems: [{ path: 'content', message: 'the file is empty' }] };
  const header = records[0].fields.map((h) => h.trim().toLowerCase().replace(/^\ufeff/, ''));
  const columns = Object.entries(ALIASES).flatMap(([field, names]) => {
    const index = header.findIndex((h) => names.includes(h));
    return index >= 0 ? [{ field, index }] : [];
  });
  const missing = ['name', 'lon', 'lat'].filter((f) => !columns.some((c) => c.field === f));
  if (missing.length) return { objects: [], problems: [{ path: 'content', message: `the header needs columns for ${missing.join(', ')} (found: ${header.join(', ')})` }] };
  const objects = records.slice(1).map((r) => Object.fromEntries(columns.map(({ field, index }) => [field, cellValue(field, r.fields[index] ?? '')]).filter(([, v]) => v !== undefined)));
  return { objects, problems: [] };
}

function geojsonObjects(content: string): { objects: Record<string, unknown>[]; problems: FieldError[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { objects: [], problems: [{ path: 'content', message: 'not valid JSON' }] };
  }
  const fc = parsed as { type?: string; features?: { geometry?: { type?: string; coordinates?: unknown[] }; properties?: Record<string, unknown> }[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return { objects: [], problems: [{ path: 'content', message: 'expected a GeoJSON FeatureCollection' }] };
  const known = new Set(Object.keys(ALIASES));
  return {
    objects: fc.features.map((f) => {
      const props = Object.fromEntries(Object.entries(f?.properties ?? {}).filter(([k]) => known.has(k)));
      const [lon, lat] = f?.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : [undefined, undefined];
      return { ...props, lon, lat };
    }),
    problems: [],
  };
}

export const IMPORT_MAX_ROWS = 5_000; // rows: far more than the City's registry will ever hold

export function previewImport(schemas: Schemas, format: 'csv' | 'geojson', content: string): { rows: ImportRow[]; problems: FieldError[] } {
  const { objects, problems } = format === 'csv' ? csvObjects(content) : geojsonObjects(content);
  if (objects.length > IMPORT_MAX_ROWS) return { rows: [], problems: [{ path: 'content', message: `at most ${IMPORT_MAX_ROWS} rows per import; this file has ${objects.length}` }] };
  const rows = objects.map((object, i): ImportRow => {
    const result = schemas.accessPointCreate.safeParse(object);
    return result.success
      ? { row: i + 1, ok: true, errors: [], accessPoint: result.data }
      : { row: i + 1, ok: false, errors: fieldErrors(result.error), accessPoint: null };
  });
  return { rows, problems };
}

/** Stores every row and tells the model, as one: if the model refuses the new registry, nothing is imported. */
export function commitImport(store: Store, coverage: Pick<Coverage, 'registryChanged'>, rows: ImportRow[], userId: number, now: Date): number[] {
  const bad = rows.filter((r) => !r.ok);
  if (bad.length) throw new InvalidInput(bad.flatMap((r) => r.errors.map((e) => ({ path: `rows.${r.row}.${e.path}`, message: e.message }))), 'Some rows are invalid; nothing was imported');
  const insert = () =>
    rows.map((r) => {
      const id = store.accessPoints.insert(r.accessPoint!, now.toISOString())!;
      store.audit.record(now.toISOString(), userId, 'access_point.import', 'access_point', id, { after: r.accessPoint, row: r.row });
      return id;
    });
  return storedWithModel(store, insert, () => coverage.registryChanged());
}
