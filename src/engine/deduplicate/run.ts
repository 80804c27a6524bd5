import type { BibRecord } from '#core/domain/index';
import { DomainError } from '#core/errors';
import { diffRecords, pairKey } from '#core/deduplicate/index';
import type {
  DedupInput,
  DedupResult,
  FieldDiff,
  PairDecisionMemory,
} from '#core/deduplicate/index';
import {
  appendEvents,
  fromRecordRow,
  iterateRecords,
  listRecords,
  visibleRecords,
} from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readSettings } from '#engine/settings';
import { runJob } from '#engine/jobs/run-job';
import { loadPairDecisions } from './clusters';
import { loadDuplicateState } from './state';

export interface DedupRecordRef {
  recordId: number;
  sourceRecordId: string | null;
  batch: number;
  /** What a person needs to recognise the record in a list. */
  title?: string;
  year?: number;
  source?: string;
}

export interface DedupRunResult {
  counts: { records: number; unique: number; duplicatesRemoved: number; possiblePairs: number };
  /** Records compared for the first time in this run. */
  newRecords: number;
  clusters: { id: string; keeper: number; members: DedupRecordRef[]; rule: string }[];
  possible: {
    id: string;
    a: DedupRecordRef;
    b: DedupRecordRef;
    score: number;
    reasons: string[];
  }[];
}

export interface DedupRunOptions {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Compares records new since the last run with everything in the review, keeps
 * the pairs worth keeping, and returns the review's de-duplication state. Runs
 * the comparison in a worker thread for large reviews.
 */
export async function runDeduplication(
  context: EngineContext,
  reviewId: number,
  options: DedupRunOptions = {},
): Promise<DedupRunResult> {
  const { db } = context.store;
  const lastRun = await db
    .selectFrom('dedup_runs')
    .select((eb) => eb.fn.max('compared_through').as('through'))
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
  const through = Number(lastRun?.through ?? 0);
  const inputs: DedupInput[] = [];
  const newIds = new Set<string>();
  let maxId = through;
  for await (const row of iterateRecords(db, reviewId)) {
    inputs.push({ id: String(row.id), record: fromRecordRow(row), batchId: String(row.batch_id) });
    if (row.id > through) newIds.add(String(row.id));
    if (row.id > maxId) maxId = row.id;
  }
  const decided = new Map<string, PairDecisionMemory>();
  for (const d of await loadPairDecisions(context, reviewId))
    decided.set(pairKey(String(d.a), String(d.b)), d.decision);
  const preferredSources =
    (await readSettings(context, reviewId)).deduplicate?.preferredSources ?? [];

  let result: DedupResult | undefined;
  if (newIds.size > 0) {
    result = await runJob<DedupResult>(
      'dedup',
      {
        records: inputs,
        options: { newIds: [...newIds], decided: [...decided], preferredSources },
      },
      { inline: inputs.length < 5000, onProgress: options.onProgress },
    );
  }
  const createdAt = nowIso(context);
  await db.transaction().execute(async (trx) => {
    const run = await trx
      .insertInto('dedup_runs')
      .values({
        review_id: reviewId,
        compared_through: maxId,
        counts: JSON.stringify(result?.counts ?? {}),
        created_at: createdAt,
        created_by: context.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = new Map<
      string,
      {
        record_a: number;
        record_b: number;
        verdict: string;
        relation: string | null;
        score: number;
        reasons: string;
      }
    >();
    for (const pair of result?.pairs ?? []) {
      if (pair.rules.includes('manual-same')) continue;
      const [a, b] = order(Number(pair.a), Number(pair.b));
      rows.set(`${a}|${b}`, {
        record_a: a,
        record_b: b,
        verdict: pair.verdict,
        relation: null,
        score: pair.score,
        reasons: JSON.stringify({
          rules: pair.rules,
          reasons: pair.reasons,
          matched: pair.matched,
          conflicting: pair.conflicting,
        }),
      });
    }
    for (const relation of result?.relations ?? []) {
      const [a, b] = order(Number(relation.a), Number(relation.b));
      const existing = rows.get(`${a}|${b}`);
      if (existing) existing.relation = relation.relation;
      else
        rows.set(`${a}|${b}`, {
          record_a: a,
          record_b: b,
          verdict: 'related',
          relation: relation.relation,
          score: 0,
          reasons: JSON.stringify({
            rules: [],
            reasons: relation.reasons,
            matched: [],
            conflicting: [],
          }),
        });
    }
    const values = [...rows.values()].map((r) => ({ ...r, review_id: reviewId, run_id: run.id }));
    for (let i = 0; i < values.length; i += 500) {
      await trx
        .insertInto('dedup_pairs')
        .values(values.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['review_id', 'record_a', 'record_b']).doNothing())
        .execute();
    }
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: 'deduplicate.ran',
        stage: 'deduplicate',
        subject: `dedup-run:${run.id}`,
        actor: context.actor,
        payload: JSON.stringify({
          newRecords: newIds.size,
          comparedThrough: maxId,
          pairs: values.length,
        }),
        created_at: createdAt,
      },
    ]);
  });
  return { ...(await describeState(context, reviewId)), newRecords: newIds.size };
}

