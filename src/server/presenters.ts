import type { StageOutcome } from '#core/screen/workflow/index';
import type { ReviewAccess } from '#server/routes/define';

/**
 * A decision's outcome as the caller may see it. While blinded, "conflict" or
 * "decided" would tell a screener what the other reviewer chose, so they see
 * only that their own decision is in.
 */
export function presentOutcome(
  outcome: StageOutcome,
  access: Pick<ReviewAccess, 'policies'>,
  email: string,
): StageOutcome {
  if (access.policies.seeOthersDecisions) return outcome;
  return {
    status: 'in-progress',
    resolved: false,
    reviewers: outcome.reviewers.filter((r) => r === email),
  };
}
