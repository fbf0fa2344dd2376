// Query parameters of OGC items and exports: datetime forms, limit clamping, bbox, every error with its path.
import { describe, expect, it } from 'vitest';
import { exportQuery, ITEMS_LIMIT_MAX, ogcQueries, parseDatetime } from '../../server/domain/layer-query';
import { fieldErrors } from '../../server/domain/schemas';

const errorsOf = (result: { success: boolean; error?: Parameters<typeof fieldErrors>[0] }) => (result.success ? [] : fieldErrors(result.error!).map((e) => e.path));

describe('OGC datetime', () => {
  it('when an instant is given, then it is both ends of the range', () => {
    expect(parseDatetime('2026-05-01T12:00:00Z')).toEqual({ since: '2026-05-01T12:00:00.000Z', until: '2026-05-01T12:00:00.000Z' });
  });
  it('when a date is given, then it covers its whole UTC day', () => {
    expect(parseDatetime('2026-05-01')).toEqual({ since: '2026-05-01T00:00:00.000Z', until: '2026-05-01T23:59:59.999Z' });
  });
  it('when an interval is closed, half-open (.. or empty) or fully open, then the ends follow', () => {
    expect(parseDatetime('2026-01-01T00:00:00Z/2026-02-01T00:00:00+01:00')).toEqual({ since: '2026-01-01T00:00:00.000Z', until: '2026-01-31T23:00:00.000Z' });
    expect(parseDatetime('../2026-02-01T00:00:00Z')).toEqual({ until: '2026-02-01T00:00:00.000Z' });
    expect(parseDatetime('2026-01-01T00:00:00Z/')).toEqual({ since: '2026-01-01T00:00:00.000Z' });
    expect(parseDatetime('../..')).toEqual({});
  });
  it('when it is malformed, reversed, zoneless or impossible, then the message says so', () => {
    expect(parseDatetime('yesterday')).toMatch(/not an RFC 3339/);
    expect(parseDatetime('2026-02-01T00:00:00Z/2026-01-01T00:00:00Z')).toMatch(/ends before it starts/);
    expect(parseDatetime('2026-05-01T12:00:00')).toMatch(/not an RFC 3339/);
    expect(parseDatetime('2026-02-30')).toMatch(/not an RFC 3339/);
    expect(parseDatetime('a/b/c')).toMatch(/more than one/);
  });
});

describe('OGC items query', () => {
  it('when nothing is given, then limit 10 and offset 0', () => {
    expect(ogcQueries.items.parse({})).toEqual({ limit: 10, offset: 0 });
  });
  it('when the limit is above the maximum, then it is clamped, not refused', () => {
    expect(ogcQueries.items.parse({ limit: '999999' }).limit).toBe(ITEMS_LIMIT_MAX);
  });

  it('when sortby or properties repeat a name, then it counts once: a later mention changes no order, and each would cost its work again per feature', () => {
    expect(ogcQueries.items.parse({ sortby: '-rank,name,+rank,rank,-name' }).sortby).toEqual([{ name: 'rank', descending: true }, { name: 'name', descending: false }]);
    expect(ogcQueries.items.parse({ sortby: Array(2600).fill('class').join(',') }).sortby).toEqual([{ name: 'class', descending: false }]);
    expect(ogcQueries.items.parse({ properties: 'name,rank,name,name' }).properties).toEqual(['name', 'rank']);
  });
  it('when a bbox has heights (6 numbers), then the heights are dropped', () => {
    expect(ogcQueries.items.parse({ bbox: '-80.5,43.4,0,-80.4,43.5,100' }).bbox).toEqual([-80.5, 43.4, -80.4, 43.5]);
  });
  it('when several parameters are bad or unknown, then every one is reported with its path', () => {
    expect(errorsOf(ogcQueries.items.safeParse({ limit: '0', offset: '-1', bbox: '1,2,3', datetime: 'soon', f: 'xml', colour: 'red' })).sort())
      .toEqual(['bbox', 'colour', 'datetime', 'f', 'limit', 'offset']);
  });
});

describe('export query', () => {
  it('when a ward is given by number or id, then it becomes the area id', () => {
    expect(exportQuery.parse({ ward: '3' }).ward).toBe('ward-3');
    expect(exportQuery.parse({ ward: 'ward-10' }).ward).toBe('ward-10');
  });
  it('when since is after until, then until is reported', () => {
    expect(errorsOf(exportQuery.safeParse({ since: '2026-02-01', until: '2026-01-01' }))).toEqual(['until']);
  });
});

