// Query parameters of the layer endpoints (OGC API – Features items, exports): loose strings in,
// one strict LayerQuery out, every problem listed with its path.
import { z } from 'zod';
import type { BBox } from './types';
import { CRS84, OUTPUT_CRS, crsUri } from './output-crs';
import { DAY_MS } from './time';

export const ITEMS_LIMIT_DEFAULT = 10; // features per page when the client names none: the OGC API – Features example default
export const ITEMS_LIMIT_MAX = 10_000; // features per page at most: ~5 MB of GeoJSON, one page GDAL or a phone parses in well under a second
export const ITEMS_LIMIT_ANONYMOUS_MAX = 1_000; // features per page for anonymous callers: a 10,000-feature page holds the event loop ~0.3 s, 1,000 ~30 ms

/** A closed, half-open or open time range; each end an ISO instant, inclusive; absent means open. */
export interface TimeRange {
  since?: string;
  until?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateTime = z.iso.datetime({ offset: true });

/** One end of a range as an ISO instant: a bare date covers its whole (UTC) day. */
function instant(text: string, end: 'start' | 'end'): string | undefined {
  if (DATE.test(text)) {
    const t = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== text) return undefined; // 2026-02-30
    return new Date(end === 'start' ? t : t + DAY_MS - 1).toISOString();
  }
  return dateTime.safeParse(text).success ? new Date(text).toISOString() : undefined;
}

/**
 * OGC API – Features `datetime`: an instant (`2026-05-01T12:00:00Z` or a date), a closed interval
 * `start/end`, or a half-open one with `..` or an empty end (`../end`, `start/..`).
 */
export function parseDatetime(text: string): TimeRange | string {
  const parts = text.split('/');
  if (parts.length > 2) return `"${text}" has more than one "/": give an instant or start/end`;
  if (parts.length === 1) {
    const [since, until] = [instant(text, 'start'), instant(text, 'end')];
    return since && until ? { since, until } : `"${text}" is not an RFC 3339 date-time with a zone, e.g. 2026-05-01T12:00:00Z`;
  }
  const open = (p: string) => p === '..' || p === '';
  const range: TimeRange = {};
  for (const [i, part] of parts.entries()) {
    if (open(part)) continue;
    const value = instant(part, i === 0 ? 'start' : 'end');
    if (!value) return `"${part}" is not an RFC 3339 date-time with a zone, nor ".." for an open end`;
    range[i === 0 ? 'since' : 'until'] = value;
  }
  if (range.since && range.until && range.since > range.until) return `the interval "${text}" ends before it starts`;
  return range;
}

/** 4 numbers, or 6 with heights (ignored: heights say nothing about a 2D map), in order min, min, max, max. */
function boxNumbers(s: string): BBox | undefined {
  const parts = s.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  const [minX, minY, maxX, maxY] = parts.length === 6 ? [parts[0], parts[1], parts[3], parts[4]] : parts;
  const ok = (parts.length === 4 || parts.length === 6) && parts.every(Number.isFinite) && minX <= maxX && minY <= maxY;
  return ok ? [minX, minY, maxX, maxY] : undefined;
}

const inDegrees = ([minLon, minLat, maxLon, maxLat]: BBox) => minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90;

const bbox = z.string().transform((s, ctx): BBox => {
  const box = boxNumbers(s);
  if (!box || !inDegrees(box)) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not minLon,minLat,maxLon,maxLat in degrees (CRS84) with min ≤ max` });
    return z.NEVER;
  }
  return box;
});

/** An OGC bbox in any offered CRS: degrees are checked once bbox-crs is known. */
const anyBox = z.string().transform((s, ctx): BBox => {
  const box = boxNumbers(s);
  if (!box) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not minX,minY,maxX,maxY (4 numbers, or 6 with heights) with min ≤ max` });
    return z.NEVER;
  }
  return box;
});

