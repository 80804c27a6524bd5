import { DomainError } from '#core/errors';
import { studentTQuantile } from './student-t';

/** Counts n_ij: rows are rater A's category, columns rater B's, in the same category order. */
export type ContingencyMatrix = readonly (readonly number[])[];

/** Weights of disagreement for weighted kappa. */
export type KappaWeights = 'identity' | 'linear' | 'quadratic';

/** Options of {@link computeCohenKappa}. */
export interface KappaOptions {
  /** Default 'identity' (unweighted kappa). */
  weights?: KappaWeights;
  /** Confidence level of the interval. Default 0.95. */
  confidence?: number;
  /** Sampling fraction n / N of a finite population (irrCAC's `f`). Default 0. */
  samplingFraction?: number;
}

/** Cohen's kappa with its standard error and a t-based confidence interval. */
export interface KappaResult {
  n: number;
  po: number;
  pe: number;
  kappa: number;
  se: number;
  /** kappa -/+ t(1 - (1 - confidence)/2, n - 1) * se, upper bound capped at 1. */
  ci: [number, number];
}

function checkMatrix(matrix: ContingencyMatrix): number {
  const q = matrix.length;
  if (q < 2 || matrix.some((row) => row.length !== q)) {
    throw new DomainError(
      'agreement-bad-matrix',
      'A contingency matrix must be square with at least 2 categories',
    );
  }
  let n = 0;
  for (const row of matrix) for (const count of row) n += count;
  if (n <= 0) throw new DomainError('agreement-empty', 'The contingency matrix holds no ratings');
  return n;
}

/** The q x q weight matrix (1 on the diagonal). */
export function buildKappaWeights(q: number, weights: KappaWeights): number[][] {
  return Array.from({ length: q }, (_, i) =>
    Array.from({ length: q }, (_, j) => {
      if (weights === 'identity') return i === j ? 1 : 0;
      if (weights === 'linear') return 1 - Math.abs(i - j) / (q - 1);
      return 1 - (i - j) ** 2 / (q - 1) ** 2;
    }),
  );
}

interface Proportions {
  n: number;
  q: number;
  p: number[][];
  rows: number[];
  cols: number[];
  po: number;
}

function toProportions(matrix: ContingencyMatrix): Proportions {
  const n = checkMatrix(matrix);
  const q = matrix.length;
  const p = matrix.map((row) => row.map((count) => count / n));
  const rows = p.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = Array.from({ length: q }, (_, j) => p.reduce((a, row) => a + (row[j] as number), 0));
  let po = 0;
  for (let i = 0; i < q; i += 1) po += (p[i] as number[])[i] as number;
  return { n, q, p, rows, cols, po };
}

/** Observed proportion of agreement, Po = sum of the diagonal / n. */
export function computePercentAgreement(matrix: ContingencyMatrix): number {
  return toProportions(matrix).po;
}

/**
 * Cohen's kappa (weighted when asked), with the variance irrCAC codes (Fleiss, Cohen & Everitt
 * form; METHODS.md section 4) and a Student-t interval on n - 1 degrees of freedom.
 */
