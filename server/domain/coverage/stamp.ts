// Predicted signal per cell: each access point stamps its disc of reach onto the grid, keeping for each
// cell the best prediction. Which access points contribute to a cell is worked out when someone asks
// (contributorsAt): keeping the strongest few per cell cost as much again as the stamping.
import type { Grid } from './grid';
import type { LinkModel } from './propagation';
import { modelReachM } from './propagation';
import { FAST_LN_MAX, fastLn } from './fast-log';

/** A transmitter placed on the grid: its model and projected position. */
export interface Transmitter {
  index: number; // position in the registry list
  x: number; // projected metres
  y: number;
  lat: number; // for the east–west scale at its latitude
  model: LinkModel;
}

export class Prediction {
  /** Predicted dBm of the strongest access point per cell (-Infinity = none reaches it). */
  readonly bestDbm: Float32Array;
  constructor(readonly cellCount: number) {
    this.bestDbm = new Float32Array(cellCount).fill(-Infinity);
  }
  best(cell: number): number {
    return this.bestDbm[cell];
  }
  clear(): void {
    this.bestDbm.fill(-Infinity);
  }
}

/**
 * The arithmetic every stamp shares, so the whole-city stamp, what-if and explanations agree to the bit:
 * dBm at squared distance d² = dbmAt1m − 10·n·log10(d) = dbmAt1m − (5·n/ln 10)·ln(d²), with fastLn.
 */
interface Disc {
  reach2: number; // squared reach at the floor, true m²
  east: number; // true metres per projected metre, east–west, at the AP's latitude
  dbmAt1m: number;
  slope: number; // 5·n·log10(e)
}

function discOf(tx: Transmitter, grid: Grid, floorDbm: number): Disc | null {
  const reach = Math.min(modelReachM(tx.model, floorDbm), Math.sqrt(FAST_LN_MAX)); // 46 km: more than any city
  if (reach <= 0) return null;
  return { reach2: reach * reach, east: grid.projection.eastScale(tx.lat), dbmAt1m: tx.model.dbmAt1m, slope: 5 * tx.model.n * Math.LOG10E };
}

/** Squared true distance from the transmitter to the centre of cell (col, row), m². */
function distance2(grid: Grid, tx: Transmitter, east: number, col: number, row: number): number {
  const dx = (grid.originX + (col + 0.5) * grid.cellSizeM - tx.x) * east;
  const dy = grid.originY + (row + 0.5) * grid.cellSizeM - tx.y;
  return dx * dx + dy * dy;
}

/**
 * Visits the cells whose centre lies within the transmitter's reach at `floorDbm` (beyond it a cell is
 * 'none' whatever the AP does), clipped to `window`: `row(r, c0, c1, dy2)` once per row of the disc.
 */
function forEachDiscRow(grid: Grid, tx: Transmitter, disc: Disc, window: CellWindow | undefined, row: (r: number, c0: number, c1: number, dy2: number) => void): void {
  const cs = grid.cellSizeM, reach = Math.sqrt(disc.reach2);
  let r0 = Math.max(0, Math.ceil((tx.y - reach - grid.originY) / cs - 0.5));
  let r1 = Math.min(grid.rows - 1, Math.floor((tx.y + reach - grid.originY) / cs - 0.5));
  if (window) { r0 = Math.max(r0, window.row0); r1 = Math.min(r1, window.row1); }
  for (let r = r0; r <= r1; r++) {
    const dy = grid.originY + (r + 0.5) * cs - tx.y, dy2 = dy * dy;
    const halfX = Math.sqrt(Math.max(0, disc.reach2 - dy2)) / disc.east;
    let c0 = Math.max(0, Math.ceil((tx.x - halfX - grid.originX) / cs - 0.5));
    let c1 = Math.min(grid.cols - 1, Math.floor((tx.x + halfX - grid.originX) / cs - 0.5));
    if (window) { c0 = Math.max(c0, window.col0); c1 = Math.min(c1, window.col1); }
    if (c0 <= c1) row(r, c0, c1, dy2);
  }
}