describe('layer queries, exact edges (written out by hand)', () => {
  const bboxError = (text: string) => `"${text}" is not minX,minY,maxX,maxY (4 numbers, or 6 with heights) with min ≤ max`;
  const offWorld = (text: string) => `${text} is not minLon,minLat,maxLon,maxLat in degrees (CRS84): give bbox-crs for a box in another CRS`;
  const messages = (result: { success: boolean; error?: Parameters<typeof fieldErrors>[0] }) => (result.success ? [] : fieldErrors(result.error!));

  it('when a bbox touches the edges of the world or is a single point, then it is accepted as given', () => {
    expect(ogcQueries.items.parse({ bbox: '-180,-90,180,90' }).bbox).toEqual([-180, -90, 180, 90]);
    expect(ogcQueries.items.parse({ bbox: ' -80.5 , 43.4 , -80.5 , 43.4 ' }).bbox).toEqual([-80.5, 43.4, -80.5, 43.4]);
  });

  it('when any one bound of a bbox is off the world, reversed, empty or not a number, then its own message names it', () => {
    for (const text of ['-180.1,0,0,1', '0,-90.1,1,1', '0,0,180.1,1', '0,0,1,90.1'])
      expect(messages(ogcQueries.items.safeParse({ bbox: text })), text).toEqual([{ path: 'bbox', message: offWorld(text) }]);
    for (const text of ['1,0,0,1', '0,1,1,0', '0,,1,1', '0,0,1,x', '0,0,1,1,2', '0,0,1,Infinity'])
      expect(messages(ogcQueries.items.safeParse({ bbox: text })), text).toEqual([{ path: 'bbox', message: bboxError(text) }]);
  });

  it('when limit is 1 or exactly the maximum, then it stands; 1.5, 0 or words are refused with their message', () => {
    expect(ogcQueries.items.parse({ limit: '1' }).limit).toBe(1);
    expect(ogcQueries.items.parse({ limit: String(ITEMS_LIMIT_MAX) }).limit).toBe(10_000);
    expect(ogcQueries.items.parse({ limit: '10001' }).limit).toBe(10_000);
    expect(messages(ogcQueries.items.safeParse({ limit: '0' }))).toEqual([{ path: 'limit', message: 'must be at least 1' }]);
    expect(messages(ogcQueries.items.safeParse({ limit: '1.5' }))).toEqual([{ path: 'limit', message: 'must be a whole number of features' }]);
    expect(messages(ogcQueries.items.safeParse({ offset: '-1' }))).toEqual([{ path: 'offset', message: 'must be 0 or more' }]);
    expect(ogcQueries.items.parse({ offset: '0' }).offset).toBe(0);
  });

  it('when f is json, geojson or html, then it is accepted; another format is refused with the reason', () => {
    expect(ogcQueries.items.parse({ f: 'geojson' }).f).toBe('geojson');
    expect(ogcQueries.plain.parse({ f: 'json' })).toEqual({ f: 'json' });
    expect(ogcQueries.plain.parse({ f: 'html' })).toEqual({ f: 'html' });
    expect(messages(ogcQueries.plain.safeParse({ f: 'xml' }))).toEqual([{ path: 'f', message: 'use f=json or f=html, or leave f out' }]);
  });

  it('when an interval starts and ends at the same instant, then it is one instant, not reversed', () => {
    expect(parseDatetime('2026-01-01T00:00:00Z/2026-01-01T00:00:00Z')).toEqual({ since: '2026-01-01T00:00:00.000Z', until: '2026-01-01T00:00:00.000Z' });
    expect(parseDatetime('2026-01-01/2026-01-01')).toEqual({ since: '2026-01-01T00:00:00.000Z', until: '2026-01-01T23:59:59.999Z' });
    expect(parseDatetime('2026-01-01T00:00:00Z/tomorrow')).toBe('"tomorrow" is not an RFC 3339 date-time with a zone, nor ".." for an open end');
    expect(parseDatetime('a/b/c')).toBe('"a/b/c" has more than one "/": give an instant or start/end');
    expect(parseDatetime('2026-02-01/2026-01-01')).toBe('the interval "2026-02-01/2026-01-01" ends before it starts');
    expect(ogcQueries.items.parse({ datetime: '../2026-01-01' }).datetime).toEqual({ until: '2026-01-01T23:59:59.999Z' });
    expect(messages(ogcQueries.items.safeParse({ datetime: 'soon' }))).toEqual([{ path: 'datetime', message: '"soon" is not an RFC 3339 date-time with a zone, e.g. 2026-05-01T12:00:00Z' }]);
  });

  it('when an export gives dates, then since starts its day and until ends its day; equal ends are one day', () => {
    expect(exportQuery.parse({ since: '2026-01-01', until: '2026-01-01' })).toEqual({ since: '2026-01-01T00:00:00.000Z', until: '2026-01-01T23:59:59.999Z' });
    expect(exportQuery.parse({ until: '2026-01-01T05:00:00+05:00' })).toEqual({ until: '2026-01-01T00:00:00.000Z' });
    expect(messages(exportQuery.safeParse({ since: 'soon' }))).toEqual([{ path: 'since', message: '"soon" is not an ISO 8601 time with a zone (or a date)' }]);
    expect(messages(exportQuery.safeParse({ since: '2026-01-02', until: '2026-01-01' }))).toEqual([{ path: 'until', message: 'until is before since' }]);
  });

  it('when a ward is not ward-N or N, then it is refused with the form it should take', () => {
    for (const ward of ['ward-', 'ward-123', 'w3', '3a', 'Ward-3'])
      expect(messages(exportQuery.safeParse({ ward })), ward).toEqual([{ path: 'ward', message: 'must be a ward id such as ward-3, or its number' }]);
  });
});

