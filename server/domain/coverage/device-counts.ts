// Devices with "not covered" evidence in one gap → in how many of its cells. A full relabelling fills
// hundreds of gaps with thousands of devices each (2.5M pairs at 1M observations); as Map entries that
// cost more than the rest of the relabelling, so a rebuilt gap keeps two packed arrays and becomes a Map
// only when a cell of it changes.
export class DeviceCounts {
  private map: Map<number, number> | null;
  private ids: Int32Array | null = null;
  private counts: Int32Array | null = null;

  constructor() {
    this.map = new Map();
  }

  /** Counts from parallel arrays (distinct ids), taken as they are. */
  static packed(ids: Int32Array, counts: Int32Array): DeviceCounts {
    const d = new DeviceCounts();
    d.map = null;
    d.ids = ids;
    d.counts = counts;
    return d;
  }

  get size(): number {
    return this.map ? this.map.size : this.ids!.length;
  }
  get(device: number): number | undefined {
    return this.asMap().get(device);
  }
  set(device: number, count: number): this {
    this.asMap().set(device, count);
    return this;
  }
  delete(device: number): boolean {
    return this.asMap().delete(device);
  }
  keys(): IterableIterator<number> {
    return this.asMap().keys();
  }
  entries(): IterableIterator<[number, number]> {
    return this.asMap().entries();
  }
  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  private asMap(): Map<number, number> {
    if (!this.map) {
      const { ids, counts } = this;
      this.map = new Map();
      for (let i = 0; i < ids!.length; i++) this.map.set(ids![i], counts![i]);
      this.ids = this.counts = null;
    }
    return this.map;
  }
}