/** The current clusters and open review queue, in the CLI contract's shape. */
export async function describeState(
  context: EngineContext,
  reviewId: number,
): Promise<Omit<DedupRunResult, 'newRecords'>> {
  const { db } = context.store;
  const state = await loadDuplicateState(context, reviewId);
  const queue = await reviewQueue(context, reviewId);
  const refIds = new Set<number>([
    ...[...state.clusters.values()].flat(),
    ...queue.flatMap((p) => [p.a, p.b]),
  ]);
  const refs = await recordRefs(context, reviewId, [...refIds]);
  const total = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('review_id', '=', reviewId)
    .where(visibleRecords(reviewId))
    .executeTakeFirstOrThrow();
  const pairRules = await db
    .selectFrom('dedup_pairs')
    .select(['record_a', 'record_b', 'reasons'])
    .where('review_id', '=', reviewId)
    .where('verdict', '=', 'duplicate')
    .execute();
  const rulesByRecord = new Map<number, Set<string>>();
  for (const p of pairRules) {
    for (const rule of (JSON.parse(p.reasons) as { rules: string[] }).rules) {
      for (const id of [p.record_a, p.record_b]) {
        const set = rulesByRecord.get(id) ?? new Set<string>();
        set.add(rule);
        rulesByRecord.set(id, set);
      }
    }
  }
  const records = Number(total.n);
  return {
    counts: {
      records,
      unique: records - state.removed.size,
      duplicatesRemoved: state.removed.size,
      possiblePairs: queue.length,
    },
    clusters: [...state.clusters].map(([keeper, members]) => ({
      id: `dup:${keeper}`,
      keeper,
      members: members.map((id) => refs.get(id)!),
      rule:
        [...new Set(members.flatMap((id) => [...(rulesByRecord.get(id) ?? [])]))]
          .sort()
          .join(', ') || 'manual-same',
    })),
    possible: queue.map((p) => ({
      id: `${p.a}-${p.b}`,
      a: refs.get(p.a)!,
      b: refs.get(p.b)!,
      score: p.score,
      reasons: p.reasons,
    })),
  };
}

interface QueuePair {
  a: number;
  b: number;
  score: number;
  reasons: string[];
}

/** Possible pairs nobody has decided yet, and not already in one cluster. */
export async function reviewQueue(context: EngineContext, reviewId: number): Promise<QueuePair[]> {
  const { db } = context.store;
  const rows = await db
    .selectFrom('dedup_pairs')
    .select(['record_a', 'record_b', 'score', 'reasons', 'verdict'])
    .where('review_id', '=', reviewId)
    .where('verdict', '=', 'possible')
    .orderBy('score', 'desc')
    .orderBy('record_a')
    .orderBy('record_b')
    .execute();
  const decided = new Set(
    (await loadPairDecisions(context, reviewId)).map(
      (d) => `${Math.min(d.a, d.b)}|${Math.max(d.a, d.b)}`,
    ),
  );
  const state = await loadDuplicateState(context, reviewId);
  const clusterOf = new Map<number, number>();
  for (const [keeper, members] of state.clusters) for (const m of members) clusterOf.set(m, keeper);
  return rows
    .filter((r) => !decided.has(`${r.record_a}|${r.record_b}`))
    .filter(
      (r) =>
        clusterOf.get(r.record_a) === undefined ||
        clusterOf.get(r.record_a) !== clusterOf.get(r.record_b),
    )
    .map((r) => ({
      a: r.record_a,
      b: r.record_b,
      score: r.score,
      reasons: (JSON.parse(r.reasons) as { reasons: string[] }).reasons,
    }));
}

