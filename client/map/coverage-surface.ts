// Coverage as a surface: the server's cells (a regular lon/lat grid of 25 m cells, or 100 m / 400 m blocks)
// resampled into one image whose class boundaries are smooth curves instead of squares. Both renderers
// draw the image under the street lines, so the streets stay legible above it.
//
// Each cell's class becomes a level (none 0, poor 1, fair 2, good 3) that is interpolated between cell
// centres with a Catmull-Rom spline and cut again at the half-levels. The spline passes through every
// cell centre, so each cell keeps its own class at its centre, a straight run of cells keeps its edge
// where the squares had it, a staircase becomes a smooth line and a lone cell a disc of about its size.
import type { BBox, CoverageCellProps, CoverageClass, CoverageCollection } from '../api';
import { cellOpacity, coverageColours, minNoneConfidence } from './coverage-style';

export interface SurfaceImage {
  width: number; // pixels: cols × pxPerCell
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>; // RGBA, row 0 is the north edge, alpha not premultiplied
  bbox: BBox; // [west, south, east, north] of the cells the image covers
}

/** The cells laid out on their grid: cell (col, row) at index row · cols + col, row 0 in the south. */
export interface CellGrid {
  cols: number;
  rows: number;
  bbox: BBox;
  level: Float32Array; // 0 none (or no cell), 1 poor, 2 fair, 3 good
  shownNone: Float32Array; // 1 where a "none" cell is drawn (measured, not only predicted)
  confidence: Float32Array; // 0..1
}

export const defaultPxPerCell = 16; // image pixels per cell side when the scale is not known
export const screenPxPerImagePx = 4; // with the antialiased class edges and the renderer's linear filtering, steps this small do not show
const pxPerCellRange = [4, 40] as const; // a 400 m block at city zoom is ~30 px; a 25 m cell at zoom 19 ~230 px
const maxImagePixels = 1_500_000; // 6 MB of RGBA, ~60 ms to paint here; beyond it, fewer pixels per cell

const levelOf: Record<CoverageClass, number> = { none: 0, poor: 1, fair: 2, good: 3 };
const classOfLevel: CoverageClass[] = ['none', 'poor', 'fair', 'good'];

/** Places the cells on their grid (the grid's step is read from the cells themselves); null when there are none. */
export function cellGrid(cells: CoverageCollection): CellGrid | null {
  const boxes = cells.features.map((f) => ringBox(f.geometry.coordinates[0]));
  if (boxes.length === 0) return null;
  // Blocks on the grid's north and east edges are cut short; the full-sized ones give the step.
  let dLon = 0, dLat = 0, west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const [w, s, e, n] of boxes) {
    dLon = Math.max(dLon, e - w);
    dLat = Math.max(dLat, n - s);
    west = Math.min(west, w);
    south = Math.min(south, s);
    east = Math.max(east, e);
    north = Math.max(north, n);
  }
  if (!(dLon > 0 && dLat > 0)) return null;
  const cols = Math.max(1, Math.round((east - west) / dLon + 0.49)); // a short edge block still takes a whole column
  const rows = Math.max(1, Math.round((north - south) / dLat + 0.49));
  const level = new Float32Array(cols * rows);
  const shownNone = new Float32Array(cols * rows);
  const confidence = new Float32Array(cols * rows);
  cells.features.forEach((f, k) => {
    const col = Math.round((boxes[k][0] - west) / dLon);
    const row = Math.round((boxes[k][1] - south) / dLat);
    if (col < 0 || row < 0 || col >= cols || row >= rows) return;
    const p: CoverageCellProps = f.properties;
    const i = row * cols + col;
    level[i] = levelOf[p.class] ?? 0;
    confidence[i] = Math.min(1, Math.max(0, p.confidence || 0));
    shownNone[i] = p.class === 'none' && confidence[i] >= minNoneConfidence ? 1 : 0;
  });
  return { cols, rows, bbox: [west, south, west + cols * dLon, south + rows * dLat], level, shownNone, confidence };
}

/** Image pixels per cell for cells `cellScreenPx` wide on screen: about one image pixel per screenPxPerImagePx. */
export function pxPerCellFor(cellScreenPx: number): number {
  const px = Math.round(cellScreenPx / screenPxPerImagePx);
  return Math.min(pxPerCellRange[1], Math.max(pxPerCellRange[0], Number.isFinite(px) ? px : defaultPxPerCell));
}

/** The cells' side in metres, read from the first cell (north–south: the same for every row); null with none. */
export function cellSideM(cells: CoverageCollection): number | null {
  const ring = cells.features[0]?.geometry.coordinates[0];
  if (!ring) return null;
  const lats = ring.map((p) => p[1]);
  return (Math.max(...lats) - Math.min(...lats)) * 111_195;
}

/** The class drawn at an interpolated level: the spline's value cut at the half-levels. */
export function classAtLevel(level: number): CoverageClass {
  return classOfLevel[Math.min(3, Math.max(0, Math.round(level)))];
}

