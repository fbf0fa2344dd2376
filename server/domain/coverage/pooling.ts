// Evidence shared between neighbouring cells. Shadowing (buildings, trees) is spatially correlated, so a
// reading says something about the cells around it too. Each cell's residual — measured minus predicted,
// weighted by its evidence — is spread with a Gaussian kernel (a simple-kriging approximation with a nugget):
//   fused(c) = prior(c) + Σk K(c,k)·W(k)·r(k) / (λ(c) + Σk K(c,k)·W(k))
// where λ(c) is how many readings the prior is worth. K is cut at a few cells, so one reading updates a
// bounded square of cells; the whole city is a separable convolution (rows, then columns).

/** 1-D kernel weights exp(−d²/2L²) for offsets −radius…radius cells; the 2-D kernel is their product. */
export function kernel1d(cellSizeM: number, lengthM: number, radiusCells: number): Float64Array {
  const k = new Float64Array(2 * radiusCells + 1);
  for (let o = -radiusCells; o <= radiusCells; o++) k[o + radiusCells] = Math.exp(-((o * cellSizeM) ** 2) / (2 * lengthM * lengthM));
  return k;
}

/**
 * out[c] = Σ over the square around c of K·value, for every cell of a cols × rows grid. Separable: a row
 * pass into `scratch`, then a column pass. Rows without any value are skipped (most of a city has none).
 */
export function convolve(value: Float64Array, cols: number, rows: number, k: Float64Array, out: Float64Array, scratch: Float64Array): void {
  const r = (k.length - 1) >> 1;
  scratch.fill(0);
  out.fill(0);
  const rowHas = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    const base = row * cols;
    for (let c = 0; c < cols; c++) {
      const v = value[base + c];
      if (v === 0) continue;
      rowHas[row] = 1;
      const c0 = Math.max(0, c - r), c1 = Math.min(cols - 1, c + r);
      for (let cc = c0; cc <= c1; cc++) scratch[base + cc] += k[cc - c + r] * v;
    }
  }
  for (let row = 0; row < rows; row++) {
    if (!rowHas[row]) continue;
    const r0 = Math.max(0, row - r), r1 = Math.min(rows - 1, row + r), base = row * cols;
    for (let rr = r0; rr <= r1; rr++) {
      const w = k[rr - row + r], target = rr * cols;
      for (let c = 0; c < cols; c++) {
        const v = scratch[base + c];
        if (v !== 0) out[target + c] += w * v;
      }
    }
  }
}

/** Adds K·delta around `cell` to `out` and calls visit(c) for each cell of the square (the incremental path). */
export function spreadAround(cell: number, delta: number, cols: number, rows: number, k: Float64Array, out: Float64Array, visit?: (c: number) => void): void {
  const r = (k.length - 1) >> 1, row = Math.floor(cell / cols), col = cell - row * cols;
  const r0 = Math.max(0, row - r), r1 = Math.min(rows - 1, row + r), c0 = Math.max(0, col - r), c1 = Math.min(cols - 1, col + r);
  for (let rr = r0; rr <= r1; rr++) {
    const wr = k[rr - row + r];
    for (let cc = c0, c = rr * cols + c0; cc <= c1; cc++, c++) {
      out[c] += wr * k[cc - col + r] * delta;
      visit?.(c);
    }
  }
}
