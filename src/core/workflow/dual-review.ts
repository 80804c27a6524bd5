/**
 * The dual-review workflow every judging stage shares (screening now; extraction and
 * appraisal next): assessors judge items, `required` independent judgements settle an item
 * when they agree, disagreement is a conflict that a designated resolver settles, and while
 * the review is blinded no assessor learns how another judged an unsettled item.
 *
 * Pure: judgements in, outcomes and permissions out. The stage decides what a value is and
 * when two values are the same.
 */

/** One current (not superseded) judgement of an item. */
export interface Judgement<Value> {
  /** Monotonic: a later judgement has a larger id. */
  id: number;
  assessor: string;
  value: Value;
  /** A resolver's judgement that settles a conflict (not an independent vote). */
  resolution: boolean;
}

/**
 * Where an item stands: nobody judged it (`pending`), fewer than the required judgements
 * agree so far (`in-progress`), independent judgements disagree (`conflict`), the required
 * number agree (`agreed`), or a resolver settled it (`resolved`).
 */
export type JudgementStatus = 'pending' | 'in-progress' | 'conflict' | 'agreed' | 'resolved';

export const JUDGEMENT_STATUSES: readonly JudgementStatus[] = [
  'pending',
  'in-progress',
  'conflict',
  'agreed',
  'resolved',
];

export interface JudgementOutcome<Value> {
  status: JudgementStatus;
  /** The settled value (agreed or resolved). */
  value?: Value;
  /** The judgement that carries the settled value: the resolution, or the first agreeing vote. */
  settledBy?: Judgement<Value>;
  /** Assessors with an independent judgement, in the order they judged. */
  assessors: string[];
}

/** Agreed or resolved: the item's value is final until someone changes a judgement. */
export function isSettled(status: JudgementStatus): boolean {
  return status === 'agreed' || status === 'resolved';
}

/**
 * Every required judgement is in, or a resolver settled it: the item has left the
 * assessors' queues (a conflict waits for a resolver).
 */
export function isClosed(status: JudgementStatus): boolean {
  return status === 'conflict' || status === 'agreed' || status === 'resolved';
}

/**
 * Why an assessor may not judge an item now, change or withdraw their judgement of it, or
 * undefined when they may. Under blinding a closed item's judgements are final: what the
 * team sees once an item closes (a settled label, a conflict count) would otherwise tell an
 * assessor how the others judged, and a changed vote would act on it. Unblinded, minds may
 * change freely.
 */
export function changeRefusal(status: JudgementStatus, blinded: boolean): string | undefined {
  if (!blinded || !isClosed(status)) return undefined;
  // One message whatever the outcome: the refusal must not say whether the votes agree.
  return 'Every required vote on this record is in, and under blinding a vote is final once a record is closed; a resolver settles any conflict.';
}

/**
 * An item's outcome from its current judgements: the latest resolution settles it;
 * otherwise any disagreement is a conflict, and `required` agreeing judgements settle it.
 */
export function judgementOutcome<Value>(
  judgements: readonly Judgement<Value>[],
  required: number,
  same: (a: Value, b: Value) => boolean = Object.is,
): JudgementOutcome<Value> {
  const independent = judgements.filter((j) => !j.resolution);
  const assessors = independent.map((j) => j.assessor);
  let resolution: Judgement<Value> | undefined;
  for (const j of judgements)
    if (j.resolution && (!resolution || j.id > resolution.id)) resolution = j;
  if (resolution)
    return { status: 'resolved', value: resolution.value, settledBy: resolution, assessors };
  const first = independent[0];
  if (!first) return { status: 'pending', assessors };
  if (independent.some((j) => !same(j.value, first.value)))
    return { status: 'conflict', assessors };
  if (independent.length < required) return { status: 'in-progress', assessors };
  return { status: 'agreed', value: first.value, settledBy: first, assessors };
}

/**
 * Whether an item still needs `assessor`'s judgement: it is not resolved, they have not
 * judged it, and fewer than `required` independent judgements are in. Every assessor who
 * still owes a judgement is offered the item, so two assessors working in the same order
 * meet on the same items and conflicts surface from the start.
 */
export function needsJudgementFrom(
  judgements: readonly Pick<Judgement<unknown>, 'assessor' | 'resolution'>[],
  assessor: string,
  required: number,
): boolean {
  let independent = 0;
  for (const j of judgements) {
    if (j.resolution) return false;
    if (j.assessor === assessor) return false;
    independent += 1;
  }
  return independent < required;
}

/** Who may settle conflicts in a review, and how many people judge in it. */
export interface ResolutionPolicy {
  /** Named resolvers; empty means the review's leads. */
  resolvers: readonly string[];
  leads: readonly string[];
  /** Members who may judge (leads and reviewers). */
  assessors: readonly string[];
}

/** Why someone may not resolve an item's conflict, or undefined when they may. */
export function resolutionRefusal(
  policy: ResolutionPolicy,
  resolver: string,
  /** Assessors with an independent judgement on the item. */
  judgedBy: readonly string[],
): string | undefined {
  const designated = policy.resolvers.length > 0 ? policy.resolvers : policy.leads;
  if (!designated.includes(resolver))
    return policy.resolvers.length > 0
      ? `${resolver} is not a resolver of this review (resolvers: ${policy.resolvers.join(', ')}).`
      : `Only the review's leads settle conflicts (${policy.leads.join(', ') || 'none'}).`;
  // One's own conflict is settled by someone else, unless one judges alone.
  if (judgedBy.includes(resolver) && policy.assessors.length > 1)
    return `${resolver} judged this item and cannot settle its conflict; another resolver must.`;
  return undefined;
}

/**
 * What one assessor may learn of an item while the review is blinded: their own
 * judgement, whether the item is settled (and then its value), never how anyone else
 * judged an item that is not settled.
 */
export interface BlindView<Value> {
  status: 'pending' | 'in-progress' | 'settled';
  value?: Value;
  mine?: Value;
}

export function blindView<Value>(
  judgements: readonly Judgement<Value>[],
  outcome: JudgementOutcome<Value>,
  viewer: string,
): BlindView<Value> {
  let mine: Judgement<Value> | undefined;
  for (const j of judgements)
    if (!j.resolution && j.assessor === viewer && (!mine || j.id > mine.id)) mine = j;
  if (isSettled(outcome.status))
    return { status: 'settled', value: outcome.value, mine: mine?.value };
  return mine ? { status: 'in-progress', mine: mine.value } : { status: 'pending' };
}
