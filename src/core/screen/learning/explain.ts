import { DomainError } from '#core/errors';
import type { CsrMatrix } from './sparse';
import type { LinearModel } from './types';

/** One term's share of a record's score. */
export interface TermContribution {
  term: string;
  /** The model weight of the term. */
  weight: number;
  /** The record's feature value (e.g. its TF-IDF). */
  value: number;
  /** weight x value: positive pushes towards relevant. */
  contribution: number;
}

/** Options of {@link explainScore}. */
export interface ExplainOptions {
  /** How many terms to return. Default 10. */
  top?: number;
}

/**
 * The terms that drive a record's score under a linear model, largest |weight x value| first.
 * For NB this is the term's log-odds contribution; for SVM/logistic its margin contribution.
 */
export function explainScore(
  model: LinearModel,
  x: CsrMatrix,
  terms: readonly string[],
  recordIndex: number,
  options: ExplainOptions = {},
): TermContribution[] {
  if (model.coef.length !== x.nCols) {
    throw new DomainError(
      'explain-no-weights',
      'The model was trained without full weights (fullCoef: false)',
    );
  }
  if (recordIndex < 0 || recordIndex >= x.nRows) {
    throw new DomainError('explain-bad-record', `Record ${recordIndex} is not in the matrix`);
  }
  const out: TermContribution[] = [];
  const end = x.indptr[recordIndex + 1] as number;
  for (let p = x.indptr[recordIndex] as number; p < end; p += 1) {
    const col = x.indices[p] as number;
    const weight = model.coef[col] as number;
    const value = x.data[p] as number;
    out.push({ term: terms[col] ?? String(col), weight, value, contribution: weight * value });
  }
  out.sort(
    (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.term < b.term ? -1 : 1),
  );
  return out.slice(0, options.top ?? 10);
}
