import { computeFleissKappa, type FleissResult } from './fleiss';
import { computePairAgreement, type ContingencyMatrix, type PairAgreement } from './two-raters';

/**
 * Agreement between assessors over categorical judgements, for every stage two people judge:
 * screening decisions, an extraction's coded values, a risk-of-bias domain's judgements. The
 * stage names its categories, in order (weighted kappa reads the order).
 */

/** One assessor's judgement of one item, as agreement needs it. */
export interface RaterJudgement<Value extends string = string> {
  itemId: string;
  raterId: string;
  value: Value;
}

/** item -> rater -> value; a later judgement by the same rater on the same item supersedes. */
function indexDecisions<Value extends string>(
  decisions: readonly RaterJudgement<Value>[],
): Map<string, Map<string, Value>> {
  const byItem = new Map<string, Map<string, Value>>();
  for (const d of decisions) {
    let raters = byItem.get(d.itemId);
    if (!raters) byItem.set(d.itemId, (raters = new Map()));
    raters.set(d.raterId, d.value);
  }
  return byItem;
}

/** A two-rater contingency matrix over the items both raters judged. */
export interface ContingencyResult<Value extends string = string> {
  categories: readonly Value[];
  matrix: number[][];
  /** Items both raters decided. */
  n: number;
}

/** Builds the contingency matrix of rater A (rows) against rater B (columns). */
export function buildContingencyMatrix<Value extends string>(
  decisions: readonly RaterJudgement<Value>[],
  raterA: string,
  raterB: string,
  /** The categories in order. */
  categories: readonly Value[],
): ContingencyResult<Value> {
  const matrix = categories.map(() => categories.map(() => 0));
  let n = 0;
  for (const raters of indexDecisions(decisions).values()) {
    const a = raters.get(raterA);
    const b = raters.get(raterB);
    if (a === undefined || b === undefined) continue;
    const i = categories.indexOf(a);
    const j = categories.indexOf(b);
    if (i < 0 || j < 0) continue;
    (matrix[i] as number[])[j] = ((matrix[i] as number[])[j] as number) + 1;
    n += 1;
  }
  return { categories, matrix, n };
}

/** Agreement of one pair of raters, or why it could not be computed. */
export interface RaterPairAgreement {
  raterA: string;
  raterB: string;
  matrix: ContingencyMatrix;
  /** Undefined when the pair shares no item, or all shared items fall in one category. */
  stats?: PairAgreement;
}

/** Agreement per reviewer pair and overall (Fleiss' kappa across all raters). */
export interface AgreementSummary<Value extends string = string> {
  categories: readonly Value[];
  raters: string[];
  pairs: RaterPairAgreement[];
  /** Undefined when fewer than two items were rated twice. */
  overall?: FleissResult;
}

/**
 * Summarises agreement from decision lists: every pair of raters (Cohen, weighted kappa,
 * Scott, Brennan-Prediger/PABAK, AC1) and Fleiss' kappa over all raters with missing ratings.
 */
export function summariseAgreement<Value extends string>(
  decisions: readonly RaterJudgement<Value>[],
  /** The categories in order. */
  categories: readonly Value[],
): AgreementSummary<Value> {
  const raters = [...new Set(decisions.map((d) => d.raterId))].sort();
  const pairs: RaterPairAgreement[] = [];
  for (let a = 0; a < raters.length; a += 1) {
    for (let b = a + 1; b < raters.length; b += 1) {
      const raterA = raters[a] as string;
      const raterB = raters[b] as string;
      const { matrix, n } = buildContingencyMatrix(decisions, raterA, raterB, categories);
      const pair: RaterPairAgreement = { raterA, raterB, matrix };
      if (n >= 2) {
        const stats = computePairAgreement(matrix);
        if (Number.isFinite(stats.cohen.kappa)) pair.stats = stats;
      }
      pairs.push(pair);
    }
  }
  const counts = [...indexDecisions(decisions).values()].map((raters) => {
    const row = categories.map(() => 0);
    for (const value of raters.values()) {
      const k = categories.indexOf(value);
      if (k >= 0) row[k] = (row[k] as number) + 1;
    }
    return row;
  });
  let overall: FleissResult | undefined;
  if (counts.filter((row) => row.reduce((x, y) => x + y, 0) >= 2).length >= 2) {
    const result = computeFleissKappa(counts);
    if (Number.isFinite(result.kappa)) overall = result;
  }
  return overall ? { categories, raters, pairs, overall } : { categories, raters, pairs };
}
