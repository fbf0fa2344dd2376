// The service area's margin and the edge schemas' bounds, pure: a square "city" with hand-computed
// distances, and a fixed clock. Outcomes are written by hand, never recomputed from the limits table.
import { beforeEach, describe, expect, it } from 'vitest';
import { boundsOf, createServiceArea } from '../../server/domain/service-area';
import { fieldErrors, makeSchemas } from '../../server/domain/schemas';
import type { LonLat } from '../../server/domain/types';

const M_PER_DEG_LAT = 111_320;
// A square 0.1° by 0.08° near Kitchener, counter-clockwise.
const SQUARE: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[-80.5, 43.4], [-80.4, 43.4], [-80.4, 43.48], [-80.5, 43.48], [-80.5, 43.4]]] };
const south = (metres: number): LonLat => [-80.45, 43.4 - metres / M_PER_DEG_LAT]; // straight south of the bottom edge

describe('service area: the city plus a margin', () => {
  // Built inside each test, not once per file: a mutation tool attributes code to the test that runs it.
  let area: ReturnType<typeof createServiceArea>;
  beforeEach(() => {
    area = createServiceArea(SQUARE, 1_000);
  });

  it('when a point is inside the boundary, then it is served; the margin is the one given', () => {
    expect(area.contains([-80.45, 43.44])).toBe(true);
    expect(area.marginM).toBe(1_000);
  });

  it('when a point is outside by 950 m, then it is served; by 1,050 m, then not', () => {
    expect(area.contains(south(950))).toBe(true);
    expect(area.contains(south(1_050))).toBe(false);
  });

  it('when a point lies inside the padded box but beyond the margin of the nearest corner, then it is not served', () => {
    const d = 800 / M_PER_DEG_LAT; // 800 m south and ~800 m west of the south-west corner: ~1,130 m from it
    const corner: LonLat = [-80.5 - d / Math.cos((43.4 * Math.PI) / 180), 43.4 - d];
    expect(corner[0]).toBeGreaterThan(area.bbox[0]);
    expect(corner[1]).toBeGreaterThan(area.bbox[1]);
    expect(area.contains(corner)).toBe(false);
  });

  it('when the box is padded, then by the margin in degrees at the middle latitude', () => {
    const padLat = 1_000 / M_PER_DEG_LAT;
    const padLon = 1_000 / (M_PER_DEG_LAT * Math.cos((43.44 * Math.PI) / 180));
    expect(area.bbox[0]).toBeCloseTo(-80.5 - padLon, 9);
    expect(area.bbox[1]).toBeCloseTo(43.4 - padLat, 9);
    expect(area.bbox[2]).toBeCloseTo(-80.4 + padLon, 9);
    expect(area.bbox[3]).toBeCloseTo(43.48 + padLat, 9);
  });

  it('when a point is outside the padded box on any side, then it is refused before any distance is measured', () => {
    const [w, s, e, n] = area.bbox;
    for (const p of [[w - 1e-6, 43.44], [e + 1e-6, 43.44], [-80.45, s - 1e-6], [-80.45, n + 1e-6]] as LonLat[]) expect(area.contains(p)).toBe(false);
  });

  it('when the city has a hole (an enclave), then the hole is served only within the margin of its edge', () => {
    const hole: GeoJSON.Position[] = [[-80.48, 43.41], [-80.48, 43.47], [-80.42, 43.47], [-80.42, 43.41], [-80.48, 43.41]]; // clockwise
    const holed = createServiceArea({ type: 'Polygon', coordinates: [SQUARE.coordinates[0], hole] }, 500);
    expect(holed.contains([-80.45, 43.44])).toBe(false); // the middle of the hole, ~2.4 km from its edges
    expect(holed.contains([-80.45, 43.41 + 300 / M_PER_DEG_LAT])).toBe(true); // 300 m inside the hole's south edge
    expect(holed.contains([-80.45, 43.4 - 300 / M_PER_DEG_LAT])).toBe(true); // 300 m outside the outer ring, far from the hole
    expect(holed.contains([-80.45, 43.405])).toBe(true); // between the rings: in the city
  });

  it('when the city is a MultiPolygon, then both parts and the margin around each are served, not the gap between', () => {
    const east: GeoJSON.Position[][] = [[[-80.3, 43.4], [-80.2, 43.4], [-80.2, 43.48], [-80.3, 43.48], [-80.3, 43.4]]];
    const two = createServiceArea({ type: 'MultiPolygon', coordinates: [SQUARE.coordinates, east] }, 500);
    expect(two.contains([-80.25, 43.44])).toBe(true);
    expect(two.contains([-80.35, 43.44])).toBe(false); // ~8 km from either
    expect(two.contains([-80.2 + 400 / (M_PER_DEG_LAT * Math.cos((43.44 * Math.PI) / 180)), 43.44])).toBe(true); // 400 m east of the east part
    expect(boundsOf({ type: 'MultiPolygon', coordinates: [SQUARE.coordinates, east] })).toEqual([-80.5, 43.4, -80.2, 43.48]);
  });
});