/** The cells as an image: smooth class boundaries, opacity following the interpolated confidence. */
export function coverageSurface(cells: CoverageCollection, pxPerCell = defaultPxPerCell): SurfaceImage | null {
  const grid = cellGrid(cells);
  if (!grid) return null;
  const { cols, rows } = grid;
  const px = Math.max(1, Math.min(pxPerCell, Math.floor(Math.sqrt(maxImagePixels / (cols * rows)))));
  const width = cols * px, height = rows * px;
  const level = upsample(grid.level, cols, rows, px);
  const shown = upsample(grid.shownNone, cols, rows, px);
  const confidence = upsample(grid.confidence, cols, rows, px);
  const rgb = classOfLevel.map((c) => hexToRgb(coverageColours[c])); // by level
  const alphaAt = classOfLevel.map((c) => Array.from({ length: 256 }, (_, k) => Math.round(255 * cellOpacity(c, k / 255)))); // by level, then confidence × 255
  const data = new Uint8ClampedArray(width * height * 4);
  const alphaOf = (k: number, i: number) => (k === 0 && shown[i] < 0.5 ? 0 : alphaAt[k][Math.min(255, Math.max(0, Math.round(confidence[i] * 255)))]);
  for (let y = 0; y < height; y++) {
    const row = (height - 1 - y) * width; // the upsampled rows run south to north, the image's north to south
    for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
      const i = row + x;
      const v = level[i];
      const k = Math.min(3, Math.max(0, Math.round(v))); // classAtLevel, without the strings
      const c = rgb[k];
      const a = alphaOf(k, i);
      // Antialiasing: within a pixel of the next half-level, blend towards the class beyond it.
      const slope = Math.max(Math.abs((x + 1 < width ? level[i + 1] : v) - v), Math.abs((row + width < level.length ? level[i + width] : v) - v));
      const beyond = v > k ? k + 1 : k - 1;
      const w = slope > 0 && beyond >= 0 && beyond <= 3 ? Math.max(0, 0.5 - (0.5 - Math.abs(v - k)) / slope) : 0;
      if (w === 0) {
        data[o] = c[0];
        data[o + 1] = c[1];
        data[o + 2] = c[2]; // transparent pixels keep their colour too, so filtering never blends towards black
        data[o + 3] = a;
        continue;
      }
      const c2 = rgb[beyond], a2 = alphaOf(beyond, i);
      const mixed = a * (1 - w) + a2 * w;
      for (let j = 0; j < 3; j++) data[o + j] = mixed > 0 ? (c[j] * a * (1 - w) + c2[j] * a2 * w) / mixed : c[j];
      data[o + 3] = mixed;
    }
  }
  return { width, height, data, bbox: grid.bbox };
}

/** The corners MapLibre's image source takes: top left, top right, bottom right, bottom left. */
export function imageCorners([w, s, e, n]: BBox): [[number, number], [number, number], [number, number], [number, number]] {
  return [[w, n], [e, n], [e, s], [w, s]];
}

/**
 * A grid sampled `px` times per cell in each direction with a Catmull-Rom spline between cell centres.
 * Outside the grid every value is 0 (no cell), so coverage fades out at the edge of what was fetched.
 */
export function upsample(values: Float32Array, cols: number, rows: number, px: number): Float32Array {
  const weights = splineWeights(px);
  const width = cols * px, height = rows * px;
  const across = new Float32Array(rows * width); // first along each row of cells…
  for (let r = 0; r < rows; r++) sampleLine(values, r * cols, 1, cols, px, weights, across, r * width, 1);
  const out = new Float32Array(width * height); // …then up each column of the result
  for (let x = 0; x < width; x++) sampleLine(across, x, width, rows, px, weights, out, x, width);
  return out;
}

/** Catmull-Rom weights of the four cells around each of the `px` sub-pixel positions (which repeat for every cell). */
function splineWeights(px: number): { first: Int32Array; w: Float32Array } {
  const first = new Int32Array(px); // offset of the first of the four cells, relative to the pixel's cell
  const w = new Float32Array(px * 4);
  for (let k = 0; k < px; k++) {
    const x = (k + 0.5) / px - 0.5; // the pixel's position from its cell's centre, in cells
    const i = Math.floor(x);
    const t = x - i;
    first[k] = i - 1;
    w[k * 4] = (-t * t * t + 2 * t * t - t) / 2;
    w[k * 4 + 1] = (3 * t * t * t - 5 * t * t + 2) / 2;
    w[k * 4 + 2] = (-3 * t * t * t + 4 * t * t + t) / 2;
    w[k * 4 + 3] = (t * t * t - t * t) / 2;
  }
  return { first, w };
}

/** One line of n values (values[start + i·step]) sampled px times per value into out[outStart + j·outStep]. */
function sampleLine(values: Float32Array, start: number, step: number, n: number, px: number, { first, w }: { first: Int32Array; w: Float32Array }, out: Float32Array, outStart: number, outStep: number): void {
  for (let cell = 0, o = outStart; cell < n; cell++)
    for (let k = 0; k < px; k++, o += outStep) {
      const i0 = cell + first[k];
      let sum = 0;
      if (i0 >= 0 && i0 + 3 < n) {
        const b = start + i0 * step; // all four inside: the common case, without bounds checks
        sum = w[k * 4] * values[b] + w[k * 4 + 1] * values[b + step] + w[k * 4 + 2] * values[b + 2 * step] + w[k * 4 + 3] * values[b + 3 * step];
      } else for (let j = 0; j < 4; j++) if (i0 + j >= 0 && i0 + j < n) sum += w[k * 4 + j] * values[start + (i0 + j) * step];
      out[o] = sum;
    }
}

function ringBox(ring: number[][]): BBox {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of ring) {
    w = Math.min(w, x);
    s = Math.min(s, y);
    e = Math.max(e, x);
    n = Math.max(n, y);
  }
  return [w, s, e, n];
}

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