export interface PairView {
  id: string;
  score: number;
  reasons: string[];
  a: { recordId: number; record: BibRecord };
  b: { recordId: number; record: BibRecord };
  fields: FieldDiff[];
}

/** A queued pair side by side with its differences marked. */
export async function showPair(
  context: EngineContext,
  reviewId: number,
  pairId: string,
): Promise<PairView> {
  const [a, b] = parsePairId(pairId);
  const row = await context.store.db
    .selectFrom('dedup_pairs')
    .select(['score', 'reasons'])
    .where('review_id', '=', reviewId)
    .where('record_a', '=', a)
    .where('record_b', '=', b)
    .executeTakeFirst();
  const records = await listRecords(context.store.db, { reviewId, ids: [a, b] });
  const ra = records.find((r) => r.id === a);
  const rb = records.find((r) => r.id === b);
  if (!ra || !rb)
    throw new DomainError('deduplicate/pair-not-found', `No records ${a} and ${b} in this review.`);
  const recordA = fromRecordRow(ra);
  const recordB = fromRecordRow(rb);
  return {
    id: `${a}-${b}`,
    score: row?.score ?? 0,
    reasons: row ? (JSON.parse(row.reasons) as { reasons: string[] }).reasons : [],
    a: { recordId: a, record: recordA },
    b: { recordId: b, record: recordB },
    fields: diffRecords(recordA, recordB),
  };
}

/** Remembers a reviewer's same/different decision on a pair; it is never asked again. */
export async function decidePair(
  context: EngineContext,
  reviewId: number,
  pairId: string,
  decision: string,
  options: { proposedOnly?: boolean } = {},
): Promise<{ id: string; decision: 'same' | 'different' }> {
  if (decision !== 'same' && decision !== 'different')
    throw new DomainError('usage', `Unknown decision "${decision}". Available: same, different`);
  const [a, b] = parsePairId(pairId);
  if (options.proposedOnly) {
    // Reviewers judge the pairs a run proposed; merging any two records is a lead's call.
    const proposed = await context.store.db
      .selectFrom('dedup_pairs')
      .select('record_a')
      .where('review_id', '=', reviewId)
      .where('record_a', '=', a)
      .where('record_b', '=', b)
      .executeTakeFirst();
    if (!proposed)
      throw new DomainError(
        'deduplicate/pair-not-queued',
        `Records ${a} and ${b} are not a pair de-duplication proposed; only a lead may merge other records.`,
      );
  }
  const found = await context.store.db
    .selectFrom('records')
    .select('id')
    .where('review_id', '=', reviewId)
    .where('id', 'in', [a, b])
    .where(visibleRecords(reviewId))
    .execute();
  if (found.length !== 2)
    throw new DomainError('deduplicate/pair-not-found', `No records ${a} and ${b} in this review.`);
  await recordDecisions(context, reviewId, [[a, b]], decision, 'review');
  return { id: `${a}-${b}`, decision };
}

/** Splits a cluster: every pair inside it is marked different, so it never re-forms. */
export async function undoCluster(
  context: EngineContext,
  reviewId: number,
  clusterId: string,
): Promise<{ id: string; released: number[] }> {
  const { keeper, members } = await requireCluster(context, reviewId, clusterId);
  const pairs: [number, number][] = [];
  for (let i = 0; i < members.length; i += 1)
    for (let j = i + 1; j < members.length; j += 1) pairs.push(order(members[i]!, members[j]!));
  await recordDecisions(context, reviewId, pairs, 'different', 'undo');
  return { id: `dup:${keeper}`, released: members.slice(1) };
}

/**
 * Takes one record out of a duplicate cluster ("not a duplicate"): it is recorded as
 * different from every other member, and the others stay one group (each is recorded as the
 * same as the first of them, so a record that only linked them cannot split them apart).
 */
