import { expandSharedWeights, splitSharedColumns } from '../shared-columns';
import { addRow } from '../sparse';
import type { Classifier, LinearModel, TrainingSet } from '../types';

/** Settings of the linear SVM; defaults are scikit-learn `LinearSVC`'s. */
export interface SvmOptions {
  /** Inverse regularisation strength. Default 1 (ELAS u4 uses 0.11). */
  c?: number;
  /** Stop when the projected-gradient spread falls below this. Default 1e-4 (sklearn `tol`). */
  tolerance?: number;
  /** Passes over the data at most. Default 1000 (sklearn `max_iter`). */
  maxIterations?: number;
  /** Constant feature value that carries the (regularised) intercept. Default 1. */
  interceptScaling?: number;
}

function isPrefix(before: Int32Array | undefined, now: Int32Array): boolean {
  if (!before || before.length > now.length) return false;
  for (let i = 0; i < before.length; i += 1) if (before[i] !== now[i]) return false;
  return true;
}

/**
 * Trains an L2-regularised squared-hinge linear SVM by dual coordinate descent with shrinking
 * (Hsieh et al. 2008, the liblinear solver LinearSVC uses). Per-row weights scale C, as
 * sample_weight does in scikit-learn. The dual variables are kept per record row, so the next
 * fit (one more label, new balancing weights) starts from this solution; they stay feasible
 * because the squared-hinge dual has no upper bound.
 */
export function trainSvm(
  set: TrainingSet,
  options: SvmOptions = {},
  previous?: LinearModel,
): LinearModel {
  const { x: full, rows, y, weights, random } = set;
  const split = splitSharedColumns(full);
  const x = split.shared;
  const { indptr, indices, data } = x;
  const privateNorm = split.privateNorm;
  const c = options.c ?? 1;
  const eps = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 1000;
  const biasValue = options.interceptScaling ?? 1;
  const l = rows.length;
  // When the new rows extend the previous ones, the previous weights equal sum(alpha y x) and
  // can be copied instead of rebuilt (saves one pass over the data).
  const extends_ = previous?.sharedCoef !== undefined && isPrefix(previous.trainedRows, rows);
  const w = extends_ ? (previous.sharedCoef as Float64Array).slice() : new Float64Array(x.nCols);
  let b = extends_ ? (previous as LinearModel).intercept / biasValue : 0;
  const alpha = new Float64Array(l);
  const diag = new Float64Array(l);
  const qd = new Float64Array(l);
  const sign = new Float64Array(l);
  for (let i = 0; i < l; i += 1) {
    const row = rows[i] as number;
    sign[i] = y[i] === 1 ? 1 : -1;
    diag[i] = 0.5 / (c * (weights[i] as number));
    qd[i] = (split.squaredNorm[row] as number) + biasValue * biasValue + (diag[i] as number);
    const a = previous?.warm?.[row] ?? 0;
    alpha[i] = a;
    if (a !== 0 && !extends_) {
      addRow(x, row, (sign[i] as number) * a, w);
      b += (sign[i] as number) * a * biasValue;
    }
  }
  const index = new Int32Array(l);
  for (let i = 0; i < l; i += 1) index[i] = i;
  // Rows new since the warm start sit at alpha = 0 and usually violate the margin most; one
  // coordinate step on each first lets the first full pass often meet the tolerance.
  if (extends_) {
    for (let i = previous?.trainedRows?.length ?? 0; i < l; i += 1) {
      const row = rows[i] as number;
      const yi = sign[i] as number;
      const start = indptr[row] as number;
      const end = indptr[row + 1] as number;
      let dot = 0;
      for (let p = start; p < end; p += 1)
        dot += (data[p] as number) * (w[indices[p] as number] as number);
      const g = yi * (dot + b * biasValue) - 1;
      if (g >= 0) continue;
      const next = -g / (qd[i] as number);
      alpha[i] = next;
      const d = next * yi;
      for (let p = start; p < end; p += 1) {
        const col = indices[p] as number;
        w[col] = (w[col] as number) + d * (data[p] as number);
      }
      b += d * biasValue;
    }
  }
  let active = l;
  let pgMaxOld = Infinity;
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let s = 0; s < active; s += 1) {
      const t = s + random.int(active - s);
      const swap = index[s] as number;
      index[s] = index[t] as number;
      index[t] = swap;
    }
    for (let s = 0; s < active; s += 1) {
      const i = index[s] as number;
      const row = rows[i] as number;
      const yi = sign[i] as number;
      const ai = alpha[i] as number;
      const start = indptr[row] as number;
      const end = indptr[row + 1] as number;
      let dot = 0;
      for (let p = start; p < end; p += 1)
        dot += (data[p] as number) * (w[indices[p] as number] as number);
      // The private columns add alpha_i * y_i * privateNorm_i to the margin (see shared-columns).
      const g =
        yi * (dot + b * biasValue) + ai * ((privateNorm[row] as number) + (diag[i] as number)) - 1;
      let pg = 0;
      if (ai === 0) {
        if (g > pgMaxOld) {
          active -= 1;
          index[s] = index[active] as number;
          index[active] = i;
          s -= 1;
          continue;
        }
        if (g < 0) pg = g;
      } else {
        pg = g;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const next = Math.max(ai - g / (qd[i] as number), 0);
        alpha[i] = next;
        const d = (next - ai) * yi;
        for (let p = start; p < end; p += 1) {
          const col = indices[p] as number;
          w[col] = (w[col] as number) + d * (data[p] as number);
        }
        b += d * biasValue;
      }
    }
    if (pgMax - pgMin <= eps) {
      if (active === l) break;
      active = l;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  const warm = new Float64Array(full.nRows);
  const signedDual = new Float64Array(l);
  for (let i = 0; i < l; i += 1) {
    warm[rows[i] as number] = alpha[i] as number;
    signedDual[i] = (alpha[i] as number) * (sign[i] as number);
  }
  return {
    classifier: 'svm',
    coef:
      set.fullCoef === false
        ? new Float64Array(0)
        : expandSharedWeights(full, split, w, rows, signedDual),
    intercept: b * biasValue,
    link: 'identity',
    warm,
    sharedCoef: w,
    trainedRows: rows.slice(),
  };
}

/** The `svm` classifier role with fixed options. */
export function createSvm(options: SvmOptions = {}): Classifier {
  return { name: 'svm', fit: (set, previous) => trainSvm(set, options, previous) };
}
