// Connected components of gap cells (uncovered cells inside the city), kept up to date cell by cell.
//
// 4-connectivity: two uncovered cells that touch only at a corner have coverage on both other sides, so
// nobody walks from one to the other without passing through Wi-Fi; they are separate gaps. (Each
// 4-connected component is then exactly one polygon with holes.)
//
// Districts: when given, two neighbours connect only inside one district (ward × square tile, from the
// engine), so a city-wide dead area becomes neighbourhood-sized gaps that can be ranked; every gap cell is
// still in exactly one gap. Components never cross a district line, so label equality alone decides
// connectivity everywhere below; only build() and add() look at districts.
//
// A cell joining merges the components around it (relabelling the smaller ones); a cell leaving can split
// one: if its neighbours stay connected around it (the usual case) nothing happens, otherwise searches
// from each side race and the sides that finish first — the small ones — get new labels.
import type { Grid } from './grid';
import { DeviceCounts } from './device-counts';

export interface GapRecord {
  label: number;
  cells: number;
  areaM2: number;
  /** Known devices with "not covered" evidence in the gap → number of its cells they gave it in (see DeviceCounts). */
  devices: DeviceCounts;
  /** Lowest cell id in the gap (its south-westernmost cell): the gap's public id. -1 = to be searched. */
  anchor: number;
  /** Bounding rectangle of its cells, inclusive; may be larger than needed after cells leave. */
  col0: number;
  col1: number;
  row0: number;
  row1: number;
  /** Traced outline, cached until the gap changes. */
  geometry: GeoJSON.Polygon | null;
}

/** Where the devices with "not covered" evidence in a cell come from (the engine's Ledger). */
export interface DeviceSource {
  head: Int32Array; // first evidence entry per cell, -1 = no evidence
  forEachNegativeDevice(cell: number, visit: (device: number) => void): void;
}

/**
 * District per cell for GapIndex: ward (0 = none) × square tile of `tileM` metres counted from the grid's
 * south-west corner; null when there is nothing to split by.
 */
export function gapDistricts(grid: Grid, ward: Uint8Array, tileM: number): Int32Array | null {
  const hasWards = ward.some((w) => w > 0);
  if (!hasWards && tileM === 0) return null;
  const tile = tileM > 0 ? Math.max(1, Math.round(tileM / grid.cellSizeM)) : Math.max(grid.cols, grid.rows); // cells per tile side
  const tileCols = Math.ceil(grid.cols / tile), tiles = tileCols * Math.ceil(grid.rows / tile);
  const district = new Int32Array(grid.cellCount);
  for (let row = 0; row < grid.rows; row++)
    for (let col = 0, cell = row * grid.cols; col < grid.cols; col++, cell++)
      district[cell] = ward[cell] * tiles + Math.floor(row / tile) * tileCols + Math.floor(col / tile);
  return district;
}

const DC = [0, 1, 1, 1, 0, -1, -1, -1]; // the 8-ring around a cell, clockwise from north: N NE E SE S SW W NW
const DR = [1, 1, 0, -1, -1, -1, 0, 1];

export class GapIndex {
  readonly label: Int32Array; // gap label per cell, -1 = not in a gap
  readonly records = new Map<number, GapRecord>();
  /** Incremented on every change, so callers can cache what they derive from the gaps. */
  version = 0;
  private nextLabel = 0;
  private readonly stamp: Int32Array; // race bookkeeping: which search reached a cell in this epoch
  private readonly owner: Uint8Array;
  private epoch = 0;
  private readonly queue: Int32Array; // flood fills when gaps merge

  /** `district[cell]`: gaps never join across a change of value; null = whole connected regions. */
  constructor(private readonly grid: Grid, private readonly evidence: DeviceSource, private readonly district: Int32Array | null = null) {
    this.label = new Int32Array(grid.cellCount).fill(-1);
    this.stamp = new Int32Array(grid.cellCount);
    this.owner = new Uint8Array(grid.cellCount);
    this.queue = new Int32Array(grid.cellCount);
  }

