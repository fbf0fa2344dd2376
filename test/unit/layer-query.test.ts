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
  it('when a bbox has heights (6 numbers), then the heights are dropped', () => {
    expect(ogcQueries.items.parse({ bbox: '-80.5,43.4,0,-80.4,43.5,100' }).bbox).toEqual([-80.5, 43.4, -80.4, 43.5]);
  });
  it('when several parameters are bad or unknown, then every one is reported with its path', () => {
    expect(errorsOf(ogcQueries.items.safeParse({ limit: '0', offset: '-1', bbox: '1,2,3', datetime: 'soon', f: 'html', colour: 'red' })).sort())
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
