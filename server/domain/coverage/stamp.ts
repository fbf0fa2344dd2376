// Predicted signal per cell: each access point stamps its disc of reach onto the grid, keeping for each
// cell the best prediction and the strongest few access points (for explanations).
import type { Grid } from './grid';
import type { LinkModel } from './propagation';
import { modelReachM } from './propagation';

/** A transmitter placed on the grid: its model and projected position. */
export interface Transmitter {
  index: number; // position in the registry list, stored per cell
  x: number; // projected metres
  y: number;
  lat: number; // for the east–west scale at its latitude
  model: LinkModel;
}

export class Prediction {
  /** K strongest access points per cell (registry index, -1 = none) and their predicted dBm (-Infinity = none). */
  readonly top: Int32Array;
  readonly topDbm: Float32Array;
  /** topDbm of the strongest AP, kept apart so whole-city loops read 4 bytes per cell, not 4·K. */
  readonly bestDbm: Float32Array;
  constructor(readonly cellCount: number, readonly k: number) {
    this.top = new Int32Array(cellCount * k).fill(-1);
    this.topDbm = new Float32Array(cellCount * k).fill(-Infinity);
    this.bestDbm = new Float32Array(cellCount).fill(-Infinity);
  }
  best(cell: number): number {
    return this.bestDbm[cell];
  }
  clear(): void {
    this.top.fill(-1);
    this.topDbm.fill(-Infinity);
    this.bestDbm.fill(-Infinity);
  }
}

/**
 * Stamps `tx` onto the cells whose centre lies within its reach at `floorDbm` (beyond it a cell is 'none'
 * whatever the AP does). Distances are true metres: the east–west scale is taken at the AP's latitude.
 * `visit(cell, dbm)` is called for each stamped cell.
 */
export function stampDisc(grid: Grid, tx: Transmitter, floorDbm: number, visit: (cell: number, dbm: number) => void, window?: CellWindow): void {
  const reach = modelReachM(tx.model, floorDbm);
  if (reach <= 0) return;
  const east = grid.projection.eastScale(tx.lat); // true metres per projected metre, east–west
  const cs = grid.cellSizeM;
  const dbmAt1m = tx.model.dbmAt1m, fiveN = 5 * tx.model.n; // 10·n·log10(d) = 5·n·log10(d²)
  const reach2 = reach * reach;
  let r0 = Math.max(0, Math.ceil((tx.y - reach - grid.originY) / cs - 0.5));
  let r1 = Math.min(grid.rows - 1, Math.floor((tx.y + reach - grid.originY) / cs - 0.5));
  if (window) { r0 = Math.max(r0, window.row0); r1 = Math.min(r1, window.row1); }
  for (let r = r0; r <= r1; r++) {
    const dy = grid.rowCentreY(r) - tx.y;
    const dy2 = dy * dy;
    const halfX = Math.sqrt(Math.max(0, reach2 - dy2)) / east;
    let c0 = Math.max(0, Math.ceil((tx.x - halfX - grid.originX) / cs - 0.5));
    let c1 = Math.min(grid.cols - 1, Math.floor((tx.x + halfX - grid.originX) / cs - 0.5));
    if (window) { c0 = Math.max(c0, window.col0); c1 = Math.min(c1, window.col1); }
    const rowBase = r * grid.cols;
    for (let c = c0; c <= c1; c++) {
      const dx = (grid.originX + (c + 0.5) * cs - tx.x) * east;
      const d2 = dx * dx + dy2;
      if (d2 > reach2) continue; // float edge of the row span
      visit(rowBase + c, d2 <= 1 ? dbmAt1m : dbmAt1m - fiveN * Math.log10(d2));
    }
  }
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

/** Stamps every transmitter, in order, keeping the K best per cell (ties keep the earlier AP first). */
export function stampAll(grid: Grid, transmitters: readonly Transmitter[], floorDbm: number, prediction: Prediction): void {
  prediction.clear();
  const { top, topDbm, bestDbm, k } = prediction;
  for (const tx of transmitters) {
    const index = tx.index;
    stampDisc(grid, tx, floorDbm, (cell, dbm) => {
      const base = cell * k;
      if (!(dbm > topDbm[base + k - 1])) return;
      let slot = base + k - 1;
      while (slot > base && dbm > topDbm[slot - 1]) {
        topDbm[slot] = topDbm[slot - 1];
        top[slot] = top[slot - 1];
        slot--;
      }
      topDbm[slot] = dbm;
      top[slot] = index;
      if (slot === base) bestDbm[cell] = dbm;
    });
  }
}
