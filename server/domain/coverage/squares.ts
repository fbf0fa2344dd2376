// Items filed by the square of a grid they stand in, so the ones near a point are found without a scan: the
// readings near a hotspot, the transmitters near a cell, the listings near a radio, the loud readings near another.

/**
 * One number per square: distinct for squares fewer than 50,001 apart north–south (a city at 25 m squares spans
 * a few thousand), and a Map keyed by numbers is several times faster than by strings.
 */
export const squareKey = (i: number, j: number): number => i * 100_003 + j;

export class Squares<T> {
  private readonly lists = new Map<number, T[]>();

  /** `sideM`: the side of a square, in the units of the coordinates given (projected metres). */
  constructor(readonly sideM: number) {}

  /** The column (of x) or row (of y) of the squares that coordinate `v` falls in. */
  of(v: number): number {
    return Math.floor(v / this.sideM);
  }

  add(x: number, y: number, item: T): void {
    const key = squareKey(this.of(x), this.of(y)), list = this.lists.get(key);
    if (list) list.push(item);
    else this.lists.set(key, [item]);
  }

  /** The items filed in square (i, j), in the order they were added. */
  in(i: number, j: number): readonly T[] | undefined {
    return this.lists.get(squareKey(i, j));
  }

  /** Calls fn for every item of the squares that overlap [x − rx, x + rx] × [y − ry, y + ry], square by square (west to east, south to north). */
  forEachNear(x: number, y: number, rx: number, ry: number, fn: (item: T) => void): void {
    const i1 = this.of(x + rx), j0 = this.of(y - ry), j1 = this.of(y + ry);
    for (let i = this.of(x - rx); i <= i1; i++)
      for (let j = j0; j <= j1; j++) {
        const list = this.lists.get(squareKey(i, j));
        if (list) for (let k = 0; k < list.length; k++) fn(list[k]);
      }
  }

  clear(): void {
    this.lists.clear();
  }
}
