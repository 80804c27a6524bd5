import { DomainError } from '#core/errors';
import type { ScreenStage } from '#core/screen/workflow/index';
import { DEFAULT_SCREENING_PRESET } from '#core/screen/workflow/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import type { RankSessionRequest, RankSessionResponse } from '#engine/jobs/ranking-session';
import { rankWithSession, rankingRunsInWorker, stageTextsForSession } from '#engine/jobs/run-job';
import { recordText } from '#engine/jobs/texts-from-store';
import { canOpenAgain } from '#store/index';
import { ownTrainingLabels, trainingLabels } from './summary';
import type { StageSummary } from './summary';

/** A stored ranking: what the model said, on how many labels, and when. */
export interface RankingSnapshot {
  id: number;
  preset: string;
  labels: number;
  ranked: { id: number; score: number }[];
  estimate: {
    found: number;
    /** Relevant records expected among those not yet screened (conservative). */
    expectedRemaining: number;
    /** found / (found + expectedRemaining). */
    recall: number;
    /** The largest recall the statistical stopping test supports at 95% confidence. */
    lowerBound95: number;
    stop: { stop: boolean; reason: string };
    fingerprint: string;
  };
}

/** How many ranked ids a snapshot keeps: the queue only ever needs the head. */
const KEEP = 5000;

/** The latest stored ranking of each review stage (`review:stage`), parsed: a snapshot never changes once stored. */
const storedCache = new WeakMap<EngineContext['store'], Map<string, RankingSnapshot>>();

/** Keeps a stored ranking as its review stage's latest. */
function keepLatest(
  store: EngineContext['store'],
  reviewId: number,
  stage: ScreenStage,
  snapshot: RankingSnapshot,
): void {
  let perStore = storedCache.get(store);
  if (!perStore) storedCache.set(store, (perStore = new Map()));
  perStore.set(`${reviewId}:${stage}`, snapshot);
}

/** Retrainings running in the background, per store and review stage. */
const retraining = new WeakMap<EngineContext['store'], Map<string, Promise<unknown>>>();

/** When each background retraining last finished, per store and review stage. */
const lastRetrained = new WeakMap<EngineContext['store'], Map<string, number>>();
/** Least time between background retrainings of one review stage. */
const RETRAIN_PAUSE_MS = 10_000;
/**
 * Least time between background retrainings of one reviewer's own ranking: with twenty
 * reviewers each retraining a 100,000-record model, 10 s kept the ranking process busy most
 * of the time and the server's tail latency showed it.
 */
const OWN_RETRAIN_PAUSE_MS = 30_000;

/** Stores whose long-running owner (the server) asked for background retraining, and from what size. */
const backgroundFrom = new WeakMap<EngineContext['store'], number>();

/** Reviews this large train in the ranking process rather than inline. */
const WORKER_FROM = 20000;

/**
 * Lets a long-running process (the server) answer `next` with the latest stored
 * ranking while a retraining runs in the ranking process, for reviews of at least `fromRecords`
 * eligible records: with many reviewers labelling at once, waiting for every
 * retraining would stall them all. One-shot processes (the CLI) keep retraining
 * before they answer, since a background job would die with them.
 */
export function retrainRankingInBackground(
  store: EngineContext['store'],
  fromRecords = 2000,
): void {
  backgroundFrom.set(store, fromRecords);
}

/**
 * The ranking in force for a stage: reused while no label changed, else
 * retrained and stored, so every decision can say which ranking it was made
 * under. Small reviews retrain before answering; large ones (the ranking process,
 * seconds of work) answer with the latest stored ranking while the new one is
 * trained in the background, so many reviewers can keep screening.
 */
