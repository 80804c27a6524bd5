import { clusterFromHistory } from '#core/deduplicate/index';
import { rankByKeeperPolicy } from '#core/deduplicate/index';
import { fromRecordRow, listRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { readSettings } from '#engine/settings';
import type { DuplicateState } from './state';

/** Latest manual decision per pair, as stored. */
export async function loadPairDecisions(
  context: EngineContext,
  reviewId: number,
): Promise<{ a: number; b: number; decision: 'same' | 'different' }[]> {
  const rows = await context.store.db
    .selectFrom('dedup_decisions')
    .select(['record_a', 'record_b', 'decision'])
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    a: r.record_a,
    b: r.record_b,
    decision: r.decision as 'same' | 'different',
  }));
}

/** Rebuilds clusters and keepers from stored pairs and decisions. */
export async function computeDuplicateState(
  context: EngineContext,
  reviewId: number,
): Promise<DuplicateState> {
  const { db } = context.store;
  const pairs = await db
    .selectFrom('dedup_pairs')
    .select(['record_a', 'record_b', 'verdict', 'relation', 'score'])
    .where('review_id', '=', reviewId)
    .execute();
  const decisions = await loadPairDecisions(context, reviewId);
  const history = clusterFromHistory(
    pairs
      .filter((p) => p.verdict === 'duplicate')
      .map((p) => ({ a: p.record_a, b: p.record_b, score: p.score })),
    decisions,
  );
  const memberIds = history.flatMap((c) => c.members);
  const rows = await listRecords(db, { reviewId, ids: memberIds });
  const records = new Map(rows.map((row) => [row.id, fromRecordRow(row)]));
  const preferred = (await readSettings(context, reviewId)).deduplicate?.preferredSources ?? [];
  const removed = new Set<number>();
  const removedManually = new Set<number>();
  const clusters = new Map<number, number[]>();
  for (const cluster of history) {
    const ranked = rankByKeeperPolicy(
      cluster.members.map((id) => ({ id: String(id), record: records.get(id)! })),
      preferred,
    );
    const keeper = Number(ranked[0]!.id);
    const ordered = [keeper, ...cluster.members.filter((id) => id !== keeper)];
    clusters.set(keeper, ordered);
    const dropped = ordered.slice(1);
    dropped.forEach((id, index) => {
      removed.add(id);
      if (index < cluster.manualJoins) removedManually.add(id);
    });
  }
  const latest = new Map(
    decisions.map((d) => [`${Math.min(d.a, d.b)}|${Math.max(d.a, d.b)}`, d.decision]),
  );
  const related = pairs
    .filter(
      (p) =>
        p.relation === 'same-study-different-report' &&
        latest.get(`${p.record_a}|${p.record_b}`) !== 'different',
    )
    .map((p): [number, number] => [p.record_a, p.record_b]);
  return { removed, clusters, related, removedManually };
}
