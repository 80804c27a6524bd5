import { deriveOutcome } from '#core/screen/workflow/index';
import type { DecisionFact, ScreenSettings } from '#core/screen/workflow/index';
import { needsJudgementFrom } from '#core/workflow/index';
import type { StageDecisionsView } from './decisions';

/** Eligible records as a list in ascending id order and a set; shared, so callers must not change them. */
export interface Eligible {
  ids: readonly number[];
  has(id: number): boolean;
}

/** What the queue needs of one decided-on eligible record, derived once per change to it. */
interface RecordView {
  id: number;
  /** Settled: the required reviewers agree, or a resolver decided. */
  settled: boolean;
  /** Needs no more votes: resolved, or every required vote is in. No one else is asked. */
  closed: boolean;
  /** Reviewers with a vote of their own (not a resolution). */
  voters: readonly string[];
  /** What it teaches the ranking model: only a settled outcome, never a lone vote. */
  label: 0 | 1 | undefined;
  /**
   * Not settled: each voter's own vote as a label with its decision id. It teaches that
   * voter's own ranking and nobody else's.
   */
  ownVotes: readonly OwnVote[];
  /** Its latest decision's id: labels are given to the model in this order. */
  at: number;
}

/**
 * A stage's decisions summed up for the queue over the eligible records: progress per
 * reviewer, which records are settled or closed, and the model's labels. Kept per stage, eligible
 * set and settings, and brought up to date by re-deriving only the records changed since,
 * so a request late in a 100,000-record review costs what one early on does.
 */
export interface StageSummary {
  views: ReadonlyMap<number, RecordView>;
  /** Eligible records settled (agreed or resolved). */
  settled: number;
  /** Eligible records that need no more votes (settled, or every required vote in). */
  closed: number;
  /** Per reviewer: eligible records they voted on, and how many of those are closed. */
  byReviewer: ReadonlyMap<string, ReviewerTally>;
  labelled: number;
  /** Labelled relevant (include or maybe). */
  found: number;
  /**
   * Changes whenever a settled label changes, and only then: what the ranking model is
   * trained on, so a retraining (and everything it shows) never follows an unsettled vote.
   */
  labelKey: string;
  /** Decided-on records that are not closed: open to reviewers who have not voted. */
  incomplete: ReadonlySet<number>;
  /** Per reviewer: their votes on records that are not settled (see `ownTrainingLabels`). */
  ownLabels: ReadonlyMap<string, OwnLabels>;
}

export interface ReviewerTally {
  decided: number;
  closed: number;
}

/** A reviewer's vote on a record that is not settled, as a training label. */
interface OwnVote {
  reviewer: string;
  label: 0 | 1;
  at: number;
}

/** One reviewer's votes on unsettled records, with a key that changes whenever they do. */
interface OwnLabels {
  votes: Map<number, { label: 0 | 1; at: number }>;
  hash: number;
}

/** Eligible records still open to `reviewer`: not voted on by them and not closed. */
export function remainingFor(summary: StageSummary, eligible: number, reviewer: string): number {
  const mine = summary.byReviewer.get(reviewer) ?? { decided: 0, closed: 0 };
  return eligible - mine.decided - (summary.closed - mine.closed);
}

interface Kept extends StageSummary {
  views: Map<number, RecordView>;
  byReviewer: Map<string, ReviewerTally>;
  ownLabels: Map<string, OwnLabels>;
  /** Sum (mod 2^32) of a hash of each label with its record and time. */
  labelHash: number;
  eligible: Eligible;
  reviewersPerRecord: number;
  applied: number;
  /** Decided-on records that are not closed: open to reviewers who have not voted. */
  incomplete: Set<number>;
  /** Every eligible id before this index has a view (someone decided on it). */
  viewedUpTo: number;
}

const kept = new WeakMap<StageDecisionsView, Kept[]>();
/** Summaries kept per stage: one per eligible set and settings in use at once. */
const KEEP = 4;

/** The summary of `decisions` over `eligible` under `settings`, brought up to date. */
export function summarise(
  decisions: StageDecisionsView,
  eligible: Eligible,
  settings: Pick<ScreenSettings, 'reviewersPerRecord'>,
): StageSummary {
  let list = kept.get(decisions);
  if (!list) kept.set(decisions, (list = []));
  let summary = list.find(
    (s) => s.eligible === eligible && s.reviewersPerRecord === settings.reviewersPerRecord,
  );
  const changed = summary ? decisions.changedSince(summary.applied) : undefined;
  if (!summary || !changed) {
    if (summary) list.splice(list.indexOf(summary), 1);
    summary = {
      views: new Map(),
      settled: 0,
      closed: 0,
      byReviewer: new Map(),
      ownLabels: new Map(),
      labelled: 0,
      found: 0,
      labelHash: 0,
      get labelKey() {
        return `${this.labelled}:${this.found}:${this.labelHash.toString(16)}`;
      },
      eligible,
      reviewersPerRecord: settings.reviewersPerRecord,
      applied: decisions.changes,
      incomplete: new Set(),
      viewedUpTo: 0,
    };
    for (const [id, facts] of decisions.byRecord) if (eligible.has(id)) add(summary, id, facts);
    list.unshift(summary);
    list.length = Math.min(list.length, KEEP);
    return summary;
  }
  for (const id of new Set(changed)) {
    remove(summary, id);
    const facts = decisions.byRecord.get(id);
    if (facts && eligible.has(id)) add(summary, id, facts);
  }
  summary.applied = decisions.changes;
  return summary;
}

/**
 * The labelled records in the order their labels were settled, for training: the team's
 * settled outcomes, and with `reviewer`, that reviewer's own votes on records that are not
 * settled as well, in the order they were given.
 */