export async function currentRanking(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  eligible: readonly number[],
  summary: StageSummary,
  latestId: number,
  preset?: string,
): Promise<RankingSnapshot | undefined> {
  const { found, labelled } = summary;
  if (found === 0 || found === labelled) return undefined;
  // The same in every process that has read the same settled labels: rankings are stored and
  // shared, and a vote on an unsettled record never retrains (blinding: a retraining shows).
  const fingerprint = `${eligible.length}:${summary.labelKey}`;
  const { db } = context.store;
  // Stored rankings never change: one is read once, when it is first the latest (or not at
  // all, when this process stored it).
  const kept = storedCache.get(context.store)?.get(`${reviewId}:${stage}`);
  let latest = latestId > 0 && kept?.id === latestId ? kept : undefined;
  if (latestId > 0 && !latest) {
    const row = await db
      .selectFrom('screen_rankings')
      .select(['id', 'preset', 'labels', 'ranked', 'estimate'])
      .where('id', '=', latestId)
      .where('review_id', '=', reviewId)
      .where('stage', '=', stage)
      .executeTakeFirst();
    if (row) {
      latest = {
        id: row.id,
        preset: row.preset,
        labels: row.labels,
        ranked: JSON.parse(row.ranked) as RankingSnapshot['ranked'],
        estimate: JSON.parse(row.estimate) as RankingSnapshot['estimate'],
      };
      keepLatest(context.store, reviewId, stage, latest);
    }
  }
  if (latest && latest.estimate.fingerprint === fingerprint) return latest;
  const train = (inline: boolean): Promise<RankingSnapshot> =>
    trainRanking(
      context,
      reviewId,
      stage,
      [...eligible],
      trainingLabels(summary),
      fingerprint,
      preset,
      inline,
    );
  const from = backgroundFrom.get(context.store);
  if (from === undefined || eligible.length < from) return train(eligible.length < WORKER_FROM);
  let running = retraining.get(context.store);
  if (!running) retraining.set(context.store, (running = new Map()));
  const key = `${reviewId}:${stage}`;
  const last = lastRetrained.get(context.store)?.get(key) ?? 0;
  // Retraining 100k records takes seconds of a core; labels from the pause join the next one.
  if (!running.has(key) && Date.now() - last >= RETRAIN_PAUSE_MS) {
    const job = train(false)
      // A failed retraining is retried on the next call; screening goes on with the stored ranking.
      .catch(() => undefined)
      .finally(() => {
        running.delete(key);
        let done = lastRetrained.get(context.store);
        if (!done) lastRetrained.set(context.store, (done = new Map()));
        done.set(key, Date.now());
      });
    running.set(key, job);
  }
  return latest;
}

/** The order one reviewer is offered records in: their own ranking, or the team's. */
export interface QueueOrder {
  ranked: readonly { id: number; score: number }[];
}

/** Reviewers' own rankings, per store, by `review:stage:reviewer`, with what they were trained on. */
const ownRankings = new WeakMap<
  EngineContext['store'],
  Map<string, { fingerprint: string; ranked: QueueOrder['ranked'] }>
>();
/** Own rankings kept per store; the least recently used is dropped beyond this. */
const KEEP_OWN = 256;
/** Own rankings being trained in the background, per store and key. */
const ownRetraining = new WeakMap<EngineContext['store'], Map<string, Promise<unknown>>>();
/** When each reviewer's background retraining last finished, per store and key. */
const ownRetrained = new WeakMap<EngineContext['store'], Map<string, number>>();

/**
 * The order `reviewer` is offered records in. The team's ranking learns settled outcomes
 * only; a reviewer who has voted on records that are not settled yet gets their own
 * ranking, trained on the settled outcomes and their own votes, so what they just judged
 * shapes what they see next without anyone else's unsettled vote shaping it (blinding).
 * Kept in this process, keyed by what it learned: it is a view, the stored team ranking
 * stays the record of what the model said.
 */
