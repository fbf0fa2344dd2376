// The public 25 m cells: the grid publicPosition() snaps reports to, named and drawn, so public
// observation statistics and public report positions fall on one and the same grid.
import { METRES_PER_DEGREE_LAT, round6 } from './geo';
import type { BBox, LonLat } from './types';

export interface CellIndex {
  row: number; // floor(lat / step): counts cells north of the equator
  col: number; // floor(lon / step at the row's centre latitude): counts cells east of Greenwich
}

const stepLat = (cellM: number) => cellM / METRES_PER_DEGREE_LAT;
const stepLon = (row: number, cellM: number) =>
  cellM / (METRES_PER_DEGREE_LAT * Math.cos((((row + 0.5) * stepLat(cellM)) * Math.PI) / 180));

/** The cell a position falls in; the same arithmetic as publicPosition(), so its centre is that position. */
export function cellOf([lon, lat]: LonLat, cellM: number): CellIndex {
  const row = Math.floor(lat / stepLat(cellM));
  return { row, col: Math.floor(lon / stepLon(row, cellM)) };
}

/** "row_col", e.g. "194336_-288713": stable across rebuilds, so a GIS join on it keeps working. */
export const cellId = ({ row, col }: CellIndex): string => `${row}_${col}`;

export function parseCellId(id: string): CellIndex | undefined {
  const match = /^(-?\d{1,9})_(-?\d{1,9})$/.exec(id);
  return match ? { row: Number(match[1]), col: Number(match[2]) } : undefined;
}

/** [west, south, east, north] of the cell, unrounded, for filtering. */
export function cellBounds({ row, col }: CellIndex, cellM: number): BBox {
  const dLat = stepLat(cellM);
  const dLon = stepLon(row, cellM);
  return [col * dLon, row * dLat, (col + 1) * dLon, (row + 1) * dLat];
}

/** The cell's centre, computed exactly as publicPosition() computes it. */
export function cellCentre({ row, col }: CellIndex, cellM: number): LonLat {
  return [round6((col + 0.5) * stepLon(row, cellM)), round6((row + 0.5) * stepLat(cellM))];
}

/** The cell as an RFC 7946 polygon: one counter-clockwise ring, first vertex repeated last. */
export function cellPolygon(cell: CellIndex, cellM: number): GeoJSON.Polygon {
  const [w, s, e, n] = cellBounds(cell, cellM).map(round6);
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

/** A box widened by `metres` on every side: a point shown at its cell centre can lie this far outside the box. */
export function widenBox([minLon, minLat, maxLon, maxLat]: BBox, metres: number): BBox {
  const dLat = metres / METRES_PER_DEGREE_LAT;
  const poleward = Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)) + dLat);
  const dLon = metres / (METRES_PER_DEGREE_LAT * Math.cos((poleward * Math.PI) / 180));
  return [minLon - dLon, minLat - dLat, maxLon + dLon, maxLat + dLat];
}

export const boxContains = ([minLon, minLat, maxLon, maxLat]: BBox, [lon, lat]: LonLat): boolean =>
  lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;

export const boxesIntersect = (a: BBox, b: BBox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** What the public sees of the observations in one cell: counts and a mean, never who measured. */
export interface ObservationCell {
  id: string;
  cell: CellIndex;
  observations: number; // real observations in the cell (simulated ones are never mixed in)
  signalReadings: number; // of which carried a signal strength
  meanDbm: number | null; // mean signal of those readings, dBm to 0.1 (a mean can be kept current per insert; a median cannot)
  noFreeNetwork: number; // of which said "no free network heard"
  firstAt: string; // ISO time of the oldest observation
  newestAt: string; // ISO time of the newest observation
}