export async function removeFromCluster(
  context: EngineContext,
  reviewId: number,
  clusterId: string,
  recordId: number,
): Promise<{ id: string; removed: number; remaining: number[] }> {
  const { members } = await requireCluster(context, reviewId, clusterId);
  if (!members.includes(recordId))
    throw new DomainError(
      'deduplicate/not-a-member',
      `Record ${recordId} is not in cluster ${clusterId} (members: ${members.join(', ')}).`,
    );
  const rest = members.filter((id) => id !== recordId);
  await context.store.db.transaction().execute(async (trx) => {
    const createdAt = nowIso(context);
    const rows = [
      ...rest.map((other) => ({ pair: order(recordId, other), decision: 'different' })),
      ...rest.slice(1).map((other) => ({ pair: order(rest[0]!, other), decision: 'same' })),
    ];
    await trx
      .insertInto('dedup_decisions')
      .values(
        rows.map(({ pair: [a, b], decision }) => ({
          review_id: reviewId,
          record_a: a,
          record_b: b,
          decision,
          origin: 'remove-member',
          created_at: createdAt,
          created_by: context.actor,
        })),
      )
      .execute();
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: 'deduplicate.member-removed',
        stage: 'deduplicate',
        subject: `record:${recordId}`,
        actor: context.actor,
        payload: JSON.stringify({ cluster: clusterId, record: recordId, remaining: rest }),
        created_at: createdAt,
      },
    ]);
  });
  return { id: clusterId, removed: recordId, remaining: rest };
}

/** A cluster's keeper and members, or a clear error naming how clusters are named. */
async function requireCluster(
  context: EngineContext,
  reviewId: number,
  clusterId: string,
): Promise<{ keeper: number; members: number[] }> {
  const keeper = Number(clusterId.replace(/^dup:/, ''));
  const state = await loadDuplicateState(context, reviewId);
  const members = state.clusters.get(keeper);
  if (!members)
    throw new DomainError(
      'deduplicate/cluster-not-found',
      `No cluster ${clusterId}. Clusters are named dup:<keeper record id>; see \`reviewbench dedup run --json\`.`,
    );
  return { keeper, members: [...members] };
}

async function recordDecisions(
  context: EngineContext,
  reviewId: number,
  pairs: [number, number][],
  decision: 'same' | 'different',
  origin: string,
): Promise<void> {
  const createdAt = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('dedup_decisions')
      .values(
        pairs.map(([a, b]) => ({
          review_id: reviewId,
          record_a: Math.min(a, b),
          record_b: Math.max(a, b),
          decision,
          origin,
          created_at: createdAt,
          created_by: context.actor,
        })),
      )
      .execute();
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: origin === 'undo' ? 'deduplicate.undone' : 'deduplicate.decided',
        stage: 'deduplicate',
        subject: pairs.map(([a, b]) => `${a}-${b}`).join(','),
        actor: context.actor,
        payload: JSON.stringify({ decision, pairs }),
        created_at: createdAt,
      },
    ]);
  });
}

async function recordRefs(
  context: EngineContext,
  reviewId: number,
  ids: number[],
): Promise<Map<number, DedupRecordRef>> {
  const refs = new Map<number, DedupRecordRef>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await context.store.db
      .selectFrom('records')
      .select(['id', 'source_record_id', 'batch_id', 'title', 'year', 'source_database'])
      .where('review_id', '=', reviewId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      refs.set(r.id, {
        recordId: r.id,
        sourceRecordId: r.source_record_id,
        batch: r.batch_id,
        ...(r.title ? { title: r.title } : {}),
        ...(r.year ? { year: r.year } : {}),
        ...(r.source_database ? { source: r.source_database } : {}),
      });
  }
  return refs;
}

function parsePairId(pairId: string): [number, number] {
  const match = /^(\d+)\s*[-|,]\s*(\d+)$/.exec(pairId.trim());
  if (!match)
    throw new DomainError('usage', `A pair id is two record ids like 12-57, got "${pairId}".`);
  return order(Number(match[1]), Number(match[2]));
}

function order(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}