  /**
   * Labels every component from scratch; `isGap[cell]` is 1 for uncovered cells inside the city.
   * Run-length labelling: each row's runs of gap cells are joined to the overlapping runs of the row below
   * (union–find over runs, the smaller run index as root), so the work is per run, not per cell.
   */
  build(isGap: Uint8Array): void {
    const { label, grid, district } = this;
    const { cols, rows } = grid;
    label.fill(-1);
    this.records.clear();
    this.nextLabel = 0;
    this.version++;

    const runRow: number[] = [], runStart: number[] = [], runEnd: number[] = [], parent: number[] = [];
    const find = (r: number): number => {
      while (parent[r] !== r) r = parent[r] = parent[parent[r]];
      return r;
    };
    let below0 = 0, below1 = -1; // runs of the previous row
    for (let row = 0; row < rows; row++) {
      const base = row * cols, first = runRow.length;
      let p = below0;
      for (let c = 0; c < cols; c++) {
        if (!isGap[base + c]) continue;
        let e = c;
        const d = district ? district[base + c] : 0;
        while (e + 1 < cols && isGap[base + e + 1] && (!district || district[base + e + 1] === d)) e++;
        const r = runRow.length;
        runRow.push(row); runStart.push(c); runEnd.push(e); parent.push(r);
        while (p <= below1 && runEnd[p] < c) p++;
        for (let q = p; q <= below1 && runStart[q] <= e; q++) {
          if (district && district[(row - 1) * cols + runStart[q]] !== d) continue; // a run lies in one district
          const a = find(r), b = find(q);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
        c = e;
      }
      below0 = first;
      below1 = runRow.length - 1;
    }

    // Label runs; a component's root is its first run in row-major order, so it holds the lowest cell id.
    const rowArea = grid.rowAreaM2;
    const recordOf: GapRecord[] = new Array(runRow.length);
    for (let r = 0; r < runRow.length; r++) {
      const root = find(r), row = runRow[r], c0 = runStart[r], c1 = runEnd[r];
      const rec = root === r ? this.newRecord(row * cols + c0) : recordOf[root];
      recordOf[r] = rec;
      label.fill(rec.label, row * cols + c0, row * cols + c1 + 1);
      rec.cells += c1 - c0 + 1;
      rec.areaM2 += (c1 - c0 + 1) * rowArea[row];
      if (c0 < rec.col0) rec.col0 = c0;
      if (c1 > rec.col1) rec.col1 = c1;
      if (row > rec.row1) rec.row1 = row;
    }

    // Devices, one component at a time (runs grouped by label), tallied in a typed array and copied into
    // the component's map once: Map updates per cell would dominate a rebuild with a million samples.
    const head = this.evidence.head;
    const byLabel = new Int32Array(this.nextLabel + 1);
    for (const rec of recordOf) byLabel[rec.label + 1]++;
    for (let l = 0; l < this.nextLabel; l++) byLabel[l + 1] += byLabel[l];
    const runsInOrder = new Int32Array(runRow.length), cursor = byLabel.slice();
    recordOf.forEach((rec, r) => (runsInOrder[cursor[rec.label]++] = r));
    let tally = new Int32Array(1024);
    const seen: number[] = [];
    const count = (d: number) => {
      if (d >= tally.length) {
        const bigger = new Int32Array(Math.max(d + 1, tally.length * 2));
        bigger.set(tally);
        tally = bigger;
      }
      if (tally[d]++ === 0) seen.push(d);
    };
    for (let l = 0; l < this.nextLabel; l++) {
      for (let k = byLabel[l]; k < byLabel[l + 1]; k++) {
        const r = runsInOrder[k], base = runRow[r] * cols;
        for (let cell = base + runStart[r]; cell <= base + runEnd[r]; cell++)
          if (head[cell] >= 0) this.evidence.forEachNegativeDevice(cell, count);
      }
      if (!seen.length) continue;
      const rec = recordOf[runsInOrder[byLabel[l]]];
      const ids = Int32Array.from(seen), counts = new Int32Array(seen.length);
      for (let i = 0; i < ids.length; i++) {
        counts[i] = tally[ids[i]];
        tally[ids[i]] = 0;
      }
      rec.devices = DeviceCounts.packed(ids, counts);
      seen.length = 0;
    }
  }

  /** `cell` has become a gap cell. */
  add(cell: number): void {
    const { label } = this;
    if (label[cell] >= 0) throw new Error(`cell ${cell} is already in gap ${label[cell]}`);
    const around = this.neighbourLabels(cell);
    let target: GapRecord;
    if (!around.length) {
      target = this.newRecord(cell);
    } else {
      target = around.map((l) => this.records.get(l)!).reduce((a, b) => (b.cells > a.cells ? b : a));
      for (const l of around) if (l !== target.label) this.merge(this.records.get(l)!, target);
    }
    label[cell] = target.label;
    this.addToRecord(target, cell);
    target.geometry = null;
    this.version++;
  }

  /** `cell` has stopped being a gap cell (it is covered now). */
  remove(cell: number): void {
    const { label, grid } = this;
    const l = label[cell];
    if (l < 0) throw new Error(`cell ${cell} is not in a gap`);
    const rec = this.records.get(l)!;
    label[cell] = -1;
    rec.cells--;
    rec.areaM2 -= grid.rowAreaM2[grid.row(cell)];
    this.negativeDevices(cell, (d) => decrement(rec.devices, d));
    rec.geometry = null;
    this.version++;
    if (rec.cells === 0) {
      this.records.delete(l);
      return;
    }
    if (cell === rec.anchor) rec.anchor = -1;
    const seeds = this.sidesAround(cell, l);
    if (seeds.length > 1) this.race(seeds, rec);
  }

  /** One known device's "not covered" evidence in a gap cell has appeared (+1) or gone (−1). */
  deviceChanged(cell: number, device: number, delta: number): void {
    const l = this.label[cell];
    if (l < 0 || delta === 0) return;
    const rec = this.records.get(l)!;
    if (delta > 0) rec.devices.set(device, (rec.devices.get(device) ?? 0) + 1);
    else decrement(rec.devices, device);
    this.version++;
  }

  /** The gap whose public id (lowest cell) is `id`, or undefined. */
  byId(id: number): GapRecord | undefined {
    if (!(Number.isInteger(id) && id >= 0 && id < this.grid.cellCount)) return undefined;
    const rec = this.records.get(this.label[id]);
    return rec && this.anchorOf(rec) === id ? rec : undefined;
  }

  /** The gap's lowest cell id (searched again after that cell left). */
  anchorOf(rec: GapRecord): number {
    if (rec.anchor >= 0) return rec.anchor;
    const { cols } = this.grid;
    for (let r = rec.row0; r <= rec.row1; r++)
      for (let c = rec.col0, id = r * cols + c; c <= rec.col1; c++, id++)
        if (this.label[id] === rec.label) return (rec.anchor = id);
    throw new Error(`gap ${rec.label} has no cells`);
  }

  private newRecord(cell: number): GapRecord {
    const col = this.grid.col(cell), row = this.grid.row(cell);
    const rec: GapRecord = { label: this.nextLabel++, cells: 0, areaM2: 0, devices: new DeviceCounts(), anchor: cell, col0: col, col1: col, row0: row, row1: row, geometry: null };
    this.records.set(rec.label, rec);
    return rec;
  }

  private addToRecord(rec: GapRecord, cell: number): void {
    const col = this.grid.col(cell), row = this.grid.row(cell);
    rec.cells++;
    rec.areaM2 += this.grid.rowAreaM2[row];
    if (rec.anchor >= 0 && cell < rec.anchor) rec.anchor = cell;
    if (col < rec.col0) rec.col0 = col;
    if (col > rec.col1) rec.col1 = col;
    if (row < rec.row0) rec.row0 = row;
    if (row > rec.row1) rec.row1 = row;
    this.negativeDevices(cell, (d) => rec.devices.set(d, (rec.devices.get(d) ?? 0) + 1));
  }

  private negativeDevices(cell: number, visit: (device: number) => void): void {
    if (this.evidence.head[cell] >= 0) this.evidence.forEachNegativeDevice(cell, visit);
  }

  /** Relabels `from`'s cells as `into` (a flood fill over `from`'s label) and folds its totals in. */
  private merge(from: GapRecord, into: GapRecord): void {
    const { label, grid, queue } = this;
    const { cols, rows } = grid;
    let head = 0, tail = 0;
    const start = this.anchorOf(from);
    label[start] = into.label;
    queue[tail++] = start;
    while (head < tail) {
      const cell = queue[head++];
      const col = cell % cols, row = (cell - col) / cols;
      if (col > 0 && label[cell - 1] === from.label) { label[cell - 1] = into.label; queue[tail++] = cell - 1; }
      if (col < cols - 1 && label[cell + 1] === from.label) { label[cell + 1] = into.label; queue[tail++] = cell + 1; }
      if (row > 0 && label[cell - cols] === from.label) { label[cell - cols] = into.label; queue[tail++] = cell - cols; }
      if (row < rows - 1 && label[cell + cols] === from.label) { label[cell + cols] = into.label; queue[tail++] = cell + cols; }
    }
    into.cells += from.cells;
    into.areaM2 += from.areaM2;
    for (const [d, n] of from.devices) into.devices.set(d, (into.devices.get(d) ?? 0) + n);
    if (into.anchor >= 0) into.anchor = Math.min(into.anchor, start);
    into.col0 = Math.min(into.col0, from.col0);
    into.col1 = Math.max(into.col1, from.col1);
    into.row0 = Math.min(into.row0, from.row0);
    into.row1 = Math.max(into.row1, from.row1);
    into.geometry = null;
    this.records.delete(from.label);
  }

  private neighbourLabels(cell: number): number[] {
    const { label, grid, district } = this;
    const col = grid.col(cell), row = grid.row(cell), cols = grid.cols;
    const found: number[] = [];
    const consider = (n: number) => {
      const l = label[n];
      if (l >= 0 && !found.includes(l) && (!district || district[n] === district[cell])) found.push(l);
    };
    if (col > 0) consider(cell - 1);
    if (col < cols - 1) consider(cell + 1);
    if (row > 0) consider(cell - cols);
    if (row < grid.rows - 1) consider(cell + cols);
    return found;
  }

  /**
   * One neighbour cell per side that may have come apart: the runs of same-gap cells around the 8-ring
   * that include an edge neighbour. One run means the neighbours stay connected around the removed cell.
   */
  private sidesAround(cell: number, l: number): number[] {
    const { label, grid } = this;
    const col = grid.col(cell), row = grid.row(cell);
    const inGap: boolean[] = [];
    for (let k = 0; k < 8; k++) {
      const c = col + DC[k], r = row + DR[k];
      inGap.push(c >= 0 && r >= 0 && c < grid.cols && r < grid.rows && label[r * grid.cols + c] === l);
    }
    const gapStart = inGap.indexOf(false);
    if (gapStart < 0) return []; // surrounded: removing it cannot disconnect anything
    const seeds: number[] = [];
    let inRun = false, runSeed = -1;
    for (let step = 1; step <= 8; step++) {
      const k = (gapStart + step) % 8;
      if (inGap[k]) {
        inRun = true;
        if (k % 2 === 0 && runSeed < 0) runSeed = grid.id(col + DC[k], row + DR[k]);
      } else if (inRun) {
        if (runSeed >= 0) seeds.push(runSeed);
        inRun = false;
        runSeed = -1;
      }
    }
    return seeds; // the ring ends on the `false` at gapStart, so the last run was closed above
  }

  /** Searches from each side in turn; a side whose search ends without meeting another is a new gap. */
  private race(seeds: number[], rec: GapRecord): void {
    const { label, stamp, owner, grid } = this;
    const { cols, rows } = grid;
    const epoch = ++this.epoch;
    const k = seeds.length;
    const queues = seeds.map((s) => [s]);
    const heads = new Array<number>(k).fill(0);
    const done = new Array<boolean>(k).fill(false);
    const resolved = new Array<boolean>(k).fill(false); // group split off already
    const parent = seeds.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    let groups = k;
    seeds.forEach((s, i) => { stamp[s] = epoch; owner[s] = i; });
    const l = rec.label;
    while (groups > 1) {
      for (let i = 0; i < k && groups > 1; i++) {
        if (done[i]) continue;
        if (heads[i] === queues[i].length) {
          done[i] = true;
          const g = find(i);
          if (!resolved[g] && queues.every((_, j) => find(j) !== g || done[j])) {
            resolved[g] = true;
            groups--;
            this.splitOff(queues.filter((_, j) => find(j) === g), rec);
          }
          continue;
        }
        const cell = queues[i][heads[i]++];
        const col = cell % cols, row = (cell - col) / cols;
        for (let d = 0; d < 4; d++) {
          let n: number;
          if (d === 0) { if (col === 0) continue; n = cell - 1; }
          else if (d === 1) { if (col === cols - 1) continue; n = cell + 1; }
          else if (d === 2) { if (row === 0) continue; n = cell - cols; }
          else { if (row === rows - 1) continue; n = cell + cols; }
          if (label[n] !== l) continue;
          if (stamp[n] !== epoch) {
            stamp[n] = epoch;
            owner[n] = i;
            queues[i].push(n);
          } else {
            const a = find(i), b = find(owner[n]);
            if (a !== b) {
              parent[b] = a;
              groups--;
              if (groups === 1) break;
            }
          }
        }
      }
    }
  }

  private splitOff(parts: number[][], from: GapRecord): void {
    const rec = this.newRecord(parts[0][0]);
    for (const part of parts)
      for (const cell of part) {
        this.label[cell] = rec.label;
        this.addToRecord(rec, cell);
        if (cell === from.anchor) from.anchor = -1;
      }
    from.cells -= rec.cells;
    from.areaM2 -= rec.areaM2;
    for (const [d, n] of rec.devices) {
      const left = (from.devices.get(d) ?? 0) - n;
      if (left < 0) throw new Error(`device ${d} was counted ${n - left} times in the part but ${n} in the whole`);
      if (left === 0) from.devices.delete(d);
      else from.devices.set(d, left);
    }
  }
}

function decrement(map: DeviceCounts, key: number): void {
  const n = map.get(key);
  if (n === undefined) throw new Error(`device ${key} was not counted`);
  if (n <= 1) map.delete(key);
  else map.set(key, n - 1);
}
