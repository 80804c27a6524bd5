import type { BibRecord } from '#core/domain/index';
import { DomainError } from '#core/errors';
import type {
  DecisionFact,
  ScreenSettings,
  ScreenStage,
  StageOutcome,
} from '#core/screen/workflow/index';
import {
  deriveOutcome,
  passesToFullText,
  resolveScreenSettings,
  validateDecision,
  voteRefusal,
} from '#core/screen/workflow/index';
import { fromRecordRow, listRecords, visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readReviewSettingsAndProtocol, readScreenSettings } from '#engine/settings';
import { loadDuplicateState } from '#engine/deduplicate/state';
import type { DuplicateState } from '#engine/deduplicate/state';
import { readReviewVersions } from '#engine/versions';
import type { ReviewVersions } from '#engine/versions';
import {
  insertDecisionWithEvent,
  loadCurrentDecisions,
  loadStageDecisions,
  inRecordTransaction,
  toDecisionFact,
  WITHDRAWN,
} from './decisions';
import type { StageDecisionsView } from './decisions';
import { currentRanking, reviewerRanking } from './ranking';
import { firstOpen, isOpenTo, remainingFor, summarise } from './summary';
import type { Eligible } from './summary';
import type { RankingSnapshot } from './ranking';
import { highlightRecord } from './highlight';
import { hold, othersLooking, stageLeases } from './leases';
import type { HighlightSpan } from './highlight';
import { judges, listReviewers, requireReviewer } from '#engine/team/members';
import { firstInRound, openRound, resolutionRefusal } from '#core/workflow/index';
import type { ResolutionPolicy } from '#core/workflow/index';

export interface DecideInput {
  recordId: number;
  stage: string;
  reviewer: string;
  decision: string;
  reason?: string;
}

export interface DecideResult {
  decisionId: number;
  recordId: number;
  stage: ScreenStage;
  /** The decision this one replaced, when the reviewer changed their mind. */
  supersedes?: number;
  outcome: StageOutcome;
}

/** A record as the screening screen shows it. */
export interface ScreenItem {
  recordId: number;
  stage: ScreenStage;
  record: Omit<BibRecord, 'raw' | 'originals' | 'extra'>;
  highlights: { title: HighlightSpan[]; abstract: HighlightSpan[] };
  criteria: { inclusion: string[]; exclusion: string[] };
  exclusionReasons: string[];
  rank?: number;
  score?: number;
  calibration: boolean;
}

export interface NextResult {
  item?: ScreenItem;
  /** `complete`: records settled (agreed or resolved); the rest are the caller's own counts. */
  progress: { eligible: number; decidedByYou: number; remainingForYou: number; complete: number };
  ranking?: Pick<RankingSnapshot, 'id' | 'preset' | 'labels' | 'estimate'>;
}

/** Records eligible at a stage: not removed as duplicates, and for full text, passed title/abstract. */
export async function eligibleRecordIds(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  settings: ScreenSettings,
): Promise<number[]> {
  return [...(await loadEligible(context, reviewId, stage, settings)).ids];
}

/** A review's records not removed as duplicates. */
interface ActiveRecords {
  version: string;
  duplicates: DuplicateState;
  ids: number[];
  set: Set<number>;
  /** Reports marked not retrieved: left out of full-text screening. */
  notRetrieved: Set<number>;
  /** The title/abstract stage's eligible set, made once. */
  eligible?: Eligible;
}

/** Records not removed as duplicates, per store and review, until an import or a de-duplication changes them. */
const activeCache = new WeakMap<EngineContext['store'], Map<number, ActiveRecords>>();

