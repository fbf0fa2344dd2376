// The public 25 m cells agree with publicPosition(): a cell's centre is where a report in it is shown.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellBounds, cellCentre, cellId, cellOf, cellPolygon, parseCellId } from '../../server/domain/public-cells';
import { publicPosition } from '../../server/domain/service-area';
import { PUBLIC_CELL_M } from '../../server/domain/limits';

const kitchener = fc.tuple(fc.double({ min: -80.6, max: -80.35, noNaN: true }), fc.double({ min: 43.35, max: 43.52, noNaN: true }));

describe('public 25 m cells', () => {
  it('when any position in Kitchener is snapped, then its cell centre is its public position (seeded property)', () => {
    fc.assert(
      fc.property(kitchener, ([lon, lat]) => {
        expect(cellCentre(cellOf([lon, lat], PUBLIC_CELL_M), PUBLIC_CELL_M)).toEqual(publicPosition([lon, lat], PUBLIC_CELL_M));
      }),
      { seed: 7946, numRuns: 2000 },
    );
  });

  it('when a position is snapped, then it lies inside its cell, whose sides are 25 m', () => {
    fc.assert(
      fc.property(kitchener, ([lon, lat]) => {
        const [w, s, e, n] = cellBounds(cellOf([lon, lat], PUBLIC_CELL_M), PUBLIC_CELL_M);
        expect(lon >= w && lon < e && lat >= s && lat < n).toBe(true);
        expect((n - s) * 111_320).toBeCloseTo(25, 6);
        expect((e - w) * 111_320 * Math.cos((((n + s) / 2) * Math.PI) / 180)).toBeCloseTo(25, 6);
      }),
      { seed: 7946, numRuns: 500 },
    );
  });

  it('when a cell is named and drawn, then the id round-trips and the ring is closed and counter-clockwise', () => {
    const cell = cellOf([-80.4862, 43.4527], PUBLIC_CELL_M);
    expect(parseCellId(cellId(cell))).toEqual(cell);
    expect(parseCellId('12_x')).toBeUndefined();
    const [ring] = cellPolygon(cell, PUBLIC_CELL_M).coordinates;
    expect(ring[0]).toEqual(ring[4]);
    let twiceArea = 0;
    for (let i = 0; i < 4; i++) twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(twiceArea).toBeGreaterThan(0);
  });
});
