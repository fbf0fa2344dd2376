// The coverage surface (issue 13: "coverage reads as a surface, not blocks"): every cell keeps its class at
// its centre, straight edges stay where the squares had them, corners and lone cells are rounded; and the
// drawn gap outlines lose their staircase without leaving their cells.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CoverageClass, CoverageCollection } from '../../client/api';
import { cellOpacity, coverageColours, minNoneConfidence } from '../../client/map/coverage-style';
import { cellGrid, cellSideM, coverageSurface, pxPerCellFor, upsample, type SurfaceImage } from '../../client/map/coverage-surface';
import { maxCutM, smoothRing } from '../../client/map/smooth-outline';

const dLon = 0.0003, dLat = 0.000225; // ~25 m cells at Kitchener's latitude
const west = -80.5, south = 43.45;

/** Cells from a picture: one character per cell, north row first; g f p n (none, measured), . (predicted none), space (no cell). */
function cellsFrom(rows: string[], confidence = 0.5): CoverageCollection {
  const features: CoverageCollection['features'] = [];
  const classes: Record<string, CoverageClass> = { g: 'good', f: 'fair', p: 'poor', n: 'none', '.': 'none' };
  rows.forEach((line, k) => {
    const row = rows.length - 1 - k;
    [...line].forEach((ch, col) => {
      if (ch === ' ') return;
      const [w, s] = [west + col * dLon, south + row * dLat];
      features.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[[w, s], [w + dLon, s], [w + dLon, s + dLat], [w, s + dLat], [w, s]]] },
        properties: { id: features.length, level: 0, class: classes[ch], dbm: null, confidence: ch === '.' ? 0 : confidence, pUsable: 0, coveredShare: 0 },
      });
    });
  });
  return { type: 'FeatureCollection', features };
}

/** The class and alpha of the image at a position in cells from the south-west corner (0.5, 0.5 is the first cell's centre). */
function at(image: SurfaceImage, x: number, y: number): { cls: CoverageClass | 'transparent'; alpha: number } {
  const px = image.width / Math.round((image.bbox[2] - image.bbox[0]) / dLon);
  const i = (Math.floor(image.height - y * px) * image.width + Math.floor(x * px)) * 4;
  const alpha = image.data[i + 3];
  if (alpha === 0) return { cls: 'transparent', alpha };
  const hex = '#' + [0, 1, 2].map((k) => image.data[i + k].toString(16).padStart(2, '0')).join('');
  return { cls: (Object.keys(coverageColours) as CoverageClass[]).find((c) => coverageColours[c] === hex)!, alpha };
}