async function loadActive(
  context: EngineContext,
  reviewId: number,
  read?: ReviewVersions,
): Promise<ActiveRecords> {
  const versions = read ?? (await readReviewVersions(context, reviewId));
  const duplicates = await loadDuplicateState(context, reviewId, versions);
  const version = `${versions.records}:${versions.batches}:${versions.lastBatch}:${versions.retrieval}`;
  let perStore = activeCache.get(context.store);
  if (!perStore) activeCache.set(context.store, (perStore = new Map()));
  const hit = perStore.get(reviewId);
  if (hit && hit.version === version && hit.duplicates === duplicates) return hit;
  const all = await context.store.db
    .selectFrom('records')
    .select('id')
    .where('review_id', '=', reviewId)
    .where(visibleRecords(reviewId))
    .orderBy('id')
    .execute();
  const ids = all.map((r) => r.id).filter((id) => !duplicates.removed.has(id));
  const notRetrieved = new Set(
    (
      await context.store.db
        .selectFrom('retrieval')
        .select('record_id')
        .where('review_id', '=', reviewId)
        .where('state', '=', 'not-retrieved')
        .execute()
    ).map((r) => r.record_id),
  );
  const entry: ActiveRecords = { version, duplicates, ids, set: new Set(ids), notRetrieved };
  perStore.set(reviewId, entry);
  return entry;
}

async function loadEligible(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  settings: ScreenSettings,
  loaded?: ActiveRecords,
): Promise<Eligible> {
  const active = loaded ?? (await loadActive(context, reviewId));
  // The same object while nothing it depends on changed: summaries of the stage are kept per set.
  if (stage === 'ti-ab')
    return (active.eligible ??= { ids: active.ids, has: (id) => active.set.has(id) });
  const tiab = await loadStageDecisions(context, reviewId, 'ti-ab');
  const key = `${tiab.changes}:${settings.reviewersPerRecord}`;
  const hit = fullTextEligible.get(active);
  if (hit && hit.tiab === tiab && hit.key === key) return hit.eligible;
  const passed: number[] = [];
  for (const [id, facts] of tiab.byRecord)
    if (
      active.set.has(id) &&
      !active.notRetrieved.has(id) &&
      passesToFullText(deriveOutcome(facts, settings))
    )
      passed.push(id);
  passed.sort((a, b) => a - b);
  const set = new Set(passed);
  const eligible: Eligible = { ids: passed, has: (id) => set.has(id) };
  fullTextEligible.set(active, { tiab, key, eligible });
  return eligible;
}

/** Records passed on to full-text screening, per active set, while title/abstract decisions stand. */
const fullTextEligible = new WeakMap<
  ActiveRecords,
  { tiab: StageDecisionsView; key: string; eligible: Eligible }
>();

/** Records a reviewer's decision; a changed mind supersedes the earlier decision, keeping it. */
export async function decide(
  context: EngineContext,
  reviewId: number,
  input: DecideInput,
  rankingId?: number,
  rank?: number,
): Promise<DecideResult> {
  // Independent reads run together: on PostgreSQL each is a round trip.
  const [settings] = await Promise.all([
    readScreenSettings(context, reviewId),
    requireReviewer(context, reviewId, input.reviewer),
    requireActiveRecord(context, reviewId, input.recordId),
  ]);
  const valid = validateDecision(input, settings);
  if (valid.stage === 'full-text')
    await requirePassedTitleAbstract(context, reviewId, input.recordId, settings);
  const createdAt = nowIso(context);
  // The record's current rows, read once in the transaction: the reviewer's own latest row (a
  // vote, or the marker an undo left) is superseded by this one, and the outcome follows
  // without reading again.
  return inRecordTransaction(context, reviewId, valid.stage, input.recordId, async (trx, rows) => {
    const current = rows.filter((row) => row.decision !== WITHDRAWN).map(toDecisionFact);
    const refusal = voteRefusal(current, settings);
    if (refusal) throw new DomainError('screen/vote-final', refusal);
    const previous = rows
      .filter((row) => row.reviewer === input.reviewer && row.resolution === 0)
      .at(-1);
    const vote = {
      recordId: input.recordId,
      stage: valid.stage,
      reviewer: input.reviewer,
      decision: valid.decision,
      reason: valid.reason,
      resolution: false,
      createdAt,
    };
    const insertedId = await insertDecisionWithEvent(
      trx,
      context.store.dialect,
      { ...vote, reviewId, rankingId, rank },
      previous ? [previous.id] : [],
      {
        type: 'screen.decided',
        payload: {
          stage: valid.stage,
          decision: valid.decision,
          reason: valid.reason,
          supersedes: previous?.id,
          rankingId,
          rank,
        },
      },
    );
    const after: DecisionFact[] = [
      ...current.filter((fact) => fact.id !== previous?.id),
      { ...vote, id: insertedId },
    ];
    return {
      decisionId: insertedId,
      recordId: input.recordId,
      stage: valid.stage,
      supersedes: previous?.id,
      outcome: deriveOutcome(after, settings),
    };
  });
}