/** Stamps `tx`, calling `visit(cell, dbm)` for each cell within its reach (and `window`, if given). */
export function stampDisc(grid: Grid, tx: Transmitter, floorDbm: number, visit: (cell: number, dbm: number) => void, window?: CellWindow): void {
  const disc = discOf(tx, grid, floorDbm);
  if (!disc) return;
  const { reach2, east, dbmAt1m, slope } = disc;
  forEachDiscRow(grid, tx, disc, window, (r, c0, c1, dy2) => {
    for (let c = c0, cell = r * grid.cols + c0; c <= c1; c++, cell++) {
      const dx = (grid.originX + (c + 0.5) * grid.cellSizeM - tx.x) * east;
      const d2 = dx * dx + dy2;
      if (d2 > reach2) continue; // float edge of the row span
      visit(cell, d2 <= 1 ? dbmAt1m : dbmAt1m - slope * fastLn(d2));
    }
  });
}

/** Every transmitter stamped, keeping the best per cell: the hot loop of a full recompute, so no callback per cell. */
export function stampAll(grid: Grid, transmitters: readonly Transmitter[], floorDbm: number, prediction: Prediction): void {
  prediction.clear();
  const best = prediction.bestDbm;
  const { originX, cellSizeM: cs } = grid;
  for (const tx of transmitters) {
    const disc = discOf(tx, grid, floorDbm);
    if (!disc) continue;
    const { reach2, east, dbmAt1m, slope } = disc;
    const x = tx.x;
    forEachDiscRow(grid, tx, disc, undefined, (r, c0, c1, dy2) => {
      for (let c = c0, cell = r * grid.cols + c0; c <= c1; c++, cell++) {
        const dx = (originX + (c + 0.5) * cs - x) * east;
        const d2 = dx * dx + dy2;
        if (d2 > reach2) continue;
        const dbm = d2 <= 1 ? dbmAt1m : dbmAt1m - slope * fastLn(d2);
        if (dbm > best[cell]) best[cell] = dbm;
      }
    });
  }
}

/** A transmitter's prediction at one cell, or null beyond its reach: the same number its stamp wrote there. */
export function predictAtCell(grid: Grid, tx: Transmitter, floorDbm: number, cell: number): { dbm: number; distanceM: number } | null {
  const disc = discOf(tx, grid, floorDbm);
  if (!disc) return null;
  const d2 = distance2(grid, tx, disc.east, grid.col(cell), grid.row(cell));
  if (d2 > disc.reach2) return null;
  return { dbm: Math.fround(d2 <= 1 ? disc.dbmAt1m : disc.dbmAt1m - disc.slope * fastLn(d2)), distanceM: Math.sqrt(d2) };
}

/** The `k` strongest transmitters at a cell, strongest first (ties: the earlier in the registry). */
export function contributorsAt(grid: Grid, transmitters: readonly Transmitter[], floorDbm: number, cell: number, k: number): { tx: Transmitter; dbm: number; distanceM: number }[] {
  const found = [];
  for (const tx of transmitters) {
    const p = predictAtCell(grid, tx, floorDbm, cell);
    if (p) found.push({ tx, ...p });
  }
  return found.sort((a, b) => b.dbm - a.dbm || a.tx.index - b.tx.index).slice(0, k);
}

/** A rectangle of cells, inclusive bounds. */
export interface CellWindow {
  col0: number;
  col1: number;
  row0: number;
  row1: number;
}

/** The cells a transmitter's stamp can touch, or null when it misses the grid. */
export function discWindow(grid: Grid, tx: Transmitter, floorDbm: number): CellWindow | null {
  const reach = modelReachM(tx.model, floorDbm);
  if (reach <= 0) return null;
  const halfX = reach / grid.projection.eastScale(tx.lat), cs = grid.cellSizeM;
  const w = {
    col0: Math.max(0, Math.floor((tx.x - halfX - grid.originX) / cs)),
    col1: Math.min(grid.cols - 1, Math.floor((tx.x + halfX - grid.originX) / cs)),
    row0: Math.max(0, Math.floor((tx.y - reach - grid.originY) / cs)),
    row1: Math.min(grid.rows - 1, Math.floor((tx.y + reach - grid.originY) / cs)),
  };
  return w.col0 <= w.col1 && w.row0 <= w.row1 ? w : null;
}
