// The physics check's map of known transmitters (registered and on, or discovered): how loud a reading may
// plausibly be in a cell, from the distance to the nearest one. Worked out per cell on first use and kept
// until the transmitters move.
import type { Grid } from './grid';
import { plausibleMaxDbm } from './evidence';
import { Squares } from './squares';

const BUCKET_M = 250; // m: squares of the index
const SEARCH_M = 1_500; // m: beyond this every reading louder than −77 dBm is implausible anyway

/** −76 dBm: a reading this quiet is plausible at any distance the index looks, so none need be looked for. */
export const QUIET_ENOUGH_DBM = plausibleMaxDbm(SEARCH_M);

export class TransmitterIndex {
  private readonly buckets = new Squares<readonly [number, number]>(BUCKET_M); // positions
  private builtFrom = ''; // the positions the index holds, as text
  private readonly loudest: Float32Array; // per cell: the loudest plausible reading (NaN = not worked out yet)

  constructor(private readonly grid: Grid) {
    this.loudest = new Float32Array(grid.cellCount).fill(NaN);
  }

  /** Holds these positions (projected metres) from now on; the same ones again keep every worked-out limit. */
  rebuild(positions: readonly (readonly [number, number])[]): void {
    const key = positions.join(';');
    if (key === this.builtFrom) return;
    this.builtFrom = key;
    this.buckets.clear();
    for (const [x, y] of positions) this.buckets.add(x, y, [x, y]);
    this.loudest.fill(NaN);
  }

  /** The loudest reading physics allows in `cell`, dBm (from its centre to the nearest transmitter). */
  loudestPlausibleDbm(cell: number): number {
    let max = this.loudest[cell];
    if (Number.isNaN(max)) {
      const g = this.grid;
      max = this.loudest[cell] = plausibleMaxDbm(this.nearestM(g.colCentreX(g.col(cell)), g.rowCentreY(g.row(cell))));
    }
    return max;
  }

  /** Distance to the nearest transmitter, true metres; 1.5 km at most. */
  nearestM(x: number, y: number): number {
    const bx = this.buckets.of(x), by = this.buckets.of(y);
    let best = SEARCH_M;
    for (let ring = 0; ring * BUCKET_M <= best + BUCKET_M && ring <= SEARCH_M / BUCKET_M; ring++)
      for (let dx = -ring; dx <= ring; dx++)
        for (let dy = -ring; dy <= ring; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
          for (const [tx, ty] of this.buckets.in(bx + dx, by + dy) ?? []) best = Math.min(best, Math.hypot(tx - x, ty - y));
        }
    return best;
  }
}