/** A resolver settles a conflict; the resolution is recorded as such, beside the votes. */
export async function resolve(
  context: EngineContext,
  reviewId: number,
  input: DecideInput,
): Promise<DecideResult> {
  const [settings, policy] = await Promise.all([
    readScreenSettings(context, reviewId),
    resolutionPolicyOf(context, reviewId),
  ]);
  const valid = validateDecision(input, settings);
  await requireReviewer(context, reviewId, input.reviewer);
  requireResolver(policy, input.reviewer);
  const createdAt = nowIso(context);
  return inRecordTransaction(context, reviewId, valid.stage, input.recordId, async (trx, rows) => {
    // An undo's `withdrawn` marker is history, not a vote.
    const decisions = rows.filter((row) => row.decision !== WITHDRAWN).map(toDecisionFact);
    const outcome = deriveOutcome(decisions, settings);
    if (outcome.status !== 'conflict' && !outcome.resolved) {
      throw new DomainError(
        'screen/no-conflict',
        `Record ${input.recordId} has no conflict at ${valid.stage} (it is ${outcome.status}).`,
      );
    }
    // Never one's own conflict, unless one screens alone.
    const refusal = resolutionRefusal(policy, input.reviewer, outcome.reviewers);
    if (refusal) throw new DomainError('screen/forbidden', refusal);
    const previous = rows.filter((row) => row.resolution === 1);
    const insertedId = await insertDecisionWithEvent(
      trx,
      context.store.dialect,
      {
        reviewId,
        recordId: input.recordId,
        stage: valid.stage,
        reviewer: input.reviewer,
        decision: valid.decision,
        reason: valid.reason,
        resolution: true,
        createdAt,
      },
      previous.map((p) => p.id),
      {
        type: 'screen.resolved',
        payload: {
          stage: valid.stage,
          decision: valid.decision,
          reason: valid.reason,
          votes: decisions
            .filter((d) => !d.resolution)
            .map((d) => ({ reviewer: d.reviewer, decision: d.decision })),
        },
      },
    );
    const after = await loadCurrentDecisions(trx, reviewId, valid.stage, [input.recordId]);
    return {
      decisionId: insertedId,
      recordId: input.recordId,
      stage: valid.stage,
      supersedes: previous[0]?.id,
      outcome: deriveOutcome(after.get(input.recordId) ?? [], settings),
    };
  });
}

/**
 * Before the model ranks: the first open record from `firstOpen` on that is not being read
 * by others. Records past the first open one are unvoted unless someone is on them, so the
 * walk is as long as the number of records in others' hands.
 */
function firstAvailable(
  summary: Parameters<typeof firstOpen>[0],
  eligible: { ids: readonly number[] },
  reviewer: string,
  available: (id: number) => boolean,
): number | undefined {
  const first = firstOpen(summary, reviewer);
  if (first === undefined || available(first)) return first;
  const from = eligible.ids.indexOf(first);
  for (let i = from + 1; i < eligible.ids.length && i < from + 10_000; i += 1)
    if (available(eligible.ids[i]!)) return eligible.ids[i];
  return undefined;
}

/** The stopping advice once every eligible record at a stage is settled. */
export const SCREENING_COMPLETE =
  'Every eligible record at this stage is settled: screening is complete.';

/**
 * The next record a reviewer should screen: calibration sample first, then by model rank.
 * Eligibility and decisions come from per-store caches brought up to date on each call,
 * so a call costs a few indexed queries however large the review is.
 */
