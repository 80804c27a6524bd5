import { computePrismaCounts } from '#core/report/counts';
import type { PrismaCountsResult, PrismaRecordFact, PrismaSearchedSource, PrismaSourceKind } from '#core/report/counts';
import { listBatches } from '#store/index';
import type { EngineContext } from '#engine/context';
import { readSettings } from '#engine/settings';
import { loadDuplicateState } from '#engine/deduplicate/state';
import { outcomes } from '#engine/screen/screen';

/**
 * Builds the PRISMA history of a review from its tables (import batches,
 * duplicate clusters, screening outcomes) and derives every count from it.
 */
export async function computeReviewPrismaCounts(context: EngineContext, reviewId: number): Promise<PrismaCountsResult> {
  const { db } = context.store;
  const batches = await listBatches(db, reviewId);
  const batchById = new Map(batches.map((b) => [b.id, b]));
  const records = await db.selectFrom('records').select(['id', 'batch_id']).where('review_id', '=', reviewId).orderBy('id').execute();
  const duplicates = await loadDuplicateState(context, reviewId);
  const keeperOf = new Map<number, number>();
  for (const [keeper, members] of duplicates.clusters) for (const m of members) keeperOf.set(m, keeper);
  const tiAb = await outcomes(context, reviewId, 'ti-ab');
  const fullText = await outcomes(context, reviewId, 'full-text');
  const studyOf = studyIds(duplicates.related);

  const facts: PrismaRecordFact[] = records.map((row) => {
    const batch = batchById.get(row.batch_id)!;
    const fact: PrismaRecordFact = {
      recordId: String(row.id),
      sourceKind: batch.source_kind as PrismaSourceKind,
      sourceName: batch.source_database ?? undefined,
      studyId: String(studyOf.get(row.id) ?? row.id),
    };
    if (duplicates.removed.has(row.id)) {
      fact.duplicate = { of: String(keeperOf.get(row.id)), by: duplicates.removedManually.has(row.id) ? 'manual' : 'automatic' };
      return fact;
    }
    const screened = tiAb.get(row.id);
    if (screened?.status === 'decided' && screened.decision) {
      fact.tiAb = { outcome: screened.decision, by: 'human' };
      if (screened.decision !== 'exclude') {
        const assessed = fullText.get(row.id);
        const decided = assessed?.status === 'decided' && assessed.decision !== 'maybe' ? assessed : undefined;
        // Retrieval is not tracked yet: a report with a full-text decision was retrieved; one
        // without is pending (never "not retrieved").
        fact.fullText = decided
          ? { sought: true, retrieved: true, outcome: decided.decision as 'include' | 'exclude', reason: decided.reason }
          : { sought: true };
      }
    }
    return fact;
  });
  const searchedSources: PrismaSearchedSource[] = [];
  const seen = new Set<string>();
  for (const batch of batches) {
    const key = `${batch.source_kind}|${batch.source_database}`;
    if (seen.has(key) || !batch.source_database) continue;
    seen.add(key);
    searchedSources.push({ kind: batch.source_kind as PrismaSourceKind, name: batch.source_database });
  }
  const previous = (await readSettings(context, reviewId)).report?.previous;
  return computePrismaCounts({
    records: facts,
    searchedSources,
    previous: previous && previous.studies !== undefined ? { studies: previous.studies, reports: previous.reports ?? previous.studies } : undefined,
  });
}

/** Records linked as reports of one study share the lowest record id as study id. */
function studyIds(related: [number, number][]): Map<number, number> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    while (parent.has(x) && parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const [a, b] of related) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const result = new Map<number, number>();
  for (const id of parent.keys()) result.set(id, find(id));
  return result;
}
