// A square grid in local metres over the service area: ids, centres, polygons, coarse levels and masks.
// Cell id = row · cols + col; row 0 is the southern edge and col 0 the western edge.
import { LocalProjection } from './projection';
import { round6 } from '../geo';

export type AreaGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

/** Coarse levels for low zooms: level 0 is the fine cell, level k groups factors[k]² fine cells. */
export const LEVEL_FACTORS = [1, 4, 16] as const; // 25 m, 100 m and 400 m blocks with the default cell size

export class Grid {
  readonly projection: LocalProjection;
  readonly cellSizeM: number;
  /** Projected position of the south-west corner of cell 0, in metres. */
  readonly originX: number;
  readonly originY: number;
  readonly cols: number;
  readonly rows: number;
  readonly cellCount: number;
  /** True (spherical) area of one cell in each row, m²: cells shrink a little towards the pole. */
  readonly rowAreaM2: Float64Array;

  constructor(projection: LocalProjection, cellSizeM: number, originX: number, originY: number, cols: number, rows: number) {
    if (!(cellSizeM >= 1 && cellSizeM <= 1000)) throw new RangeError(`cellSizeM ${cellSizeM} must be within 1–1000 m`);
    if (!(Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0))
      throw new RangeError(`grid of ${cols} × ${rows} cells must have whole, positive dimensions`);
    if (cols * rows > 16_000_000) throw new RangeError(`grid of ${cols} × ${rows} cells is over 16M cells: use larger cells`);
    this.projection = projection;
    this.cellSizeM = cellSizeM;
    this.originX = originX;
    this.originY = originY;
    this.cols = cols;
    this.rows = rows;
    this.cellCount = cols * rows;
    this.rowAreaM2 = new Float64Array(rows);
    for (let r = 0; r < rows; r++)
      this.rowAreaM2[r] = cellSizeM * cellSizeM * projection.eastScale(projection.lat(this.rowCentreY(r)));
  }

  colCentreX(col: number): number {
    return this.originX + (col + 0.5) * this.cellSizeM;
  }
  rowCentreY(row: number): number {
    return this.originY + (row + 0.5) * this.cellSizeM;
  }
  col(id: number): number {
    return id % this.cols;
  }
  row(id: number): number {
    return Math.floor(id / this.cols);
  }
  id(col: number, row: number): number {
    return row * this.cols + col;
  }

  /** The cell containing projected point (x, y), or -1 outside the grid. */
  cellAtXY(x: number, y: number): number {
    const col = Math.floor((x - this.originX) / this.cellSizeM);
    const row = Math.floor((y - this.originY) / this.cellSizeM);
    if (col < 0 || row < 0 || col >= this.cols || row >= this.rows) return -1;
    return row * this.cols + col;
  }
  cellAt(lon: number, lat: number): number {
    return this.cellAtXY(this.projection.x(lon), this.projection.y(lat));
  }

  centreLonLat(id: number): [number, number] {
    return [this.projection.lon(this.colCentreX(this.col(id))), this.projection.lat(this.rowCentreY(this.row(id)))];
  }

  /** Lon/lat of lattice vertex (i, j): the south-west corner of cell (i, j). */
  vertexLonLat(i: number, j: number): [number, number] {
    return [
      round6(this.projection.lon(this.originX + i * this.cellSizeM)),
      round6(this.projection.lat(this.originY + j * this.cellSizeM)),
    ];
  }

  /** The cell (level 0) or block (level k) as a GeoJSON polygon, counter-clockwise (RFC 7946). */
  cellPolygon(id: number, level = 0): GeoJSON.Polygon {
    const f = levelFactor(level);
    const blockCols = Math.ceil(this.cols / f);
    const c0 = (id % blockCols) * f;
    const r0 = Math.floor(id / blockCols) * f;
    if (r0 >= this.rows || id < 0) throw new RangeError(`cell ${id} is outside the grid at level ${level}`);
    const c1 = Math.min(c0 + f, this.cols);
    const r1 = Math.min(r0 + f, this.rows);
    return {
      type: 'Polygon',
      coordinates: [[this.vertexLonLat(c0, r0), this.vertexLonLat(c1, r0), this.vertexLonLat(c1, r1), this.vertexLonLat(c0, r1), this.vertexLonLat(c0, r0)]],
    };
  }