export async function next(
  context: EngineContext,
  reviewId: number,
  reviewer: string,
  stageName: string,
  /** Records the reviewer passed over for now (`n`): offered again once nothing else is open. */
  skip: readonly number[] = [],
): Promise<NextResult> {
  const stage = validateDecision(
    { stage: stageName, decision: 'include' },
    { exclusionReasons: [] },
  ).stage;
  // Independent reads run together: on PostgreSQL each is a round trip.
  const [, review, decisions, versions] = await Promise.all([
    requireReviewer(context, reviewId, reviewer),
    readReviewSettingsAndProtocol(context, reviewId),
    loadStageDecisions(context, reviewId, stage),
    readReviewVersions(context, reviewId),
  ]);
  const active = await loadActive(context, reviewId, versions);
  const reviewSettings = review.settings;
  const settings = resolveScreenSettings(reviewSettings.screen);
  const eligible = await loadEligible(context, reviewId, stage, settings, active);
  // Summed up from the decisions changed since the last request, not from all of them.
  const summary = summarise(decisions, eligible, settings);
  // Counts of your own and settled team totals: nothing here follows another reviewer's
  // vote on a record that is not settled.
  const progress = {
    eligible: eligible.ids.length,
    decidedByYou: summary.byReviewer.get(reviewer)?.decided ?? 0,
    remainingForYou: remainingFor(summary, eligible.ids.length, reviewer),
    complete: summary.settled,
  };
  // Records without decisions are pending and open to everyone.
  const isOpen = (id: number): boolean => eligible.has(id) && isOpenTo(summary, id, reviewer);
  // Open, and not taken by others already reading it: votes plus their leases leave a place.
  const held = stageLeases(context, reviewId, stage);
  const now = Date.now();
  const available = (id: number): boolean => {
    if (!isOpen(id)) return false;
    const voters = summary.views.get(id)?.voters ?? [];
    return (
      voters.length + othersLooking(held, id, reviewer, voters, now) < settings.reviewersPerRecord
    );
  };
  const ranking = await currentRanking(
    context,
    reviewId,
    stage,
    eligible.ids,
    summary,
    versions.rankings[stage],
  );
  // The order offered: the reviewer's own ranking once they have votes the team's lacks.
  const order = await reviewerRanking(
    context,
    reviewId,
    stage,
    eligible.ids,
    summary,
    reviewer,
    ranking,
  );
  const round = openRound(reviewSettings.calibration, stage);
  const calibration = round ? new Set(round.recordIds) : undefined;
  let chosen: number | undefined;
  let rank: number | undefined;
  let score: number | undefined;
  // Records a co-reviewer has begun come first, in this reviewer's order: both then work
  // through the same top-ranked records even when their own rankings part, conflicts
  // surface from the start and records settle. Whether someone voted may show; how never.
  const begun = (id: number): boolean => {
    const voters = summary.views.get(id)?.voters;
    return voters !== undefined && voters.length > 0 && !voters.includes(reviewer);
  };
  const choose = (offer: (id: number) => boolean): void => {
    chosen = firstInRound(round, stage, offer);
    if (chosen === undefined && order && summary.incomplete.size > 0) {
      const index = order.ranked.findIndex((entry) => begun(entry.id) && offer(entry.id));
      if (index >= 0) {
        chosen = order.ranked[index]!.id;
        rank = index + 1;
        score = order.ranked[index]!.score;
      }
    }
    if (chosen === undefined && order) {
      const index = order.ranked.findIndex((entry) => offer(entry.id));
      if (index >= 0) {
        chosen = order.ranked[index]!.id;
        rank = index + 1;
        score = order.ranked[index]!.score;
      }
    }
  };
  if (skip.length > 0) {
    const skipped = new Set(skip);
    const notSkipped = (id: number): boolean => !skipped.has(id) && available(id);
    choose(notSkipped);
    if (chosen === undefined && !order) chosen = eligible.ids.find(notSkipped);
  }
  // Nothing skipped, or everything left was skipped: the queue's own order, first past the
  // records others are reading, then (everything open is being read) any open record.
  if (chosen === undefined) choose(available);
  if (chosen === undefined && !order)
    chosen = firstAvailable(summary, eligible, reviewer, available);
  if (chosen === undefined) choose(isOpen);
  if (chosen === undefined) chosen = firstOpen(summary, reviewer);
  if (chosen !== undefined) hold(held, chosen, reviewer, now);
  // Once every eligible record is settled the advice is to stop, whatever the last model
  // (trained a few labels earlier) said: it never flips back at the end.
  const complete = eligible.ids.length > 0 && summary.settled >= eligible.ids.length;
  const rankingView = ranking
    ? {
        id: ranking.id,
        preset: ranking.preset,
        labels: ranking.labels,
        estimate: complete
          ? { ...ranking.estimate, stop: { stop: true, reason: SCREENING_COMPLETE } }
          : ranking.estimate,
      }
    : undefined;
  if (chosen === undefined) return { progress, ranking: rankingView };
  const [row] = await listRecords(context.store.db, { reviewId, ids: [chosen] });
  const { raw: _raw, originals: _originals, extra: _extra, ...record } = fromRecordRow(row!);
  const parsed = review.protocol;
  return {
    item: {
      recordId: chosen,
      stage,
      record,
      highlights: highlightRecord(record, settings.highlight),
      criteria: {
        inclusion: parsed.inclusionCriteria ?? [],
        exclusion: parsed.exclusionCriteria ?? [],
      },
      exclusionReasons: settings.exclusionReasons,
      rank,
      score,
      calibration: calibration?.has(chosen) ?? false,
    },
    progress,
    ranking: rankingView,
  };
}

