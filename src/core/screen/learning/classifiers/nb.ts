import type { Classifier, LinearModel, TrainingSet } from '../types';

/** Settings of multinomial naive Bayes; defaults are scikit-learn `MultinomialNB`'s. */
export interface NbOptions {
  /** Additive (Laplace/Lidstone) smoothing. Default 1 (ELAS u3 uses 3.822). */
  alpha?: number;
}

/**
 * Trains weighted multinomial naive Bayes with class priors from the (weighted) class counts.
 * The log-odds of class 1 is linear in the features, so the model is returned as
 * coefficients; the sigmoid link reproduces `predict_proba[:, 1]`.
 */
export function trainNb(set: TrainingSet, options: NbOptions = {}): LinearModel {
  const { x, rows, y, weights } = set;
  const alpha = options.alpha ?? 1;
  const nCols = x.nCols;
  const count1 = new Float64Array(nCols);
  const count0 = new Float64Array(nCols);
  let classWeight1 = 0;
  let classWeight0 = 0;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as number;
    const weight = weights[i] as number;
    const target = y[i] === 1 ? count1 : count0;
    if (y[i] === 1) classWeight1 += weight;
    else classWeight0 += weight;
    const end = x.indptr[row + 1] as number;
    for (let p = x.indptr[row] as number; p < end; p += 1) {
      const col = x.indices[p] as number;
      target[col] = (target[col] as number) + weight * (x.data[p] as number);
    }
  }
  let total1 = 0;
  let total0 = 0;
  for (let j = 0; j < nCols; j += 1) {
    total1 += count1[j] as number;
    total0 += count0[j] as number;
  }
  const norm1 = Math.log(total1 + alpha * nCols);
  const norm0 = Math.log(total0 + alpha * nCols);
  const coef = new Float64Array(nCols);
  for (let j = 0; j < nCols; j += 1) {
    coef[j] =
      Math.log((count1[j] as number) + alpha) -
      norm1 -
      (Math.log((count0[j] as number) + alpha) - norm0);
  }
  return {
    classifier: 'nb',
    coef,
    intercept: Math.log(classWeight1) - Math.log(classWeight0),
    link: 'sigmoid',
  };
}

/** The `nb` classifier role with fixed options. */
export function createNb(options: NbOptions = {}): Classifier {
  return { name: 'nb', fit: (set) => trainNb(set, options) };
}
