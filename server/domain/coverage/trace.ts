// Dissolves a gap's cells into one GeoJSON polygon by tracing cell-edge boundaries into rings directly
// (no polygon unions): each boundary edge is kept with the gap on its left, so outer rings run
// counter-clockwise and holes clockwise (RFC 7946's right-hand rule); collinear edges merge into one.
// Where two gap cells touch only at a corner, rings turn right, around the outside cell: rings stay
// simple and a hole may touch another ring at that single point (valid OGC simple features).
import type { Grid } from './grid';
import type { GapRecord } from './components';

const EAST = 0, NORTH = 1, WEST = 2, SOUTH = 3; // counter-clockwise order: a right turn is +3 (mod 4)

/** Reusable per-vertex buffers (a fresh 430k-entry array per trace costs more than the trace). */
export class TraceBuffers {
  readonly firstOut: Int32Array; // edge index + 1 leaving each lattice vertex; 0 = none
  readonly secondOut: Int32Array; // the second edge at a corner-touching vertex
  constructor(grid: Grid) {
    this.firstOut = new Int32Array((grid.cols + 1) * (grid.rows + 1));
    this.secondOut = new Int32Array((grid.cols + 1) * (grid.rows + 1));
  }
}

export function traceGap(grid: Grid, label: Int32Array, rec: GapRecord, buffers: TraceBuffers): GeoJSON.Polygon {
  const { cols, rows } = grid;
  const vw = cols + 1; // vertex (i, j) = the south-west corner of cell (i, j), numbered j·(cols+1) + i
  const { firstOut, secondOut } = buffers;
  const l = rec.label;
  const from: number[] = [], dirs: number[] = [];
  const addEdge = (v: number, dir: number) => {
    if (firstOut[v]) secondOut[v] = from.length + 1;
    else firstOut[v] = from.length + 1;
    from.push(v);
    dirs.push(dir);
  };
  for (let r = rec.row0; r <= rec.row1; r++) {
    const rowBase = r * cols;
    for (let c = rec.col0; c <= rec.col1; c++) {
      const cell = rowBase + c;
      if (label[cell] !== l) continue;
      const v = r * vw + c;
      if (r === 0 || label[cell - cols] !== l) addEdge(v, EAST); // south side, walked east
      if (c === cols - 1 || label[cell + 1] !== l) addEdge(v + 1, NORTH); // east side, walked north
      if (r === rows - 1 || label[cell + cols] !== l) addEdge(v + vw + 1, WEST); // north side, walked west
      if (c === 0 || label[cell - 1] !== l) addEdge(v + vw, SOUTH); // west side, walked south
    }
  }

  const step = [1, vw, -1, -vw]; // vertex index change per direction
  const used = new Uint8Array(from.length);
  let outer: number[] | null = null;
  const holes: number[][] = [];
  try {
    for (let e0 = 0; e0 < from.length; e0++) {
      if (used[e0]) continue;
      const vertices: number[] = [];
      let e = e0;
      do {
        used[e] = 1;
        const end = from[e] + step[dirs[e]];
        let next = firstOut[end] - 1;
        const other = secondOut[end] - 1;
        if (other >= 0 && dirs[next] !== (dirs[e] + 3) % 4) next = other; // corner touch: turn right
        if (next < 0) throw new Error(`gap ${l}: boundary is not closed at vertex ${end}`);
        if (dirs[next] !== dirs[e]) vertices.push(end);
        e = next;
      } while (e !== e0);
      if (shoelace(vertices, vw) > 0) {
        if (outer) throw new Error(`gap ${l} traced into two outer rings; a 4-connected gap has exactly one`);
        outer = vertices;
      } else holes.push(vertices);
    }
  } finally {
    for (const v of from) firstOut[v] = secondOut[v] = 0; // leave the buffers clean for the next trace
  }
  if (!outer) throw new Error(`gap ${l} has no outer ring`);
  const toLonLat = (ring: number[]) => {
    const coords = ring.map((v) => grid.vertexLonLat(v % vw, Math.floor(v / vw)));
    coords.push(coords[0]);
    return coords;
  };
  return { type: 'Polygon', coordinates: [toLonLat(outer), ...holes.map(toLonLat)] };
}

/** Twice the signed area of a ring of lattice vertices: positive when counter-clockwise. */
function shoelace(vertices: number[], vw: number): number {
  let sum = 0;
  for (let k = 0; k < vertices.length; k++) {
    const a = vertices[k], b = vertices[(k + 1) % vertices.length];
    sum += (a % vw) * Math.floor(b / vw) - (b % vw) * Math.floor(a / vw);
  }
  return sum;
}