  /** [minLon, minLat, maxLon, maxLat] of the whole grid. */
  bbox(): [number, number, number, number] {
    const [w, s] = this.vertexLonLat(0, 0);
    const [e, n] = this.vertexLonLat(this.cols, this.rows);
    return [w, s, e, n];
  }
}

/** Size factor of a level (1, 4 or 16 fine cells per side). */
export function levelFactor(level: number): number {
  const f = LEVEL_FACTORS[level];
  if (f === undefined) throw new RangeError(`level ${level} must be one of 0…${LEVEL_FACTORS.length - 1}`);
  return f;
}

/** A grid covering `area`'s bounding box, projected about the box's centre. */
export function gridFor(area: AreaGeometry, cellSizeM: number): Grid {
  const [minLon, minLat, maxLon, maxLat] = boundsOf(area);
  if (!(minLon <= maxLon && minLat <= maxLat)) throw new RangeError('the service area has no coordinates');
  const projection = new LocalProjection((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  const x0 = projection.x(minLon), y0 = projection.y(minLat);
  const cols = Math.max(1, Math.ceil((projection.x(maxLon) - x0) / cellSizeM));
  const rows = Math.max(1, Math.ceil((projection.y(maxLat) - y0) / cellSizeM));
  return new Grid(projection, cellSizeM, x0, y0, cols, rows);
}

/**
 * Marks with `value` every cell whose centre lies inside `area` (even–odd rule, so holes and
 * multipolygons work). One scanline per row crosses the edges once: no point-in-polygon per cell.
 */
export function rasterise(grid: Grid, area: AreaGeometry, target: Uint8Array, value: number, onlyWhere?: Uint8Array): number {
  const { projection: p, cellSizeM, originX, cols } = grid;
  const edges: number[] = []; // x1, y1, x2, y2 per edge, projected
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (let k = 0; k + 1 < ring.length; k++)
        edges.push(p.x(ring[k][0]), p.y(ring[k][1]), p.x(ring[k + 1][0]), p.y(ring[k + 1][1]));
  // Bucket edges by the rows they span so each row only tests the edges that cross it.
  const byRow: number[][] = Array.from({ length: grid.rows }, () => []);
  for (let e = 0; e < edges.length; e += 4) {
    const lo = Math.min(edges[e + 1], edges[e + 3]), hi = Math.max(edges[e + 1], edges[e + 3]);
    const r0 = Math.max(0, Math.ceil((lo - grid.originY) / cellSizeM - 0.5));
    const r1 = Math.min(grid.rows - 1, Math.floor((hi - grid.originY) / cellSizeM - 0.5));
    for (let r = r0; r <= r1; r++) byRow[r].push(e);
  }
  let marked = 0;
  const crossings: number[] = [];
  for (let r = 0; r < grid.rows; r++) {
    const yc = grid.rowCentreY(r);
    crossings.length = 0;
    for (const e of byRow[r]) {
      const y1 = edges[e + 1], y2 = edges[e + 3];
      if (y1 <= yc !== y2 <= yc) crossings.push(edges[e] + ((yc - y1) / (y2 - y1)) * (edges[e + 2] - edges[e]));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Cells whose centre x lies in [crossings[k], crossings[k+1]).
      const c0 = Math.max(0, Math.ceil((crossings[k] - originX) / cellSizeM - 0.5));
      const c1 = Math.min(cols - 1, Math.ceil((crossings[k + 1] - originX) / cellSizeM - 0.5) - 1);
      for (let c = c0, id = r * cols + c0; c <= c1; c++, id++) {
        if (onlyWhere && !onlyWhere[id]) continue;
        if (target[id] !== value) marked++;
        target[id] = value;
      }
    }
  }
  return marked;
}

export function boundsOf(area: AreaGeometry): [number, number, number, number] {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [lon, lat] of ring) {
        if (!(Number.isFinite(lon) && Number.isFinite(lat))) throw new RangeError(`area has a bad coordinate [${lon}, ${lat}]`);
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
  return [minLon, minLat, maxLon, maxLat];
}
