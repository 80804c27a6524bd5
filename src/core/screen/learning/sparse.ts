/**
 * A compressed-sparse-row matrix: row r holds columns `indices[indptr[r]..indptr[r+1])`
 * with values in `data`. Typed arrays keep it transferable to a worker without copying.
 */
export interface CsrMatrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** Builds a CSR matrix from per-row `[column, value]` lists (columns need not be sorted). */
export function buildCsr(rows: readonly (readonly [number, number][])[], nCols: number): CsrMatrix {
  let nnz = 0;
  for (const row of rows) nnz += row.length;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let at = 0;
  rows.forEach((row, r) => {
    const sorted = [...row].sort((a, b) => a[0] - b[0]);
    for (const [col, value] of sorted) {
      indices[at] = col;
      data[at] = value;
      at += 1;
    }
    indptr[r + 1] = at;
  });
  return { nRows: rows.length, nCols, indptr, indices, data };
}

/** Dot product of row `row` of `x` with the dense vector `w`. */
export function dotRow(x: CsrMatrix, row: number, w: Float64Array): number {
  const { indptr, indices, data } = x;
  let sum = 0;
  const end = indptr[row + 1] as number;
  for (let p = indptr[row] as number; p < end; p += 1) {
    sum += (data[p] as number) * (w[indices[p] as number] as number);
  }
  return sum;
}

/** Squared L2 norm of one row. */
export function squaredNormRow(x: CsrMatrix, row: number): number {
  const { indptr, data } = x;
  let sum = 0;
  const end = indptr[row + 1] as number;
  for (let p = indptr[row] as number; p < end; p += 1) sum += (data[p] as number) ** 2;
  return sum;
}

/** `w += scale * x[row]`, in place. */
export function addRow(x: CsrMatrix, row: number, scale: number, w: Float64Array): void {
  const { indptr, indices, data } = x;
  const end = indptr[row + 1] as number;
  for (let p = indptr[row] as number; p < end; p += 1) {
    const col = indices[p] as number;
    w[col] = (w[col] as number) + scale * (data[p] as number);
  }
}