describe('edge schemas: positions, times and signals', () => {
  const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
  const schemas = makeSchemas(createServiceArea(SQUARE, 1_000), () => NOW);
  const report = (extra: Record<string, unknown>) => schemas.reportCreate.safeParse({ kind: 'no_wifi', lon: -80.45, lat: 43.44, ...extra });
  const errors = (result: { success: boolean; error?: unknown }) => (result.success ? [] : fieldErrors(result.error as never));

  it('when a time is up to 5 minutes ahead of the clock, then it is accepted; a second more is "in the future"', () => {
    expect(report({ observedAt: '2026-05-01T12:05:00Z' }).success).toBe(true);
    expect(errors(report({ observedAt: '2026-05-01T12:05:01Z' }))).toEqual([{ path: 'observedAt', message: '2026-05-01T12:05:01Z is in the future' }]);
  });

  it('when a time is 2010-01-01 or later, then it is accepted; a second before, the clock was not set', () => {
    expect(report({ observedAt: '2010-01-01T00:00:00Z' }).success).toBe(true);
    expect(errors(report({ observedAt: '2009-12-31T23:59:59Z' }))).toEqual([
      { path: 'observedAt', message: '2009-12-31T23:59:59Z is before 2010: the device clock was probably not set' },
    ]);
  });

  it('when a position is outside the area, then one message on lon names it and the margin', () => {
    const [lon, lat] = south(1_050);
    expect(errors(report({ lon, lat }))).toEqual([{
      path: 'lon', message: `position (${lon}, ${lat}) is outside Kitchener: reports and observations are accepted within the city and 1000 m around it`,
    }]);
    expect(report({ lon: south(950)[0], lat: south(950)[1] }).success).toBe(true);
  });

  it('when other fields are bad too, then the area is still checked and every problem listed', () => {
    const [lon, lat] = south(2_000);
    expect(errors(report({ lon, lat, accuracyM: -1 })).map((e) => e.path)).toEqual(['accuracyM', 'lon']);
    expect(errors(report({ lon: 'x', lat, accuracyM: -1 })).map((e) => e.path)).toEqual(['lon', 'accuracyM']); // no area check without a number
  });

  it('when an observation gives a signal from -100 to -10 dBm, then it is accepted; beyond either end, refused', () => {
    const obs = (signalDbm: number) => schemas.observationCreate.safeParse({ observedAt: '2026-05-01T11:00:00Z', lon: -80.45, lat: 43.44, signalDbm });
    expect([obs(-100).success, obs(-10).success]).toEqual([true, true]);
    expect(errors(obs(-101))).toEqual([{ path: 'signalDbm', message: 'must be at least -100 dBm' }]);
    expect(errors(obs(-9))).toEqual([{ path: 'signalDbm', message: 'must be at most -10 dBm' }]);
  });

  it('when an observation has neither a signal, "none heard" nor a test, or both a signal and "none heard", then it is refused', () => {
    const base = { observedAt: '2026-05-01T11:00:00Z', lon: -80.45, lat: 43.44 };
    expect(errors(schemas.observationCreate.safeParse(base))).toEqual([
      { path: 'signalDbm', message: 'an observation needs signalDbm, noFreeNetwork: true or a connection test' },
    ]);
    expect(errors(schemas.observationCreate.safeParse({ ...base, signalDbm: -60, noFreeNetwork: true }))).toEqual([
      { path: 'signalDbm', message: 'give either signalDbm or noFreeNetwork: true, not both' },
    ]);
    expect(schemas.observationCreate.safeParse({ ...base, noFreeNetwork: true }).success).toBe(true);
    expect(schemas.observationCreate.safeParse({ ...base, test: { latencyMs: 30 } }).success).toBe(true);
  });

  it('when an unknown field is sent, then it is reported at its own path', () => {
    expect(errors(report({ colour: 'red' }))).toEqual([{ path: 'colour', message: 'unknown field' }]);
  });
});
