// The grid against an exact geometric answer: Turf buffers each access point's disc of reach, unions them and
// subtracts the union from the area. Turf's area() and buffer() use the same sphere as the grid (R = 6371008.8 m).
import { describe, expect, it } from 'vitest';
import { area, buffer, difference, featureCollection, point, polygon, union } from '@turf/turf';
import { createCoverageEngine } from '../../../server/domain/coverage/index';
import { NOW, randomAccessPoints, seeded, smallArea } from './helpers';

const STEPS = 32; // segments per quarter circle: a 128-gon is within 0.04 % of the circle's area

function turfGapArea(boundary: GeoJSON.Polygon, discs: { position: readonly [number, number]; reachM: number }[]): number {
  const circles = discs.map((d) => buffer(point([...d.position]), d.reachM, { units: 'meters', steps: STEPS })!);
  const covered = circles.length > 1 ? union(featureCollection(circles))! : circles[0];
  const gaps = difference(featureCollection([polygon(boundary.coordinates), covered]));
  return gaps ? area(gaps) : 0;
}

describe('grid gaps against exact Turf geometry', () => {
  it.each([[1, 30], [2, 30], [3, 45]])('when seed %i places %i access points, then the gap area agrees within 0.5 %', (seed, count) => {
    const boundary = smallArea();
    const accessPoints = randomAccessPoints(seeded(seed), boundary, count);
    const engine = createCoverageEngine({ boundary, accessPoints, now: NOW });
    const discs = accessPoints.map((ap) => ({ position: ap.position, reachM: engine.reachOf(ap.id) })).filter((d) => d.reachM > 0);
    const exact = turfGapArea(boundary, discs);
    const grid = engine.statistics().gaps.areaM2;
    expect(exact).toBeGreaterThan(0.3 * area(boundary)); // a real mix of gaps and coverage
    expect(exact).toBeLessThan(0.95 * area(boundary));
    expect(Math.abs(grid / exact - 1), `grid ${grid} m², Turf ${exact} m²`).toBeLessThan(0.005);
  });
});
