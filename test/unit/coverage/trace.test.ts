import { describe, expect, it } from 'vitest';
import { area, booleanClockwise, booleanValid, length, polygon, polygonToLine } from '@turf/turf';
import { GapIndex } from '../../../server/domain/coverage/components';
import { traceGap, TraceBuffers } from '../../../server/domain/coverage/trace';
import { bareGrid, deviceSource, seeded } from './helpers';

/** Builds gaps from rows of 'X' (gap) and '.' (covered), top row first, and traces each. */
function traceAll(picture: string[]) {
  const rows = picture.length, cols = picture[0].length;
  const grid = bareGrid(cols, rows);
  const mask = new Uint8Array(grid.cellCount);
  picture.forEach((line, k) => [...line].forEach((ch, col) => (mask[(rows - 1 - k) * cols + col] = ch === 'X' ? 1 : 0)));
  const index = new GapIndex(grid, deviceSource(Array.from({ length: grid.cellCount }, () => [])));
  index.build(mask);
  const buffers = new TraceBuffers(grid);
  return [...index.records.values()].map((rec) => ({ rec, geometry: traceGap(grid, index.label, rec, buffers) }));
}

/** Same area as the cells, up to the 6-decimal rounding of coordinates (≤ 0.06 m sideways along each edge). */
function expectAreaOfCells(geometry: GeoJSON.Polygon, cellsM2: number) {
  const perimeterM = length(polygonToLine(polygon(geometry.coordinates)) as GeoJSON.Feature<GeoJSON.LineString>, { units: 'meters' });
  expect(Math.abs(area(polygon(geometry.coordinates)) - cellsM2)).toBeLessThan(0.06 * perimeterM);
}

describe('tracing gaps into polygons', () => {
  it('when a gap is one cell, then it is a counter-clockwise square of 4 corners', () => {
    const [{ geometry }] = traceAll(['X']);
    expect(geometry.coordinates).toHaveLength(1);
    expect(geometry.coordinates[0]).toHaveLength(5);
    expect(booleanClockwise(geometry.coordinates[0] as [number, number][])).toBe(false);
  });

  it('when cells line up, then collinear edges merge (an L has 6 corners)', () => {
    const [{ geometry }] = traceAll(['X..', 'X..', 'XXX']);
    expect(geometry.coordinates[0]).toHaveLength(7);
  });

  it('when a gap surrounds covered cells, then the hole runs clockwise', () => {
    const [{ geometry }] = traceAll(['XXXX', 'X..X', 'XXXX']);
    expect(geometry.coordinates).toHaveLength(2);
    expect(booleanClockwise(geometry.coordinates[0] as [number, number][])).toBe(false);
    expect(booleanClockwise(geometry.coordinates[1] as [number, number][])).toBe(true);
  });

  it('when a hole touches the outside at a corner, then rings stay simple and the polygon is valid', () => {
    const [{ geometry, rec }] = traceAll(['XXX', 'X.X', 'XX.']);
    expect(geometry.coordinates).toHaveLength(2);
    expect(booleanValid(polygon(geometry.coordinates))).toBe(true);
    expectAreaOfCells(geometry, rec.areaM2);
  });

  it('when gaps are random, then every polygon is valid and its area matches its cells', () => {
    const random = seeded(11);
    const picture = Array.from({ length: 24 }, () => Array.from({ length: 30 }, () => (random() < 0.6 ? 'X' : '.')).join(''));
    const traced = traceAll(picture);
    expect(traced.length).toBeGreaterThan(5);
    for (const { geometry, rec } of traced) {
      const p = polygon(geometry.coordinates);
      expect(booleanValid(p)).toBe(true);
      expect(booleanClockwise(geometry.coordinates[0] as [number, number][])).toBe(false);
      for (const hole of geometry.coordinates.slice(1)) expect(booleanClockwise(hole as [number, number][])).toBe(true);
      expectAreaOfCells(geometry, rec.areaM2);
    }
  });
});