describe('coverage surface', () => {
  test('for any grid of cells, then each cell centre shows its own class at its own opacity (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('g', 'f', 'p', 'n', '.', ' '), { minLength: 6, maxLength: 6 }), { minLength: 6, maxLength: 6 }),
        fc.double({ min: minNoneConfidence, max: 1, noNaN: true }),
        (grid, confidence) => {
          // A full frame pins the grid's extent, whatever the random cells leave empty.
          const rows = ['pppppppp', ...grid.map((r) => `p${r.join('')}p`), 'pppppppp'];
          const image = coverageSurface(cellsFrom(rows, confidence), 9)!; // odd: a pixel centre on each cell centre
          rows.forEach((line, k) =>
            [...line].forEach((ch, col) => {
              const got = at(image, col + 0.5, rows.length - 1 - k + 0.5);
              if (ch === ' ' || ch === '.') return expect(got.cls).toBe('transparent');
              const cls = ({ g: 'good', f: 'fair', p: 'poor', n: 'none' } as const)[ch as 'g' | 'f' | 'p' | 'n'];
              expect(got.cls).toBe(cls);
              expect(Math.abs(got.alpha - 255 * cellOpacity(cls, confidence))).toBeLessThanOrEqual(1); // of 255: rounding
            }),
          );
        },
      ),
      { seed: 13, numRuns: 60 },
    );
  });

  test('when good cells meet fair cells in a straight line, then the boundary stays on the cells’ edge', () => {
    const image = coverageSurface(cellsFrom(['ggff', 'ggff', 'ggff', 'ggff']), 16)!;
    for (const y of [1.5, 2, 2.5]) { // the outermost rows feel the edge of the data, like the outermost pixels of any resampling
      expect(at(image, 1.9, y).cls).toBe('good');
      expect(at(image, 2.1, y).cls).toBe('fair');
    }
  });

  test('when good cells meet poor cells, then a thin band of fair lies between them, on the edge (the signal passes through fair)', () => {
    const image = coverageSurface(cellsFrom(['ggpp', 'ggpp', 'ggpp', 'ggpp']), 16)!;
    expect([1.7, 2, 2.3].map((x) => at(image, x, 2).cls)).toEqual(['good', 'fair', 'poor']);
  });

  test('when one good cell sits in fair ones, then it is drawn as a disc about its own size, not a square', () => {
    const image = coverageSurface(cellsFrom(['fffff', 'fffff', 'ffgff', 'fffff', 'fffff']), 16)!;
    expect(at(image, 2.5, 2.5).cls).toBe('good');
    expect(at(image, 2.05, 2.5).cls).toBe('good'); // just inside the edge's middle
    expect(at(image, 2.05, 2.05).cls).toBe('fair'); // just inside the square's corner: rounded off
    let good = 0;
    for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) if (image.data[(y * image.width + x) * 4 + 1] === 0x9e) good++;
    const share = good / 16 ** 2; // of one cell's pixels
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(1);
  });

  test('when the coverage steps diagonally, then the step’s inner and outer corners are cut', () => {
    const image = coverageSurface(cellsFrom(['fffff', 'gffff', 'ggfff', 'gggff', 'ggggf']), 16)!;
    expect(at(image, 1.9, 2.9).cls).toBe('fair'); // the outer corner of the good cell at (1, 2)
    expect(at(image, 2.1, 2.1).cls).toBe('good'); // the inner corner between (1, 1) and (2, 1) is filled in
  });

  test('when blocks on the grid’s east edge are cut short, then they still take their own column', () => {
    const cells = cellsFrom(['ggg']);
    const last = cells.features[2].geometry.coordinates[0];
    for (const p of last) if (p[0] > west + 2.5 * dLon) p[0] = west + 2.4 * dLon; // a block 40 % wide
    const grid = cellGrid(cells)!;
    expect([grid.cols, grid.rows]).toEqual([3, 1]);
    expect(Array.from(grid.level)).toEqual([3, 3, 3]);
  });

  test('when the spline upsamples a constant inside a frame of the same constant, then it stays constant (weights sum to 1)', () => {
    const values = new Float32Array(49).fill(2);
    const out = upsample(values, 7, 7, 4);
    for (let y = 8; y < 20; y++) for (let x = 8; x < 20; x++) expect(out[y * 28 + x]).toBeCloseTo(2, 5);
  });

  test('when there are no cells, then there is no image', () => {
    expect(coverageSurface({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});

describe('smoothed gap outlines', () => {
  const kx = 111_195 * Math.cos((south * Math.PI) / 180);
  const toM = ([lon, lat]: number[]) => [(lon - west) * kx, (lat - south) * 111_195];
  const fromM = ([x, y]: number[]) => [west + x / kx, south + y / 111_195];
  const distanceToRing = (p: number[], ring: number[][]) => {
    let best = Infinity;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [a, b] = [ring[i], ring[i + 1]];
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      if (dx === 0 && dy === 0) continue;
      const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
    }
    return best;
  };
  // A 1 km square with a 25 m staircase cut out of one corner.
  const square = [[0, 0], [1000, 0], [1000, 925], [975, 925], [975, 950], [950, 950], [950, 975], [925, 975], [925, 1000], [0, 1000], [0, 0]];

  test('when a ring is smoothed, then it stays closed and within half a cell of the traced ring', () => {
    const smoothed = smoothRing(square.map(fromM)).map(toM);
    expect(smoothed[0]).toEqual(smoothed[smoothed.length - 1]);
    for (const p of smoothed) expect(distanceToRing(p, square)).toBeLessThanOrEqual(maxCutM + 1e-6);
  });

  test('when a staircase is smoothed, then its corners are gone and the line runs through the steps’ midpoints', () => {
    const smoothed = smoothRing(square.map(fromM)).map(toM);
    for (const corner of [[975, 925], [975, 950], [950, 950], [950, 975]]) expect(distanceToRing(corner, smoothed)).toBeGreaterThan(5);
    expect(distanceToRing([956.25, 956.25], smoothed)).toBeLessThan(1); // on the line through the steps' midpoints
    expect(distanceToRing([500, 0], smoothed)).toBeLessThan(1e-6); // a long edge keeps its course
    expect(distanceToRing([0, 500], smoothed)).toBeLessThan(1e-6);
  });
});

describe('surface resolution', () => {
  test('when cells are small or large on screen, then the image has about one pixel per few screen pixels, within bounds', () => {
    expect(pxPerCellFor(58)).toBe(15); // a 25 m cell at zoom 17
    expect(pxPerCellFor(1)).toBe(4); // never coarser than 4 per cell: classes still bend
    expect(pxPerCellFor(1000)).toBe(40); // never finer than 40: the image stays small enough to paint
    expect(pxPerCellFor(Number.NaN)).toBe(16);
  });

  test('when the cells are 25 m, then their side is read as 25 m', () => {
    expect(cellSideM(cellsFrom(['g']))).toBeCloseTo(25, 0);
    expect(cellSideM({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