export async function reviewerRanking(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  eligible: readonly number[],
  summary: StageSummary,
  reviewer: string,
  team: RankingSnapshot | undefined,
  preset?: string,
): Promise<QueueOrder | undefined> {
  const own = ownTrainingLabels(summary, reviewer);
  if (own.labels.length === 0) return team;
  // Counted from the summary: the whole label list is built only when a training needs it.
  const labelled = summary.labelled + own.labels.length;
  const found = summary.found + own.labels.reduce((sum, l) => sum + l.label, 0);
  // Like the team's ranking: a model needs both kinds of label and something left to rank.
  if (found === 0 || found === labelled || labelled >= eligible.length) return team;
  const fingerprint = `${eligible.length}:${summary.labelKey}:${own.key}`;
  let cache = ownRankings.get(context.store);
  if (!cache) ownRankings.set(context.store, (cache = new Map()));
  const key = `${reviewId}:${stage}:${reviewer}`;
  const kept = cache.get(key);
  if (kept) {
    cache.delete(key);
    cache.set(key, kept);
  }
  if (kept?.fingerprint === fingerprint) return kept;
  const train = async (inline: boolean): Promise<QueueOrder> => {
    const result = await rankOn(
      context,
      reviewId,
      stage,
      eligible,
      trainingLabels(summary, reviewer),
      preset,
      inline,
      reviewer,
    );
    const entry = {
      fingerprint,
      ranked: result.ranking.map((r) => ({ id: Number(r.id), score: r.score })),
    };
    cache.delete(key);
    cache.set(key, entry);
    for (const old of cache.keys()) {
      if (cache.size <= KEEP_OWN) break;
      cache.delete(old);
    }
    return entry;
  };
  const from = backgroundFrom.get(context.store);
  if (from === undefined || eligible.length < from) return train(eligible.length < WORKER_FROM);
  // A large review: like the team's ranking, trained in the ranking process while the
  // reviewer goes on in the order they last had.
  let running = ownRetraining.get(context.store);
  if (!running) ownRetraining.set(context.store, (running = new Map()));
  let done = ownRetrained.get(context.store);
  if (!done) ownRetrained.set(context.store, (done = new Map()));
  // Twenty reviewers must not keep the ranking process busy with one another's retrainings.
  if (!running.has(key) && Date.now() - (done.get(key) ?? 0) >= OWN_RETRAIN_PAUSE_MS) {
    const job = train(false)
      .catch(() => undefined)
      .finally(() => {
        running.delete(key);
        done.set(key, Date.now());
      });
    running.set(key, job);
  }
  return kept ?? team;
}

/** Ranks the eligible records on `labelled` in the stage's ranking session. */
async function rankOn(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  eligible: readonly number[],
  labelled: readonly { id: number; label: 0 | 1 }[],
  preset: string | undefined,
  inline: boolean,
  owner?: string,
): Promise<RankSessionResponse & { needTexts: false }> {
  const request: RankSessionRequest = {
    key: sessionKey(context.store, reviewId, stage),
    signature: eligibleSignature(eligible),
    labels: labelled.map((l): [string, 0 | 1] => [String(l.id), l.label]),
    owner,
    preset: preset ?? DEFAULT_SCREENING_PRESET,
    limit: KEEP,
  };
  let response = await rankWithSession(request, { inline });
  // Only the first ranking of an eligible set needs the texts; later rankings reuse them.
  if (response.needTexts)
    response = await rankWithTexts(context, reviewId, eligible, request, inline);
  if (response.needTexts) throw new Error('the ranking session refused the texts it asked for');
  return response;
}

