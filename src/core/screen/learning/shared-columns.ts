import type { CsrMatrix } from './sparse';

/** A matrix split into the columns shared by two or more rows and each row's private rest. */
export interface SharedColumns {
  /** Same rows, only columns with a document frequency of at least 2. */
  shared: CsrMatrix;
  /** Per row, the squared norm of its private (document frequency 1) part. */
  privateNorm: Float64Array;
  /** Per row, the squared norm over all columns. */
  squaredNorm: Float64Array;
  /** Shared column of each original column, -1 for a private one. */
  remap: Int32Array;
  /** Original column of each shared column. */
  original: Int32Array;
}

const cache = new WeakMap<CsrMatrix, SharedColumns>();

/**
 * Most bigrams occur in a single record. For a linear model trained on the rows, the weight of
 * such a column is driven by that one row alone, so its contribution to that row's margin is
 * `alpha_i * y_i * privateNorm_i`, and it contributes nothing to any other row's score.
 * Dropping these columns from the explicit matrix is exact and halves the work per pass.
 * The split is cached per matrix.
 */
export function splitSharedColumns(x: CsrMatrix): SharedColumns {
  const hit = cache.get(x);
  if (hit) return hit;
  const df = new Int32Array(x.nCols);
  for (const col of x.indices) df[col] = (df[col] as number) + 1;
  const remap = new Int32Array(x.nCols).fill(-1);
  let nShared = 0;
  for (let col = 0; col < x.nCols; col += 1) if ((df[col] as number) >= 2) remap[col] = nShared++;
  const original = new Int32Array(nShared);
  for (let col = 0; col < x.nCols; col += 1)
    if ((remap[col] as number) >= 0) original[remap[col] as number] = col;
  let nnz = 0;
  for (const col of x.indices) if ((remap[col] as number) >= 0) nnz += 1;
  const indptr = new Int32Array(x.nRows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  const privateNorm = new Float64Array(x.nRows);
  const squaredNorm = new Float64Array(x.nRows);
  let at = 0;
  for (let row = 0; row < x.nRows; row += 1) {
    const end = x.indptr[row + 1] as number;
    // remap keeps column order, so each row stays sorted.
    for (let p = x.indptr[row] as number; p < end; p += 1) {
      const col = remap[x.indices[p] as number] as number;
      const value = x.data[p] as number;
      squaredNorm[row] = (squaredNorm[row] as number) + value * value;
      if (col >= 0) {
        indices[at] = col;
        data[at] = value;
        at += 1;
      } else {
        privateNorm[row] = (privateNorm[row] as number) + value * value;
      }
    }
    indptr[row + 1] = at;
  }
  const split: SharedColumns = {
    shared: { nRows: x.nRows, nCols: nShared, indptr, indices, data },
    privateNorm,
    squaredNorm,
    remap,
    original,
  };
  cache.set(x, split);
  return split;
}

/**
 * Expands weights learnt on the shared columns to all columns: private columns of a training
 * row get `dual_i * sign_i * value`, the weight the solver held for them implicitly.
 */
export function expandSharedWeights(
  x: CsrMatrix,
  split: SharedColumns,
  sharedCoef: Float64Array,
  rows: Int32Array,
  signedDual: Float64Array,
): Float64Array {
  const coef = new Float64Array(x.nCols);
  const { original, remap } = split;
  for (let j = 0; j < original.length; j += 1)
    coef[original[j] as number] = sharedCoef[j] as number;
  const { indptr, indices, data } = x;
  for (let i = 0; i < rows.length; i += 1) {
    const scale = signedDual[i] as number;
    if (scale === 0) continue;
    const row = rows[i] as number;
    const end = indptr[row + 1] as number;
    for (let p = indptr[row] as number; p < end; p += 1) {
      const col = indices[p] as number;
      if ((remap[col] as number) < 0)
        coef[col] = (coef[col] as number) + scale * (data[p] as number);
    }
  }
  return coef;
}
