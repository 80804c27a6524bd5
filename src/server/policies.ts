import type { ScreenSettings } from '#core/screen/workflow/index';

/** A member's role in one review (the engine's reviewers table). */
export type MemberRole = 'lead' | 'reviewer' | 'viewer';

/** Everything a user may be allowed to do in a review; the UI receives this object as is. */
export const REVIEW_ACTIONS = [
  'import',
  'deduplicate',
  'decidePairs',
  'screen',
  'resolve',
  'configure',
  'invite',
  'viewReport',
] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** `{ can: { import: true, ... } }`: what the `policies` route returns. */
export interface ReviewPolicies {
  can: Record<ReviewAction, boolean>;
  /** Looking at other reviewers' decisions (conflicts, agreement, outcomes): false while blinded for plain screeners. */
  seeOthersDecisions: boolean;
}

/** Who is asking, as policies need it. */
export interface PolicySubject {
  email: string;
  admin: boolean;
  /** Undefined when the user is not a member of the review. */
  role: MemberRole | undefined;
}

/**
 * The review policy, declared once: routes check it and the UI hides what it forbids.
 * While screening is blinded a reviewer sees only their own decisions, so resolving
 * conflicts (which shows every vote) and the report (per-record outcomes) are for
 * leads, named resolvers and viewers (who never screen).
 */
export function decideReviewPolicies(
  subject: PolicySubject,
  settings: Pick<ScreenSettings, 'blinded' | 'resolvers'>,
): ReviewPolicies {
  const { role } = subject;
  const lead = role === 'lead';
  const screener = lead || role === 'reviewer';
  const namedResolver = settings.resolvers.includes(subject.email);
  const mayResolve =
    screener && (settings.resolvers.length > 0 ? namedResolver : lead || !settings.blinded);
  const seeOthersDecisions =
    role !== undefined && (!settings.blinded || lead || role === 'viewer' || namedResolver);
  return {
    can: {
      import: lead,
      deduplicate: lead,
      decidePairs: screener,
      screen: screener,
      resolve: mayResolve,
      configure: lead,
      // An administrator may add people to any review, e.g. a first lead.
      invite: lead || subject.admin,
      viewReport: seeOthersDecisions,
    },
    seeOthersDecisions,
  };
}
