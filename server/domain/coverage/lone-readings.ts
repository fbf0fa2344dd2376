// Phones whose loud readings no other phone backs. A reading well above what the model predicts where it was taken
// is how a new or stronger hotspot shows, and then other phones near it read loud too; a phone scattering usable-
// looking levels where nothing known reaches (each a possible level, so no physics check holds it) is alone at
// almost every spot. Honest phones are alone with such a reading in 0–4 % of their readings (truth simulation,
// seeds 1–3, with scan lists and in a harsher world, one phone with 75 readings at 9 %); that liar in 14–28 %.
import { binomialTail } from './device-trust';
import { Squares, squareKey } from './squares';

export const LOUD_MARGIN_DB = 10; // dB above the cell's prediction: a loud reading (honest ones sit within ~8 dB RMS of a good model)
/**
 * dB below a usable prediction in the cells a reading is pooled into: a quiet reading, which counts on the map only
 * when another phone's came before it within BACKED_WITHIN_M (PhonesNear; ~2.7 σ of shadowing, fading and phone:
 * honest phones read so beside a dead or misplaced hotspot, or rarely by chance). Until 2026-12-07 one phone's 40
 * "nothing heard" beside five live hotspots nobody else had measured blanked 3.87 ha (truth simulation, seed 1,
 * 2,000 readings), and one phone's 577 round Victoria Park took its ward's covered area from 32.2 to 0.9 ha.
 */
export const QUIET_MARGIN_DB = 20;
/**
 * dB above the prediction in its own cell: a usable reading so loud waits for another phone's the same way (the mirror
 * of QUIET_MARGIN_DB; a reading's rise over its own cell's prediction is what it pools round it). Honest phones read
 * so where the registry knows no hotspot or places one wrongly, and another phone passing within 100 m backs them; the
 * lone-loud test below judged the phone instead, and a phone whose lies were a small share of its readings passed it.
 */
export const LOUD_HOLD_MARGIN_DB = 20;
export const BACKED_WITHIN_M = 100; // m: another phone's loud reading this near backs it (shadowing is correlated over ~50 m)
export const HONEST_LONE_SHARE = 0.05; // of a phone's readings: loud and alone, at most, for an honest one (see above)
const LONE_MIN = 5; // places (squares with a lone loud reading): fewer than this never make a phone distrusted
const P_VALUE = 1e-3; // how unlikely an honest phone's count must be: ten times DISTRUST_P_VALUE, as this costs a phone its weight on the map only (it still fits hotspots); at 1e-4 and 10 or more, five phones splitting that liar's 250 readings passed (9.5 ha), at 1e-3 and 5 or more two-fifths of it did not, honest maps the same (default, harsh and scan-list worlds)
const BLOCK_M = BACKED_WITHIN_M; // m: squares of the index (a reading's backers lie in its square's 3 × 3)
// The squares a backer may lie in, its own first (where one usually is): ±2 east–west, as a projected metre is a
// little less than a true one at Kitchener's latitude, ±1 north–south.
const SQUARES = [-2, -1, 0, 1, 2].flatMap((dx) => [-1, 0, 1].map((dy) => [dx, dy] as const)).sort((a, b) => Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]));

/** Loud readings by place, each marked lone until another phone's loud reading lands within BACKED_WITHIN_M. */
export class LoneLoudTally {
  private readonly blocks = new Squares<number>(BLOCK_M); // loud readings by index
  private readonly loneIn = new Map<number, number>(); // square → its lone readings: once a reading is backed, squares with none need no look
  private xs: number[] = [];
  private ys: number[] = [];
  private devices: number[] = [];
  private lone: Uint8Array = new Uint8Array(256);
  private backs: Uint8Array = new Uint8Array(256); // by index: 1 when its fix may back another phone's reading
  private loneBy = new Int32Array(64); // by device id: the squares where it has a lone loud reading (places, not readings: an honest phone alone at one new hotspot is alone there with every reading of its walk)
  private readonly loneAt = new Map<number, Map<number, number>>(); // square → device → its lone loud readings there
  private readingsBy = new Int32Array(64); // by device id: its readings, loud or not (typed: every reading of a million counts at each full recompute)

  clear(): void {
    this.blocks.clear();
    this.loneIn.clear();
    this.loneAt.clear();
    this.xs = [];
    this.ys = [];
    this.devices = [];
    this.loneBy.fill(0);
    this.readingsBy.fill(0);
  }

  /** One reading of `device` (call add too when it is loud). */
  countReading(device: number): void {
    if (device >= this.readingsBy.length) [this.readingsBy, this.loneBy] = [grown(this.readingsBy, device), grown(this.loneBy, device)];
    this.readingsBy[device]++;
  }

