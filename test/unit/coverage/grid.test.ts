import { describe, expect, it } from 'vitest';
import { area, booleanClockwise, booleanPointInPolygon, point, polygon } from '@turf/turf';
import { gridFor, rasterise } from '../../../server/domain/coverage/grid';
import { readData, seeded } from './helpers';

const boundary = readData('kitchener-boundary.geojson').features[0].geometry as GeoJSON.Polygon;
const wards = readData('kitchener-wards.geojson').features;
const grid = gridFor(boundary, 25);
const inside = new Uint8Array(grid.cellCount);
rasterise(grid, boundary, inside, 1);

describe('grid', () => {
  it('when a cell id goes to lon/lat and back, then it is the same cell', () => {
    const random = seeded(1);
    for (let k = 0; k < 2000; k++) {
      const id = Math.floor(random() * grid.cellCount);
      expect(grid.id(grid.col(id), grid.row(id))).toBe(id);
      const [lon, lat] = grid.centreLonLat(id);
      expect(grid.cellAt(lon, lat)).toBe(id);
    }
  });

  it('when a cell is drawn, then it is a counter-clockwise square of the row area', () => {
    for (const id of [0, 123_456, grid.cellCount - 1]) {
      const ring = grid.cellPolygon(id).coordinates[0] as [number, number][];
      expect(booleanClockwise(ring)).toBe(false);
      expect(Math.abs(area(polygon([ring])) / grid.rowAreaM2[grid.row(id)] - 1)).toBeLessThan(0.01); // 6-decimal corners: ±0.06 m on 25 m
    }
    const block = grid.cellPolygon(0, 1).coordinates[0];
    expect(block[1][0] - block[0][0]).toBeCloseTo(4 * (grid.cellPolygon(0).coordinates[0][1][0] - grid.cellPolygon(0).coordinates[0][0][0]), 5);
  });

  it('when the city is rasterised by scanlines, then each cell agrees with point-in-polygon at its centre', () => {
    const random = seeded(2);
    let checked = 0;
    for (let k = 0; k < 4000; k++) {
      const id = Math.floor(random() * grid.cellCount);
      expect([id, inside[id]]).toEqual([id, booleanPointInPolygon(point(grid.centreLonLat(id)), boundary) ? 1 : 0]);
      checked++;
    }
    expect(checked).toBe(4000);
  });

  it('when city cells are summed, then their area is the polygon area within 0.1 %', () => {
    let m2 = 0;
    for (let id = 0; id < grid.cellCount; id++) if (inside[id]) m2 += grid.rowAreaM2[grid.row(id)];
    expect(Math.abs(m2 / area(boundary) - 1)).toBeLessThan(0.001);
  });

  it('when wards are rasterised inside the city, then they cover it with at most gaps along shared borders', () => {
    const ward = new Uint8Array(grid.cellCount);
    let marked = 0;
    wards.forEach((w, k) => (marked += rasterise(grid, w.geometry as GeoJSON.Polygon, ward, k + 1, inside)));
    let insideCount = 0;
    for (let id = 0; id < grid.cellCount; id++) insideCount += inside[id];
    expect(marked / insideCount).toBeGreaterThan(0.999);
    expect(marked).toBeLessThanOrEqual(insideCount);
  });
});