const crs = z.string().transform((s, ctx) => {
  const uri = crsUri(s);
  if (!uri) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not offered: use one of ${OUTPUT_CRS.join(', ')}` });
    return z.NEVER;
  }
  return uri;
});

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const nameList = (what: string) => z.string().transform((s, ctx) => {
  const names = s.split(',').map((n) => n.trim());
  const bad = names.filter((n) => !PROPERTY_NAME.test(n.replace(/^[+-]/, '')));
  if (bad.length) {
    ctx.addIssue({ code: 'custom', message: `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what}` });
    return z.NEVER;
  }
  return [...new Set(names)]; // a name twice is the same as once, and would cost its work again for every feature
});

/** sortby=+name,-rank: each a property, ascending unless it starts with "-"; a property's later mentions change no order. */
const sortby = nameList('a property name, optionally with + or - before it').transform((names) => {
  const seen = new Set<string>();
  return names.map((n) => ({ name: n.replace(/^[+-]/, ''), descending: n.startsWith('-') })).filter((k) => !seen.has(k.name) && seen.add(k.name));
});

const datetime = z.string().transform((s, ctx): TimeRange => {
  const range = parseDatetime(s);
  if (typeof range === 'string') {
    ctx.addIssue({ code: 'custom', message: range });
    return z.NEVER;
  }
  return range;
});

/** `f=json` (GeoJSON for features) or `f=html`; without f, the Accept header chooses. */
const format = z.enum(['json', 'geojson', 'html'], { error: 'use f=json or f=html, or leave f out' }).optional();

const limit = z.coerce
  .number({ error: 'must be a whole number of features' })
  .int('must be a whole number of features')
  .min(1, 'must be at least 1')
  .transform((n) => Math.min(n, ITEMS_LIMIT_MAX)) // clamped, not refused: OGC API – Features /req/core/query-param-limit-response
  .default(ITEMS_LIMIT_DEFAULT);
const offset = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').default(0);

const time = (name: string) =>
  z.string().transform((s, ctx) => {
    const value = instant(s, name === 'since' ? 'start' : 'end');
    if (!value) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not an ISO 8601 time with a zone (or a date)` });
      return z.NEVER;
    }
    return value;
  });

/** A ward by its area id (`ward-3`) or its number (`3`). */
export const wardAreaId = z
  .string()
  .regex(/^(ward-)?\d{1,2}$/, 'must be a ward id such as ward-3, or its number')
  .transform((s) => (s.startsWith('ward-') ? s : `ward-${s}`));

/** Keyset cursor from a `next` link: a feature id (digits) or a cell id (row_col). */
const after = z.string().regex(/^(\d{1,15}|-?\d{1,9}_-?\d{1,9})$/, 'must be the cursor from a next link: a feature id').optional();

export const ogcQueries = {
  /** Landing page, conformance, collections, one feature: only `f`. */
  plain: z.strictObject({ f: format }),
  /** One feature: the format, the output CRS and the properties to include. */
  feature: z.strictObject({ f: format, crs: crs.optional(), properties: nameList('a property name').optional() }),
  items: z
    .strictObject({
      f: format, limit, offset, after, bbox: anyBox.optional(), 'bbox-crs': crs.optional(), crs: crs.optional(), datetime: datetime.optional(),
      filter: z.string().min(1, 'must be a CQL2 text expression').optional(),
      'filter-lang': z.enum(['cql2-text'], { error: 'only cql2-text is offered' }).optional(),
      'filter-crs': crs.optional(), // filters compare properties, not geometries: accepted, changes nothing
      sortby: sortby.optional(), properties: nameList('a property name').optional(),
    })
    .superRefine((q, ctx) => {
      if (q.bbox && (q['bbox-crs'] ?? CRS84) === CRS84 && !inDegrees(q.bbox))
        ctx.addIssue({ code: 'custom', path: ['bbox'], message: `${q.bbox.join(',')} is not minLon,minLat,maxLon,maxLat in degrees (CRS84): give bbox-crs for a box in another CRS` });
      if (q['bbox-crs'] && !q.bbox) ctx.addIssue({ code: 'custom', path: ['bbox-crs'], message: 'says the CRS of bbox, which is missing' });
    }),
};

export const exportQuery = z
  .strictObject({ bbox: bbox.optional(), since: time('since').optional(), until: time('until').optional(), ward: wardAreaId.optional() })
  .superRefine((q, ctx) => {
    if (q.since && q.until && q.since > q.until) ctx.addIssue({ code: 'custom', path: ['until'], message: 'until is before since' });
  });

export type ItemsQuery = z.output<typeof ogcQueries.items>;
export type ExportQuery = z.output<typeof exportQuery>;
