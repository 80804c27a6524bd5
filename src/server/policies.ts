import type { ScreenSettings } from '#core/screen/workflow/index';

/** A member's role in one review (the engine's reviewers table). */
export type MemberRole = 'lead' | 'reviewer' | 'viewer';

/** Everything a user may be allowed to do in a review; the UI receives this object as is. */
export const REVIEW_ACTIONS = [
  'import',
  'deduplicate',
  'decidePairs',
  'screen',
  'retrieve',
  'extract',
  'viewExtraction',
  'appraise',
  'viewAppraisal',
  'resolve',
  'configure',
  'invite',
  'manageTeam',
  'viewAgreement',
  'viewReport',
  'exportReview',
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
  /** Their member name in the review (what their decisions carry); undefined for non-members. */
  name: string | undefined;
  admin: boolean;
  /** Undefined when the user is not a member of the review. */
  role: MemberRole | undefined;
}

/**
 * The review policy, declared once: routes check it and the UI hides what it forbids.
 * Conflicts are settled by the named resolvers, or by the leads when none is named (the
 * engine also refuses anyone their own conflict). While screening is blinded a reviewer
 * sees only their own decisions, so conflicts (which show every vote), agreement and the
 * report (per-record outcomes) are for leads, named resolvers and viewers (who never screen).
 */
export function decideReviewPolicies(
  subject: PolicySubject,
  settings: Pick<ScreenSettings, 'blinded' | 'resolvers'>,
): ReviewPolicies {
  const { role } = subject;
  const lead = role === 'lead';
  const screener = lead || role === 'reviewer';
  const namedResolver = subject.name !== undefined && settings.resolvers.includes(subject.name);
  const mayResolve = screener && (settings.resolvers.length > 0 ? namedResolver : lead);
  const seeOthersDecisions =
    role !== undefined && (!settings.blinded || lead || role === 'viewer' || namedResolver);
  return {
    can: {
      import: lead,
      deduplicate: lead,
      decidePairs: screener,
      screen: screener,
      // Finding full texts is shared work: every screener may attach, link and give up on one.
      retrieve: screener,
      // Charting: every screener may extract; the engine keeps extractors blind to each other.
      extract: screener,
      // Every extractor's answers side by side (status, agreement, exports): never a plain
      // reviewer, whatever screening's blinding, since extraction is blinded on its own.
      viewExtraction: lead || role === 'viewer' || (screener && namedResolver),
      // Appraisal likewise: every screener assesses, blind; the side-by-side views are the lead's.
      appraise: screener,
      viewAppraisal: lead || role === 'viewer' || (screener && namedResolver),
      resolve: mayResolve,
      configure: lead,
      // An administrator may invite people to any review, e.g. a first lead.
      invite: lead || subject.admin,
      manageTeam: lead,
      // Agreement compares reviewers' votes: hidden from blinded screeners like the votes.
      viewAgreement: seeOthersDecisions,
      viewReport: seeOthersDecisions,
      // The workbook and the bundle hold every member's votes, answers and judgements.
      exportReview: lead || role === 'viewer',
    },
    seeOthersDecisions,
  };
}
