// Per-cell measured evidence: one entry per (cell, device) so a single device's weight in a cell can be
// capped. Entries live in flat typed arrays as per-cell linked lists: no objects, no hashing.

export const UNKNOWN_DEVICE = 0; // samples without a device key share this one capped bucket per cell

export class Ledger {
  readonly head: Int32Array; // first entry of each cell, -1 = none
  /** Capped evidence weight and weighted dBm sum per cell: Σ_device min(w, cap) and Σ min(w, cap)·mean. */
  readonly weight: Float64Array;
  readonly weightedDbm: Float64Array;
  readonly samples: Uint32Array; // samples that touched the cell
  readonly newest: Float64Array; // ms, time of the newest sample; -Infinity = none
  entries = 0;
  next = new Int32Array(1024);
  device = new Int32Array(1024);
  w = new Float64Array(1024); // uncapped weight of the device's samples in this cell
  s = new Float64Array(1024); // Σ weight·dBm of those samples

  private reduced: Uint8Array = new Uint8Array(0); // by device id: 1 where its cap is reduced (a flag, not a Set: read for every entry added or judged)
  private reducedCap = 0;

  constructor(cellCount: number, readonly cap: number, readonly negativeBelowDbm: number) {
    this.head = new Int32Array(cellCount).fill(-1);
    this.weight = new Float64Array(cellCount);
    this.weightedDbm = new Float64Array(cellCount);
    this.samples = new Uint32Array(cellCount);
    this.newest = new Float64Array(cellCount).fill(-Infinity);
  }

  /**
   * Devices whose weight in any one cell is capped lower (a phone the others contradict: its readings weigh a
   * fraction each, and so must their sum, or a liar's twenty readings in a cell would weigh a whole phone again).
   * Set right after clear(), before the ledger is filled again: the cell sums assume one cap per entry throughout.
   */
  reduceCaps(devices: ReadonlySet<number>, scale: number): void {
    let top = -1;
    for (const d of devices) if (d > top) top = d;
    this.reduced = new Uint8Array(top + 1);
    for (const d of devices) this.reduced[d] = 1;
    this.reducedCap = this.cap * scale;
  }

  /** The most one device's samples weigh in one cell. */
  capOf(device: number): number {
    return device < this.reduced.length && this.reduced[device] === 1 ? this.reducedCap : this.cap;
  }

  clear(): void {
    this.head.fill(-1);
    this.weight.fill(0);
    this.weightedDbm.fill(0);
    this.samples.fill(0);
    this.newest.fill(-Infinity);
    this.entries = 0;
  }

  /**
   * Adds one sample's share to a cell. Returns +1 when the (cell, device) pair has just become evidence
   * of "not covered" from a known device, −1 when it stopped being so, 0 otherwise (for gap confirmations).
   */
  add(cell: number, device: number, weight: number, dbm: number, time: number): number {
    let e = this.head[cell];
    while (e >= 0 && this.device[e] !== device) e = this.next[e];
    let before = 0, oldContribution = 0, oldCapped = 0;
    if (e < 0) {
      e = this.newEntry(cell, device);
    } else {
      before = this.isNegative(e) ? 1 : 0;
      oldCapped = Math.min(this.w[e], this.capOf(this.device[e]));
      oldContribution = oldCapped * (this.s[e] / this.w[e]);
    }
    this.w[e] += weight;
    this.s[e] += weight * dbm;
    const capped = Math.min(this.w[e], this.capOf(this.device[e]));
    this.weight[cell] += capped - oldCapped;
    this.weightedDbm[cell] += capped * (this.s[e] / this.w[e]) - oldContribution;
    this.samples[cell]++;
    if (time > this.newest[cell]) this.newest[cell] = time;
    return (this.isNegative(e) ? 1 : 0) - before;
  }

  /** add() for bulk rebuilds, where nobody listens for confirmations: the same arithmetic, nothing else. */
  addQuietly(cell: number, device: number, weight: number, dbm: number, time: number): void {
    let e = this.head[cell];
    while (e >= 0 && this.device[e] !== device) e = this.next[e];
    let oldContribution = 0, oldCapped = 0;
    if (e < 0) e = this.newEntry(cell, device);
    else {
      oldCapped = Math.min(this.w[e], this.capOf(this.device[e]));
      oldContribution = oldCapped * (this.s[e] / this.w[e]);
    }
    this.w[e] += weight;
    this.s[e] += weight * dbm;
    const capped = Math.min(this.w[e], this.capOf(this.device[e]));
    this.weight[cell] += capped - oldCapped;
    this.weightedDbm[cell] += capped * (this.s[e] / this.w[e]) - oldContribution;
    this.samples[cell]++;
    if (time > this.newest[cell]) this.newest[cell] = time;
  }

  /** (Σ c)² / Σ c² over the cell's devices' capped weights c: how many equally weighted phones its mean is worth. */
  effectiveDevices(cell: number): number {
    let sum = 0, sumSq = 0;
    for (let e = this.head[cell]; e >= 0; e = this.next[e]) {
      const c = Math.min(this.w[e], this.capOf(this.device[e]));
      sum += c;
      sumSq += c * c;
    }
    return sumSq > 0 ? (sum * sum) / sumSq : 0;
  }

  /** A known device whose evidence in this cell, on balance, says "not covered". */
  isNegative(entry: number): boolean {
    return this.device[entry] !== UNKNOWN_DEVICE && this.w[entry] > 0 && this.s[entry] / this.w[entry] < this.negativeBelowDbm;
  }

  /** Calls fn(device) for each known device whose evidence in `cell` says "not covered". */
  forEachNegativeDevice(cell: number, fn: (device: number) => void): void {
    for (let e = this.head[cell]; e >= 0; e = this.next[e]) if (this.isNegative(e)) fn(this.device[e]);
  }

  /** Number of known devices with evidence in `cell`. */
  knownDevices(cell: number): number {
    let count = 0;
    for (let e = this.head[cell]; e >= 0; e = this.next[e]) if (this.device[e] !== UNKNOWN_DEVICE) count++;
    return count;
  }

  /**
   * Sizes the entry arrays for about `entries` entries (a rebuild knows its count up front), with 1/8 to
   * spare for samples that follow, instead of doubling into up to twice the memory needed.
   */
  reserve(entries: number): void {
    const size = Math.max(1024, Math.ceil(entries * 1.125));
    if (this.next.length >= entries && this.next.length <= 2 * size) return;
    this.resize(size);
  }

  private resize(size: number): void {
    const keep = Math.min(this.entries, size);
    const copy = <T extends Int32Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(size);
      b.set(a.subarray(0, keep));
      return b;
    };
    this.next = copy(this.next, Int32Array);
    this.device = copy(this.device, Int32Array);
    this.w = copy(this.w, Float64Array);
    this.s = copy(this.s, Float64Array);
  }

  private newEntry(cell: number, device: number): number {
    if (this.entries === this.next.length) this.resize(this.entries * 2);
    const e = this.entries++;
    this.next[e] = this.head[cell];
    this.device[e] = device;
    this.w[e] = 0;
    this.s[e] = 0;
    this.head[cell] = e;
    return e;
  }
}
