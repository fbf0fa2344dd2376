// Covered shares of the city, of each ward and of each kind of priority place, as counters that a cell's
// change of class moves by one — exact integers per (area, class, row), turned into m² on demand.
import { CLASS_NAMES, type ClassName } from './classes';
import type { Grid } from './grid';
import type { AreaStats } from './types';
import { round2, round6 } from '../geo';

export interface AreaInfo {
  id: string;
  name: string | null;
}

export class StatsCounters {
  /**
   * Cells per area (0 = city, k = ward k), class and row: slot (area·4 + class)·rows + row, see slot().
   * A full recompute fills them in the engine's own pass over the city; move() keeps them after that.
   */
  readonly counts: Int32Array;
  readonly placeKinds = new Map<string, { total: number; covered: number; outsideCity: number }>();

  constructor(private readonly grid: Grid, readonly areas: AreaInfo[], private readonly ward: Uint8Array) {
    this.counts = new Int32Array(areas.length * CLASS_NAMES.length * grid.rows);
  }

  private slot(area: number, cls: number, row: number): number {
    return (area * CLASS_NAMES.length + cls) * this.grid.rows + row;
  }

  /** A city cell moved from class `from` to class `to`. */
  move(cell: number, from: number, to: number): void {
    const row = this.grid.row(cell);
    this.counts[this.slot(0, from, row)]--;
    this.counts[this.slot(0, to, row)]++;
    const w = this.ward[cell];
    if (w) {
      this.counts[this.slot(w, from, row)]--;
      this.counts[this.slot(w, to, row)]++;
    }
  }

  areaStats(area: number, covered: Uint8Array): AreaStats {
    const byClassM2 = {} as Record<ClassName, number>;
    let total = 0, coveredArea = 0;
    CLASS_NAMES.forEach((name, cls) => {
      let m2 = 0;
      for (let row = 0, s = this.slot(area, cls, 0); row < this.grid.rows; row++, s++) if (this.counts[s]) m2 += this.counts[s] * this.grid.rowAreaM2[row];
      byClassM2[name] = round2(m2);
      total += m2;
      if (covered[cls]) coveredArea += m2;
    });
    const { id, name } = this.areas[area];
    return { id, name, areaM2: round2(total), coveredAreaM2: round2(coveredArea), coveredShare: total ? round6(coveredArea / total) : 0, byClassM2 };
  }

  /** Cells counted per class, city-wide. */
  cellsByClass(): number[] {
    return CLASS_NAMES.map((_, cls) => {
      let n = 0;
      for (let row = 0, s = this.slot(0, cls, 0); row < this.grid.rows; row++, s++) n += this.counts[s];
      return n;
    });
  }
}