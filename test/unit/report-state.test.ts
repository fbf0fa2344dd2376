// The report form's decisions without a DOM (client/report/report-state.ts), and the phone's service-area
// check against the server's own (Turf) as the oracle.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { insideServiceArea } from '../../client/report/service-area-check';
import { errorsByField, meTooOffer, missing, reportBody, type NearbyReport } from '../../client/report/report-state';
import { createServiceArea } from '../../server/domain/service-area';

const boundary = (JSON.parse(readFileSync(new URL('../../data/kitchener-boundary.geojson', import.meta.url), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon>).features[0].geometry;

describe('a pin outside the service area', () => {
  test('for any point around Kitchener, the phone agrees with the server about whether it is served', () => {
    const server = createServiceArea(boundary);
    const [w, s, e, n] = server.bbox;
    fc.assert(
      fc.property(fc.double({ min: w - 0.01, max: e + 0.01, noNaN: true }), fc.double({ min: s - 0.01, max: n + 0.01, noNaN: true }), (lon, lat) => {
        expect(insideServiceArea({ lon, lat }, boundary, server.marginM)).toBe(server.contains([lon, lat]));
      }),
      { seed: 13, numRuns: 800 },
    );
  });

  test('is refused on the position field before anything is queued', () => {
    const at = { lon: -80.38, lat: 43.36, needsConfirm: false };
    expect(missing(at, 'no_wifi', () => false)).toEqual([{ path: 'position', message: 'The pin is outside Kitchener. Move it to where the problem is in the city.' }]);
    expect(missing(at, null, () => true).map((e) => e.path)).toEqual(['kind']);
    expect(missing(null, null, () => true).map((e) => e.path)).toEqual(['position', 'kind']);
  });
});

describe('the "me too" offer', () => {
  const report = (status: string, confirmations = 0): NearbyReport => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [-80.48, 43.44] },
    properties: { id: 7, kind: 'no_wifi', status, confirmations } as NearbyReport['properties'],
  });

  test('names the status the City gave it, and counts the others who said so', () => {
    expect(meTooOffer(report('open'), '16 m', undefined)).toEqual({ text: 'Already reported about 16 m from the pin (report 7, open). Add yours to it?', canConfirm: true });
    expect(meTooOffer(report('acknowledged', 2), '16 m', undefined).text).toBe('Already reported about 16 m from the pin (report 7, acknowledged by the City). 2 people have said “me too”. Add yours to it?');
    expect(meTooOffer(report('planned', 1), '40 m', undefined).text).toContain('(report 7, a fix is planned). 1 person has said “me too”.');
  });

  test('is not offered again to the phone that sent or confirmed it', () => {
    expect(meTooOffer(report('open'), '5 m', { role: 'sent' })).toEqual({ text: 'You already sent this problem about 5 m from the pin (report 7, open).', canConfirm: false });
  });
});

describe('what is sent', () => {
  test('a note is trimmed and dropped when empty; the position is rounded to 6 decimals', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(reportBody('too_weak', { lon: -80.1234567, lat: 43.7654321, needsConfirm: false }, '  ', undefined, 'c1', at)).toEqual({ kind: 'too_weak', lon: -80.123457, lat: 43.765432, clientId: 'c1', observedAt: '2026-01-02T03:04:05.000Z' });
    expect(reportBody('no_wifi', { lon: 1, lat: 2, accuracyM: 9, needsConfirm: false }, ' back door ', 4, 'c2', at)).toMatchObject({ accuracyM: 9, note: 'back door', accessPointId: 4 });
  });

  test('server errors land on the form field they name, each once, in reading order', () => {
    const grouped = errorsByField([{ path: 'note', message: 'too long' }, { path: 'lat', message: 'outside' }, { path: 'lon', message: 'outside' }, { path: '', message: 'try later' }]);
    expect([...grouped]).toEqual([['position', ['outside']], ['note', ['too long']], ['form', ['try later']]]);
  });
});
