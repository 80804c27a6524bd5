import type { CsrMatrix } from './sparse';
import { splitSharedColumns } from './shared-columns';
import type { LinearModel } from './types';

/** Scores the given rows of `x` (all rows when omitted) in one sparse pass. */
export function scoreRows(
  model: LinearModel,
  x: CsrMatrix,
  rows?: Int32Array,
  out?: Float64Array,
): Float64Array {
  const n = rows ? rows.length : x.nRows;
  const scores = out ?? new Float64Array(n);
  const { indptr, indices, data } = x;
  const { coef, intercept } = model;
  const sigmoid = model.link === 'sigmoid';
  for (let k = 0; k < n; k += 1) {
    const row = rows ? (rows[k] as number) : k;
    let sum = intercept;
    const end = indptr[row + 1] as number;
    for (let p = indptr[row] as number; p < end; p += 1) {
      sum += (data[p] as number) * (coef[indices[p] as number] as number);
    }
    scores[k] = sigmoid ? 1 / (1 + Math.exp(-sum)) : sum;
  }
  return scores;
}

/**
 * Scores unlabelled rows, using the model's shared-column weights when it has them: for rows
 * outside the training set the result is identical and the pass touches fewer entries.
 */
export function scoreUnlabelled(
  model: LinearModel,
  x: CsrMatrix,
  rows: Int32Array,
  out?: Float64Array,
): Float64Array {
  if (!model.sharedCoef) return scoreRows(model, x, rows, out);
  return scoreRows({ ...model, coef: model.sharedCoef }, splitSharedColumns(x).shared, rows, out);
}