  /**
   * A loud reading of `device` at (x, y) in projected metres; `east` turns projected metres east–west into true ones.
   * `backs`: its fix is precise enough to say another phone stood near a loud reading (a vague one may lie 150 m off).
   */
  add(device: number, x: number, y: number, east: number, backs = true): void {
    const k = this.xs.length, bx = this.blocks.of(x), by = this.blocks.of(y);
    let backed = false;
    for (const [dx, dy] of SQUARES) {
      const square = squareKey(bx + dx, by + dy);
      if (backed && !(backs && this.loneIn.get(square))) continue; // where readings crowd, each would otherwise look at all the others
      for (const j of this.blocks.in(bx + dx, by + dy) ?? []) {
        if (this.devices[j] === device || Math.hypot((this.xs[j] - x) * east, this.ys[j] - y) > BACKED_WITHIN_M) continue;
        if (this.backs[j]) backed = true;
        if (backs && this.lone[j]) {
          this.lone[j] = 0;
          this.loneIn.set(square, this.loneIn.get(square)! - 1);
          this.countLone(this.devices[j], square, -1);
        }
      }
    }
    this.xs.push(x);
    this.ys.push(y);
    this.devices.push(device);
    if (k >= this.lone.length) {
      const grown = new Uint8Array(this.lone.length * 2), grownBacks = new Uint8Array(this.lone.length * 2);
      grown.set(this.lone);
      grownBacks.set(this.backs);
      this.lone = grown;
      this.backs = grownBacks;
    }
    this.lone[k] = backed ? 0 : 1;
    this.backs[k] = backs ? 1 : 0;
    const own = squareKey(bx, by);
    if (!backed) {
      this.loneIn.set(own, (this.loneIn.get(own) ?? 0) + 1);
      this.countLone(device, own, 1);
    }
    this.blocks.add(x, y, k);
  }

  /** A lone loud reading of `device` in `square` came (+1) or was backed (−1): the square counts while it has one. */
  private countLone(device: number, square: number, by: 1 | -1): void {
    let here = this.loneAt.get(square);
    if (!here) this.loneAt.set(square, (here = new Map()));
    const before = here.get(device) ?? 0, after = before + by;
    here.set(device, after);
    if (device >= this.loneBy.length) [this.readingsBy, this.loneBy] = [grown(this.readingsBy, device), grown(this.loneBy, device)];
    if (before === 0 && after === 1) this.loneBy[device]++;
    else if (before === 1 && after === 0) this.loneBy[device]--;
  }

  /** Phones alone with a loud reading in far more places than an honest phone is (a binomial test, as device-trust.ts). */
  suspects(): Set<number> {
    const out = new Set<number>();
    for (let device = 0; device < this.loneBy.length; device++) {
      const lone = this.loneBy[device], n = Math.max(this.readingsBy[device], lone);
      if (lone >= LONE_MIN && lone > HONEST_LONE_SHARE * n && binomialTail(lone, n, HONEST_LONE_SHARE) < P_VALUE) out.add(device);
    }
    return out;
  }
}

/** A copy of `a` long enough to hold index `index` (at least doubled). */
function grown(a: Int32Array, index: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(index + 1, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Which phones' readings came in each cell, to tell whether another phone's lies in a cell whose centre is within
 * BACKED_WITHIN_M of a reading's (before it, or at all: the engine releases a held reading when one comes). One
 * number per cell (nobody, which phone, or several), so a look costs the ~50 cells of a disc:
 * positions by square and phone made the full recompute 1.2 s instead of 0.9 s with a million readings (benchmark).
 */
export class PhonesNear {
  private readonly who: Int32Array; // per cell: NOBODY, the one phone whose reading came there, or SEVERAL
  private readonly disc: Int32Array; // (column, row) offsets of the cells within reach, in pairs

  constructor(private readonly cols: number, private readonly rows: number, cellSizeM: number) {
    this.who = new Int32Array(cols * rows).fill(NOBODY);
    const r = Math.floor(BACKED_WITHIN_M / cellSizeM), offsets: number[] = [];
    for (let dr = -r; dr <= r; dr++) for (let dc = -r; dc <= r; dc++) if ((dc * dc + dr * dr) * cellSizeM * cellSizeM <= BACKED_WITHIN_M * BACKED_WITHIN_M) offsets.push(dc, dr);
    this.disc = Int32Array.from(offsets);
  }

  clear(): void {
    this.who.fill(NOBODY);
  }

  /** Records a reading of `device` in `cell`; true when another phone's was already within reach. */
  add(device: number, cell: number): boolean {
    const backed = this.backed(device, cell), { who } = this, here = who[cell];
    who[cell] = here === NOBODY || here === device ? device : SEVERAL;
    return backed;
  }

  /** Whether a phone other than `device` has a reading recorded within reach of `cell`. */
  backed(device: number, cell: number): boolean {
    const { who } = this;
    return this.someCellNear(cell, (c) => who[c] === SEVERAL || (who[c] !== NOBODY && who[c] !== device));
  }

  /** Calls fn for each cell whose centre lies within BACKED_WITHIN_M of `cell`'s (itself included). */
  forCellsNear(cell: number, fn: (cell: number) => void): void {
    this.someCellNear(cell, (c) => {
      fn(c);
      return false;
    });
  }

  /** Whether `test` holds for a cell within reach of `cell` (on the grid), stopping at the first that does. */
  private someCellNear(cell: number, test: (cell: number) => boolean): boolean {
    const { cols, rows, disc } = this, row = Math.floor(cell / cols), col = cell - row * cols;
    for (let k = 0; k < disc.length; k += 2) {
      const c = col + disc[k], r = row + disc[k + 1];
      if (c >= 0 && c < cols && r >= 0 && r < rows && test(r * cols + c)) return true;
    }
    return false;
  }
}

const NOBODY = -1, SEVERAL = -2;