async function trainRanking(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  eligible: readonly number[],
  /** In the order their labels were settled. */
  labelled: { id: number; label: 0 | 1 }[],
  fingerprint: string,
  preset: string | undefined,
  inline: boolean,
): Promise<RankingSnapshot> {
  const result = await rankOn(context, reviewId, stage, eligible, labelled, preset, inline);
  const ranked = result.ranking.slice(0, KEEP).map((r) => ({ id: Number(r.id), score: r.score }));
  const estimate = {
    found: result.recall.found,
    expectedRemaining: result.recall.expectedRemaining,
    recall: result.recall.estimate,
    lowerBound95: result.recall.lowerBound95,
    stop: { stop: result.advice.stop, reason: result.advice.reason },
    fingerprint,
  };
  const inserted = await context.store.db
    .insertInto('screen_rankings')
    .values({
      review_id: reviewId,
      stage,
      preset: result.preset,
      labels: labelled.length,
      ranked: JSON.stringify(ranked),
      estimate: JSON.stringify(estimate),
      created_at: nowIso(context),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const snapshot = {
    id: inserted.id,
    preset: result.preset,
    labels: labelled.length,
    ranked,
    estimate,
  };
  keepLatest(context.store, reviewId, stage, snapshot);
  return snapshot;
}

/** Numbers this process's stores, so two stores' reviews never share a ranking session. */
const storeNumbers = new WeakMap<EngineContext['store'], number>();
let storesNumbered = 0;

/**
 * Names a review stage's ranking session: two stores (a test's fresh databases)
 * can hold a review 1 with records 1..n, and must not be ranked on each other's texts.
 */
function sessionKey(store: EngineContext['store'], reviewId: number, stage: ScreenStage): string {
  let number = storeNumbers.get(store);
  if (number === undefined) {
    storesNumbered += 1;
    number = storesNumbered;
    storeNumbers.set(store, number);
  }
  return `${number}:${reviewId}:${stage}`;
}

/** FNV-1a over the ids: a different eligible set (import, de-duplication) gets a new session. */
function eligibleSignature(ids: readonly number[]): string {
  let hash = 0x811c9dc5;
  for (const id of ids) {
    hash ^= id;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${ids.length}:${hash.toString(16)}`;
}

/**
 * Ranks in a new session, giving it the eligible records' texts. The ranking
 * process reads them from the store itself when it can, so this thread (the
 * server's request handling) does none of that work; else (inline, an in-memory
 * database, a store that process could not read) they are read here and staged.
 */
async function rankWithTexts(
  context: EngineContext,
  reviewId: number,
  eligible: readonly number[],
  request: RankSessionRequest,
  inline: boolean,
): Promise<RankSessionResponse> {
  const { url } = context.store;
  if (rankingRunsInWorker({ inline }) && canOpenAgain(url)) {
    try {
      return await rankWithSession(
        { ...request, textsFromStore: { url, reviewId, ids: eligible } },
        { inline },
      );
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'ranking/texts-unreadable')) throw error;
      // The ranking process could not open or read the store (a file it may not open, a server it
      // cannot reach): this thread reads the texts instead, with the same result.
    }
  }
  // A part at a time, so neither thread stalls on one huge copy.
  const token = `${request.key}:${request.signature}:${(transfers += 1)}`;
  await sendTexts(context, reviewId, eligible, token, inline);
  return rankWithSession({ ...request, textsFrom: token }, { inline });
}

/** Numbers text transfers, so two trainings of one stage never share a staging buffer. */
let transfers = 0;

/** Reads the eligible records' texts a page at a time and stages each page with the ranking session. */
async function sendTexts(
  context: EngineContext,
  reviewId: number,
  ids: readonly number[],
  token: string,
  inline: boolean,
): Promise<void> {
  const PAGE = 1000;
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = ids.slice(i, i + PAGE);
    const rows = await context.store.db
      .selectFrom('records')
      .select(['id', 'title', 'abstract'])
      .where('review_id', '=', reviewId)
      .where('id', 'in', page)
      .execute();
    const texts = new Map(rows.map((r) => [r.id, recordText(r.title, r.abstract)]));
    await stageTextsForSession(
      { token, ids: page.map(String), texts: page.map((id) => texts.get(id) ?? '') },
      { inline },
    );
    // SQLite answers synchronously: let waiting requests in between pages.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
