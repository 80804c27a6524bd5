import { computeFleissKappa, type FleissResult } from './fleiss';
import { computePairAgreement, type ContingencyMatrix, type PairAgreement } from './two-raters';

/** A screening decision value; `maybe` is a category of its own. */
export type DecisionValue = 'include' | 'exclude' | 'maybe';

/** One reviewer's decision on one item, as agreement needs it. */
export interface RaterDecision {
  itemId: string;
  raterId: string;
  value: DecisionValue;
}

/** Default category order: `maybe` sits between include and exclude for weighted kappa. */
export const DECISION_CATEGORIES: readonly DecisionValue[] = ['include', 'maybe', 'exclude'];

/** item -> rater -> value; a later decision by the same rater on the same item supersedes. */
function indexDecisions(
  decisions: readonly RaterDecision[],
): Map<string, Map<string, DecisionValue>> {
  const byItem = new Map<string, Map<string, DecisionValue>>();
  for (const d of decisions) {
    let raters = byItem.get(d.itemId);
    if (!raters) byItem.set(d.itemId, (raters = new Map()));
    raters.set(d.raterId, d.value);
  }
  return byItem;
}

/** Options shared by the decision helpers. */
export interface AgreementOptions {
  /** Categories in order; default include, maybe, exclude. */
  categories?: readonly DecisionValue[];
}

/** A two-rater contingency matrix over the items both raters decided. */
export interface ContingencyResult {
  categories: readonly DecisionValue[];
  matrix: number[][];
  /** Items both raters decided. */
  n: number;
}

/** Builds the contingency matrix of rater A (rows) against rater B (columns). */
export function buildContingencyMatrix(
  decisions: readonly RaterDecision[],
  raterA: string,
  raterB: string,
  options: AgreementOptions = {},
): ContingencyResult {
  const categories = options.categories ?? DECISION_CATEGORIES;
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
export interface AgreementSummary {
  categories: readonly DecisionValue[];
  raters: string[];
  pairs: RaterPairAgreement[];
  /** Undefined when fewer than two items were rated twice. */
  overall?: FleissResult;
}

/**
 * Summarises agreement from decision lists: every pair of raters (Cohen, weighted kappa,
 * Scott, Brennan-Prediger/PABAK, AC1) and Fleiss' kappa over all raters with missing ratings.
 */
export function summariseAgreement(
  decisions: readonly RaterDecision[],
  options: AgreementOptions = {},
): AgreementSummary {
  const categories = options.categories ?? DECISION_CATEGORIES;
  const raters = [...new Set(decisions.map((d) => d.raterId))].sort();
  const pairs: RaterPairAgreement[] = [];
  for (let a = 0; a < raters.length; a += 1) {
    for (let b = a + 1; b < raters.length; b += 1) {
      const raterA = raters[a] as string;
      const raterB = raters[b] as string;
      const { matrix, n } = buildContingencyMatrix(decisions, raterA, raterB, { categories });
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
