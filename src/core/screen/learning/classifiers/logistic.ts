import { addRow, dotRow, squaredNormRow } from '../sparse';
import type { Classifier, LinearModel, TrainingSet } from '../types';

/** Settings of L2-regularised logistic regression. */
export interface LogisticOptions {
  /** Inverse regularisation strength. Default 1 (scikit-learn's default). */
  c?: number;
  /** Stop when the largest dual gradient falls below this. Default 1e-3. */
  tolerance?: number;
  /** Passes over the data at most. Default 1000. */
  maxIterations?: number;
}

/**
 * Trains L2-regularised logistic regression by dual coordinate descent with a Newton step per
 * coordinate (Yu, Huang & Lin 2011, liblinear's `-s 7`). The intercept is a regularised
 * constant feature, as in liblinear. Dual variables are kept per record row for warm starts
 * and clipped into (0, C_i) when the balancing weights move.
 */
export function trainLogistic(
  set: TrainingSet,
  options: LogisticOptions = {},
  previous?: LinearModel,
): LinearModel {
  const { x, rows, y, weights, random } = set;
  const c = options.c ?? 1;
  const eps = options.tolerance ?? 1e-3;
  const maxIterations = options.maxIterations ?? 1000;
  const l = rows.length;
  const w = new Float64Array(x.nCols);
  let b = 0;
  const alpha = new Float64Array(l);
  const upper = new Float64Array(l);
  const qd = new Float64Array(l);
  const sign = new Float64Array(l);
  for (let i = 0; i < l; i += 1) {
    const row = rows[i] as number;
    const u = c * (weights[i] as number);
    upper[i] = u;
    sign[i] = y[i] === 1 ? 1 : -1;
    qd[i] = squaredNormRow(x, row) + 1;
    const start = previous?.warm?.[row] ?? Math.min(0.001 * u, 1e-8);
    const a = Math.min(Math.max(start, 1e-12 * u), u * (1 - 1e-12));
    alpha[i] = a;
    addRow(x, row, (sign[i] as number) * a, w);
    b += (sign[i] as number) * a;
  }
  const index = new Int32Array(l);
  for (let i = 0; i < l; i += 1) index[i] = i;
  let innerEps = 1e-2;
  const innerEpsMin = Math.min(1e-8, eps);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    for (let s = 0; s < l; s += 1) {
      const t = s + random.int(l - s);
      const swap = index[s] as number;
      index[s] = index[t] as number;
      index[t] = swap;
    }
    let gMax = 0;
    let newtonSteps = 0;
    for (let s = 0; s < l; s += 1) {
      const i = index[s] as number;
      const row = rows[i] as number;
      const yi = sign[i] as number;
      const u = upper[i] as number;
      const a = qd[i] as number;
      const ywx = yi * (dotRow(x, row, w) + b);
      // Each coordinate has two coupled variables alpha and u - alpha; Newton works on the
      // one further from its bound for numerical stability (liblinear's trick).
      let flip = 1;
      let old = alpha[i] as number;
      if (0.5 * a * (u - 2 * old) + ywx < 0) {
        flip = -1;
        old = u - old;
      }
      const first = flip === 1 ? ywx : -ywx;
      let z = old;
      if (u - z < 0.5 * u) z *= 0.1;
      let gp = a * (z - old) + first + Math.log(z / (u - z));
      gMax = Math.max(gMax, Math.abs(gp));
      let inner = 0;
      while (inner < 100 && Math.abs(gp) >= innerEps) {
        const gpp = a + u / (u - z) / z;
        const next = z - gp / gpp;
        z = next <= 0 ? z * 0.1 : next;
        gp = a * (z - old) + first + Math.log(z / (u - z));
        inner += 1;
      }
      newtonSteps += inner;
      if (inner > 0) {
        const newAlpha = flip === 1 ? z : u - z;
        const d = (newAlpha - (alpha[i] as number)) * yi;
        alpha[i] = newAlpha;
        addRow(x, row, d, w);
        b += d;
      }
    }
    if (gMax < eps) break;
    if (newtonSteps <= l / 10) innerEps = Math.max(innerEpsMin, 0.1 * innerEps);
  }
  const warm = new Float64Array(x.nRows);
  for (let i = 0; i < l; i += 1) warm[rows[i] as number] = alpha[i] as number;
  return { classifier: 'logistic', coef: w, intercept: b, link: 'sigmoid', warm };
}

/** The `logistic` classifier role with fixed options. */
export function createLogistic(options: LogisticOptions = {}): Classifier {
  return { name: 'logistic', fit: (set, previous) => trainLogistic(set, options, previous) };
}