/** Per-record outcomes at a stage (for PRISMA and reports). */
export async function outcomes(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
): Promise<Map<number, StageOutcome>> {
  const settings = await readScreenSettings(context, reviewId);
  const decisions = await loadCurrentDecisions(context.store.db, reviewId, stage);
  const result = new Map<number, StageOutcome>();
  for (const [id, facts] of decisions) result.set(id, deriveOutcome(facts, settings));
  return result;
}

/** Who settles conflicts in this review: its named resolvers, else its leads. */
export async function resolutionPolicyOf(
  context: EngineContext,
  reviewId: number,
): Promise<ResolutionPolicy> {
  const [settings, members] = await Promise.all([
    readScreenSettings(context, reviewId),
    listReviewers(context, reviewId),
  ]);
  return {
    resolvers: settings.resolvers,
    leads: members.filter((m) => m.role === 'lead').map((m) => m.name),
    assessors: members.filter((m) => judges(m.role)).map((m) => m.name),
  };
}

export function requireResolver(policy: ResolutionPolicy, reviewer: string): void {
  const refusal = resolutionRefusal(policy, reviewer, []);
  if (refusal) throw new DomainError('screen/forbidden', refusal);
}

/** The record is in the review and was not removed as a duplicate. */
async function requireActiveRecord(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<void> {
  // The review's records as cached for the queue: while nothing was imported or
  // de-duplicated, this costs the one query that says so.
  const { set, duplicates } = await loadActive(context, reviewId);
  if (set.has(recordId)) return;
  if (duplicates.removed.has(recordId))
    throw new DomainError(
      'screen/duplicate',
      `Record ${recordId} was removed as a duplicate; screen its cluster's keeper instead.`,
    );
  throw new DomainError('screen/record-not-found', `Record ${recordId} is not in this review.`);
}

/** Full-text screening is open only to records that passed title/abstract screening. */
async function requirePassedTitleAbstract(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  settings: ScreenSettings,
): Promise<void> {
  const tiab = await loadCurrentDecisions(context.store.db, reviewId, 'ti-ab', [recordId]);
  if (!passesToFullText(deriveOutcome(tiab.get(recordId) ?? [], settings))) {
    throw new DomainError(
      'screen/not-eligible',
      `Record ${recordId} has not passed title/abstract screening.`,
    );
  }
  if ((await loadActive(context, reviewId)).notRetrieved.has(recordId))
    throw new DomainError(
      'screen/not-eligible',
      `Record ${recordId} was marked not retrieved: there is no full text to judge. Seek it again under Retrieve first.`,
    );
}

export type { DecisionFact };