export function computeCohenKappa(
  matrix: ContingencyMatrix,
  options: KappaOptions = {},
): KappaResult {
  const { n, q, p, rows, cols } = toProportions(matrix);
  const w = buildKappaWeights(q, options.weights ?? 'identity');
  const f = options.samplingFraction ?? 0;
  let po = 0;
  let pe = 0;
  for (let i = 0; i < q; i += 1) {
    for (let j = 0; j < q; j += 1) {
      const wij = (w[i] as number[])[j] as number;
      po += wij * ((p[i] as number[])[j] as number);
      pe += wij * (rows[i] as number) * (cols[j] as number);
    }
  }
  const kappa = (po - pe) / (1 - pe);
  // Weighted margins: for column k, sum_a w_ak p_+a; for row l, sum_a w_al p_a+.
  const colW = Array.from({ length: q }, (_, k) => {
    let s = 0;
    for (let a = 0; a < q; a += 1) s += ((w[a] as number[])[k] as number) * (cols[a] as number);
    return s;
  });
  const rowW = Array.from({ length: q }, (_, l) => {
    let s = 0;
    for (let a = 0; a < q; a += 1) s += ((w[a] as number[])[l] as number) * (rows[a] as number);
    return s;
  });
  let sum = 0;
  for (let k = 0; k < q; k += 1) {
    for (let l = 0; l < q; l += 1) {
      const term =
        ((w[k] as number[])[l] as number) -
        (1 - kappa) * ((colW[k] as number) + (rowW[l] as number));
      sum += ((p[k] as number[])[l] as number) * term * term;
    }
  }
  const variance = ((1 - f) / (n * (1 - pe) ** 2)) * (sum - (po - 2 * (1 - kappa) * pe) ** 2);
  const se = Math.sqrt(Math.max(0, variance));
  const t = studentTQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2, n - 1);
  return { n, po, pe, kappa, se, ci: [kappa - t * se, Math.min(1, kappa + t * se)] };
}

/** Scott's pi: chance agreement from the pooled margins of both raters. */
export function computeScottPi(matrix: ContingencyMatrix): number {
  const { q, rows, cols, po } = toProportions(matrix);
  let pe = 0;
  for (let k = 0; k < q; k += 1) pe += (((rows[k] as number) + (cols[k] as number)) / 2) ** 2;
  return (po - pe) / (1 - pe);
}

/**
 * Brennan-Prediger coefficient (chance agreement 1/q); with two categories it is PABAK
 * (Byrt, Bishop & Carlin 1993), 2 Po - 1.
 */
export function computeBrennanPrediger(matrix: ContingencyMatrix): number {
  const { q, po } = toProportions(matrix);
  return (po - 1 / q) / (1 - 1 / q);
}

/** PABAK, the prevalence- and bias-adjusted kappa: Brennan-Prediger under another name. */
export const computePabak = computeBrennanPrediger;

/** Gwet's AC1, robust to the low inclusion rates of screening (the kappa paradox). */
export function computeGwetAc1(matrix: ContingencyMatrix): number {
  const { q, rows, cols, po } = toProportions(matrix);
  let pe = 0;
  for (let k = 0; k < q; k += 1) {
    const pi = ((rows[k] as number) + (cols[k] as number)) / 2;
    pe += pi * (1 - pi);
  }
  pe /= q - 1;
  return (po - pe) / (1 - pe);
}

/** Landis & Koch (1977) verbal bands for kappa-like coefficients. */
export type LandisKochBand =
  'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost perfect';

/** The Landis & Koch band of a coefficient (<0 poor, <=0.20 slight, ... >0.80 almost perfect). */
export function classifyLandisKoch(value: number): LandisKochBand {
  if (value < 0) return 'poor';
  if (value <= 0.2) return 'slight';
  if (value <= 0.4) return 'fair';
  if (value <= 0.6) return 'moderate';
  if (value <= 0.8) return 'substantial';
  return 'almost perfect';
}

/** Every two-rater statistic of one contingency matrix. */
export interface PairAgreement {
  n: number;
  percentAgreement: number;
  cohen: KappaResult;
  linearKappa: number;
  quadraticKappa: number;
  scottPi: number;
  brennanPrediger: number;
  gwetAc1: number;
  band: LandisKochBand;
}

/** All two-rater statistics at once. */
export function computePairAgreement(matrix: ContingencyMatrix): PairAgreement {
  const cohen = computeCohenKappa(matrix);
  return {
    n: cohen.n,
    percentAgreement: cohen.po,
    cohen,
    linearKappa: computeCohenKappa(matrix, { weights: 'linear' }).kappa,
    quadraticKappa: computeCohenKappa(matrix, { weights: 'quadratic' }).kappa,
    scottPi: computeScottPi(matrix),
    brennanPrediger: computeBrennanPrediger(matrix),
    gwetAc1: computeGwetAc1(matrix),
    band: classifyLandisKoch(cohen.kappa),
  };
}
