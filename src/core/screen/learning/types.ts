import type { Random } from '#core/ports';
import type { CsrMatrix } from './sparse';

/** The labelled rows a classifier learns from, in labelling order. */
export interface TrainingSet {
  /** The feature matrix of all records (labelled and unlabelled). */
  x: CsrMatrix;
  /** Row numbers of the labelled records in `x`. */
  rows: Int32Array;
  /** 1 = relevant, 0 = irrelevant, aligned with `rows`. */
  y: Uint8Array;
  /** Per-row sample weights from a balancer, aligned with `rows`. */
  weights: Float64Array;
  /** Solvers that visit rows in random order draw from this seeded source. */
  random: Random;
  /**
   * Set false when only unlabelled rows will be scored through `sharedCoef` (a simulation):
   * the solver then skips building `coef` over all columns and returns it empty.
   */
  fullCoef?: boolean;
}

/**
 * Every classifier here is linear in the features: `score = link(x . coef + intercept)`.
 * `link: 'sigmoid'` mimics `predict_proba[:, 1]`, whose saturation to exactly 1.0 creates the
 * ties that ASReview's stable sort breaks by record order.
 */
export interface LinearModel {
  classifier: string;
  coef: Float64Array;
  intercept: number;
  link: 'identity' | 'sigmoid';
  /** Solver state (e.g. dual variables per record row) reused to warm-start the next fit. */
  warm?: Float64Array;
  /**
   * The same weights over `splitSharedColumns(x).shared` when the solver worked there: scores
   * of unlabelled rows are identical and cost half as much.
   */
  sharedCoef?: Float64Array;
  /** Member models of an ensemble (for their warm starts). */
  members?: LinearModel[];
  /** The training rows, so a warm start can tell whether the new rows extend them. */
  trainedRows?: Int32Array;
}

/** A classifier role: learns a linear model from a training set. */
export interface Classifier {
  readonly name: string;
  fit(set: TrainingSet, previous?: LinearModel): LinearModel;
}

/** A balancer role: sample weights for labels in labelling order. */
export interface Balancer {
  readonly name: string;
  weigh(y: Uint8Array): Float64Array;
}

/** A querier role: the order in which pool positions should be screened next. */
export interface Querier {
  readonly name: string;
  /** Positions into `scores` (the pool), best first. */
  rank(scores: Float64Array, random: Random): Int32Array;
  /** The first position `rank` would return, when it can be found in one pass. */
  pick?(scores: Float64Array, random: Random): number;
}

/** What a stopper sees: the labels so far, in screening order, and the size of the set. */
export interface StopperInput {
  labels: readonly (0 | 1)[];
  nRecords: number;
  /** Relevant records known before screening (e.g. key papers), if any. */
  nPriorRelevant?: number;
  /** Total number of relevant records; only a simulation knows it. */
  nRelevantTotal?: number;
}

/** A stopper's advice, with the numbers behind it so a UI can show why. */
export interface StopAdvice {
  stopper: string;
  stop: boolean;
  reason: string;
  details: Record<string, number | boolean | string>;
}

/** A stopper role. */
export interface Stopper {
  readonly name: string;
  advise(input: StopperInput): StopAdvice;
}

/** A feature-extractor role: texts in, a sparse matrix with named columns out. */
export interface FeatureExtractor {
  readonly name: string;
  fit(texts: readonly string[]): { matrix: CsrMatrix; terms: string[] };
}
