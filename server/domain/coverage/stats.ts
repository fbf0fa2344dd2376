// Covered shares of the city, of each ward and of each kind of priority place, as counters that a cell's
// change of class moves by one — exact integers per (area, class, row), turned into m² on demand.
import { CLASS_NAMES, type ClassName } from './classes';
import type { Grid } from './grid';
import type { AreaStats, EvidenceAreas } from './types';
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
export const nearbyMinWeight = 0.5; // readings' worth pooled into a cell: the same bar "why this colour?" uses for "readings nearby inform it"

/** One pass over the city's cells: measured, informed from nearby, or predicted only. */
export function evidenceAreas(grid: Grid, inside: Uint8Array, samples: Uint32Array, pooledWeight: Float64Array): EvidenceAreas {
  let measured = 0, nearby = 0, predicted = 0;
  for (let row = 0, id = 0; row < grid.rows; row++) {
    const m2 = grid.rowAreaM2[row];
    for (let col = 0; col < grid.cols; col++, id++) {
      if (!inside[id]) continue;
      if (samples[id] > 0) measured += m2;
      else if (pooledWeight[id] >= nearbyMinWeight) nearby += m2;
      else predicted += m2;
    }
  }
  const total = measured + nearby + predicted;
  const share = (m2: number) => (total ? round6(m2 / total) : 0);
  return { measuredAreaM2: round2(measured), nearbyAreaM2: round2(nearby), predictedAreaM2: round2(predicted), measuredShare: share(measured), nearbyShare: share(nearby), predictedShare: share(predicted) };
}
