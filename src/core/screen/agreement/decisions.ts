import {
  buildContingencyMatrix as contingency,
  summariseAgreement as summarise,
} from '#core/workflow/index';
import type {
  AgreementSummary as Summary,
  ContingencyResult,
  RaterJudgement,
} from '#core/workflow/index';

/**
 * Agreement on screening decisions: the workflow's agreement statistics over the three
 * screening categories.
 */

/** A screening decision value; `maybe` is a category of its own. */
export type DecisionValue = 'include' | 'exclude' | 'maybe';

/** One reviewer's decision on one record, as agreement needs it. */
export type RaterDecision = RaterJudgement<DecisionValue>;

/** Category order: `maybe` sits between include and exclude for weighted kappa. */
export const DECISION_CATEGORIES: readonly DecisionValue[] = ['include', 'maybe', 'exclude'];

export interface AgreementOptions {
  /** Categories in order; default include, maybe, exclude. */
  categories?: readonly DecisionValue[];
}

export type AgreementSummary = Summary<DecisionValue>;

/** Reviewer A's decisions (rows) against reviewer B's (columns) over the records both decided. */
export function buildContingencyMatrix(
  decisions: readonly RaterDecision[],
  raterA: string,
  raterB: string,
  options: AgreementOptions = {},
): ContingencyResult<DecisionValue> {
  return contingency(decisions, raterA, raterB, options.categories ?? DECISION_CATEGORIES);
}

/** Agreement per reviewer pair and across every reviewer (Fleiss' kappa). */
export function summariseAgreement(
  decisions: readonly RaterDecision[],
  options: AgreementOptions = {},
): AgreementSummary {
  return summarise(decisions, options.categories ?? DECISION_CATEGORIES);
}
