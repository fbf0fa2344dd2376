// Scoring a coverage map against the truth, cell by cell: pure functions over plain arrays.

export type ClassName = 'good' | 'fair' | 'poor' | 'none';

export const THRESHOLDS_DBM = { good: -67, fair: -75, poor: -85 }; // dBm: lower bounds, the product's own (server/domain/coverage/options.ts)

export function classOf(dbm: number): ClassName {
  return dbm >= THRESHOLDS_DBM.good ? 'good' : dbm >= THRESHOLDS_DBM.fair ? 'fair' : dbm >= THRESHOLDS_DBM.poor ? 'poor' : 'none';
}

/** "Covered": usable for browsing. */
export const isUsable = (c: ClassName) => c === 'good' || c === 'fair';

export interface ScoredCell {
  areaM2: number;
  truth: ClassName;
  predicted: ClassName;
  pUsable?: number | null; // the map's probability that the cell is usable, when it gives one
}

export interface CellMetrics {
  cells: number;
  accuracy4: number; // share of area whose class is right
  usableAccuracy: number; // share of area whose usable/not is right
  iou: number; // usable area: |predicted ∩ true| / |predicted ∪ true|; 1 when both are empty
  brier: number | null; // area-weighted mean of (pUsable − truly usable)², when every cell has pUsable
}

export function cellMetrics(cells: ScoredCell[]): CellMetrics {
  let total = 0, right4 = 0, rightUsable = 0, both = 0, either = 0, brier = 0;
  let withP = 0;
  for (const c of cells) {
    const t = isUsable(c.truth), p = isUsable(c.predicted);
    total += c.areaM2;
    if (c.truth === c.predicted) right4 += c.areaM2;
    if (t === p) rightUsable += c.areaM2;
    if (t && p) both += c.areaM2;
    if (t || p) either += c.areaM2;
    if (typeof c.pUsable === 'number') {
      withP++;
      brier += c.areaM2 * (c.pUsable - (t ? 1 : 0)) ** 2;
    }
  }
  return {
    cells: cells.length,
    accuracy4: total ? right4 / total : NaN,
    usableAccuracy: total ? rightUsable / total : NaN,
    iou: either ? both / either : 1,
    brier: withP === cells.length && total ? brier / total : null,
  };
}

/** (map's covered area − true covered area) / true covered area. */
export function areaError(mapM2: number, trueM2: number): number {
  if (!(trueM2 > 0)) throw new RangeError(`true covered area ${trueM2} m² must be positive`);
  return (mapM2 - trueM2) / trueM2;
}

/** Area of the cells whose usable/not differs between two maps (cells missing from either are skipped), m². */
export function flippedAreaM2(a: Map<number, boolean>, b: Map<number, boolean>, areaM2: Map<number, number>): number {
  let sum = 0;
  for (const [id, usable] of a) {
    const other = b.get(id);
    if (other !== undefined && other !== usable) sum += areaM2.get(id) ?? 0;
  }
  return sum;
}

/** Share of `items` that `found` accepts; 0 of 0 counts as 1 (nothing to find). */
export function shareFound<T>(items: T[], found: (item: T) => boolean): number {
  return items.length ? items.filter(found).length / items.length : 1;
}