export function trainingLabels(
  summary: StageSummary,
  reviewer?: string,
): { id: number; label: 0 | 1 }[] {
  const labelled: { id: number; label: 0 | 1; at: number }[] = [];
  for (const [id, view] of summary.views)
    if (view.label !== undefined) labelled.push({ id, label: view.label, at: view.at });
  if (reviewer !== undefined) labelled.push(...ownTrainingLabels(summary, reviewer).labels);
  return labelled.sort((a, b) => a.at - b.at).map(({ id, label }) => ({ id, label }));
}

/**
 * What `reviewer`'s own ranking learns beyond the settled labels: their votes on records
 * that are not settled, in the order they voted, with a key that changes whenever those
 * votes do. Nothing here follows another reviewer's vote, so under blinding a ranking
 * trained on it shows them nothing of anyone else's judgement.
 */
export function ownTrainingLabels(
  summary: StageSummary,
  reviewer: string,
): { labels: { id: number; label: 0 | 1; at: number }[]; key: string } {
  const own = summary.ownLabels.get(reviewer);
  if (!own || own.votes.size === 0) return { labels: [], key: '' };
  const labels = [...own.votes].map(([id, vote]) => ({ id, ...vote })).sort((a, b) => a.at - b.at);
  return { labels, key: `${own.votes.size}:${own.hash.toString(16)}` };
}

function add(summary: Kept, id: number, facts: readonly DecisionFact[]): void {
  const settings = { reviewersPerRecord: summary.reviewersPerRecord };
  const outcome = deriveOutcome(facts, settings);
  const voters = [...new Set(facts.filter((f) => !f.resolution).map((f) => f.reviewer))];
  const settled = outcome.status === 'decided';
  const latest = new Map<string, DecisionFact>();
  if (!settled)
    for (const f of facts)
      if (!f.resolution && (latest.get(f.reviewer)?.id ?? -1) < f.id) latest.set(f.reviewer, f);
  const view: RecordView = {
    id,
    settled,
    // Open to nobody new: resolved, or as many votes as the stage requires.
    closed: !needsJudgementFrom(
      facts.map((f) => ({ assessor: f.reviewer, resolution: f.resolution })),
      '',
      settings.reviewersPerRecord,
    ),
    voters,
    label: settled && outcome.decision ? (outcome.decision === 'exclude' ? 0 : 1) : undefined,
    ownVotes: [...latest.values()].map((f) => ({
      reviewer: f.reviewer,
      label: f.decision === 'exclude' ? 0 : 1,
      at: f.id,
    })),
    at: facts.reduce((max, f) => Math.max(max, f.id), 0),
  };
  summary.views.set(id, view);
  count(summary, view, 1);
}

function remove(summary: Kept, id: number): void {
  const view = summary.views.get(id);
  if (!view) return;
  summary.views.delete(id);
  count(summary, view, -1);
  // An id before the scan's start that lost its view (an undo) is where the scan starts again.
  const index = indexOf(summary.eligible.ids, id);
  if (index >= 0 && index < summary.viewedUpTo) summary.viewedUpTo = index;
}

/**
 * The first eligible record, in id order, open to `reviewer`: one no one decided on, or
 * one decided on but not closed that they have not voted on. Amortised: the scan for
 * records no one decided on resumes where the last one stopped.
 */
export function firstOpen(summary: StageSummary, reviewer: string): number | undefined {
  const kept = summary as Kept;
  const { ids } = kept.eligible;
  while (kept.viewedUpTo < ids.length && kept.views.has(ids[kept.viewedUpTo]!))
    kept.viewedUpTo += 1;
  let first = ids[kept.viewedUpTo];
  for (const id of kept.incomplete)
    if ((first === undefined || id < first) && isOpenTo(summary, id, reviewer)) first = id;
  return first;
}

/**
 * Whether `reviewer` may screen eligible record `id`: no one decided on it, or it is not
 * closed (resolved, or every required vote in) and they have not voted on it.
 */
export function isOpenTo(summary: StageSummary, id: number, reviewer: string): boolean {
  const view = summary.views.get(id);
  return !view || (!view.closed && !view.voters.includes(reviewer));
}

/** Index of `id` in ascending `ids`, or -1. */
function indexOf(ids: readonly number[], id: number): number {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = ids[middle]!;
    if (value === id) return middle;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

function count(summary: Kept, view: RecordView, sign: 1 | -1): void {
  if (view.settled) summary.settled += sign;
  if (view.closed) summary.closed += sign;
  else if (sign === 1) summary.incomplete.add(view.id);
  else summary.incomplete.delete(view.id);
  if (view.label !== undefined) {
    summary.labelled += sign;
    summary.labelHash = (summary.labelHash + sign * labelHash(view)) >>> 0;
  }
  if (view.label === 1) summary.found += sign;
  for (const vote of view.ownVotes) {
    let own = summary.ownLabels.get(vote.reviewer);
    if (!own) summary.ownLabels.set(vote.reviewer, (own = { votes: new Map(), hash: 0 }));
    if (sign === 1) own.votes.set(view.id, { label: vote.label, at: vote.at });
    else own.votes.delete(view.id);
    own.hash = (own.hash + sign * labelHash({ id: view.id, at: vote.at, label: vote.label })) >>> 0;
  }
  for (const voter of view.voters) {
    let tally = summary.byReviewer.get(voter);
    if (!tally) summary.byReviewer.set(voter, (tally = { decided: 0, closed: 0 }));
    tally.decided += sign;
    if (view.closed) tally.closed += sign;
  }
}

/** A 32-bit mix of a label, its record and when it was settled. */
function labelHash(view: Pick<RecordView, 'id' | 'at' | 'label'>): number {
  let h = Math.imul(view.id ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ view.at, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ (view.label ?? 2), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}
