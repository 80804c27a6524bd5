import { DomainError } from '#core/errors';
import { computePrismaCounts } from '#core/report/index';
import type {
  PrismaCountsResult,
  PrismaRecordFact,
  PrismaSearchedSource,
  PrismaSourceKind,
} from '#core/report/index';
import { listBatches, visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { readSettings, updateSettings } from '#engine/settings';
import type { ReviewVersion } from '#engine/settings';
import { nowIso } from '#engine/context';
import { loadDuplicateState } from '#engine/deduplicate/state';
import { outcomes } from '#engine/screen/screen';
import { retrievalStates } from '#engine/retrieve/retrieve';
import { reviewStudies } from '#engine/retrieve/studies';

/**
 * Builds the PRISMA history of a review from its tables (import batches,
 * duplicate clusters, screening outcomes) and derives every count from it.
 */
export async function computeReviewPrismaCounts(
  context: EngineContext,
  reviewId: number,
): Promise<PrismaCountsResult> {
  const { db } = context.store;
  const batches = await listBatches(db, reviewId);
  const batchById = new Map(batches.map((b) => [b.id, b]));
  const report = (await readSettings(context, reviewId)).report;
  const lastVersion = report?.versions?.at(-1);
  // An updated review counts only what came after the last closed version; the rest is the
  // "previous studies" column.
  // Only the batches read above: one completed since (PostgreSQL reads on several
  // connections) is counted on the next read, whole.
  const records = (
    await db
      .selectFrom('records')
      .select(['id', 'batch_id'])
      .where('review_id', '=', reviewId)
      .where(visibleRecords(reviewId))
      .where('id', '>', lastVersion?.throughRecordId ?? 0)
      .orderBy('id')
      .execute()
  ).filter((row) => batchById.has(row.batch_id));
  const duplicates = await loadDuplicateState(context, reviewId);
  const keeperOf = new Map<number, number>();
  for (const [keeper, members] of duplicates.clusters)
    for (const m of members) keeperOf.set(m, keeper);
  const tiAb = await outcomes(context, reviewId, 'ti-ab');
  const fullText = await outcomes(context, reviewId, 'full-text');
  const [studies, retrieval] = await Promise.all([
    reviewStudies(
      context,
      reviewId,
      records.map((r) => r.id),
    ),
    retrievalStates(context, reviewId),
  ]);

  const facts: PrismaRecordFact[] = records.map((row) => {
    const batch = batchById.get(row.batch_id)!;
    const fact: PrismaRecordFact = {
      recordId: String(row.id),
      sourceKind: batch.source_kind as PrismaSourceKind,
      sourceName: batch.source_database ?? undefined,
      studyId: String(studies.get(row.id)?.studyId ?? row.id),
    };
    if (duplicates.removed.has(row.id)) {
      fact.duplicate = {
        of: String(keeperOf.get(row.id)),
        by: duplicates.removedManually.has(row.id) ? 'manual' : 'automatic',
      };
      return fact;
    }
    const screened = tiAb.get(row.id);
    if (screened?.status === 'decided' && screened.decision) {
      fact.tiAb = { outcome: screened.decision, by: 'human' };
      if (screened.decision !== 'exclude') {
        const assessed = fullText.get(row.id);
        const decided =
          assessed?.status === 'decided' && assessed.decision !== 'maybe' ? assessed : undefined;
        // Retrieval's state says what happened to the report: not retrieved (with a reason),
        // retrieved (a full text attached), or still sought. A report screened at full text
        // from its record alone, before retrieval was tracked, counts as retrieved.
        const state = retrieval.get(row.id)?.state;
        if (state === 'not-retrieved') fact.fullText = { sought: true, retrieved: false };
        else if (decided)
          fact.fullText = {
            sought: true,
            retrieved: true,
            outcome: decided.decision as 'include' | 'exclude',
            reason: decided.reason,
          };
        else
          fact.fullText =
            state === 'retrieved' ? { sought: true, retrieved: true } : { sought: true };
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
    searchedSources.push({
      kind: batch.source_kind as PrismaSourceKind,
      name: batch.source_database,
    });
  }
  const typed = report?.previous;
  const previous = lastVersion
    ? { studies: lastVersion.studies, reports: lastVersion.reports }
    : typed && typed.studies !== undefined
      ? { studies: typed.studies, reports: typed.reports ?? typed.studies }
      : undefined;
  const usedBatches = new Set(records.map((r) => r.batch_id));
  return computePrismaCounts({
    records: facts,
    searchedSources: lastVersion
      ? searchedSources.filter((s) =>
          batches.some((b) => usedBatches.has(b.id) && b.source_database === s.name),
        )
      : searchedSources,
    previous,
  });
}

/**
 * Closes the current version of a living review: its included studies and
 * reports become the "previous version" of the next PRISMA diagram, and only
 * records imported afterwards count as new.
 */
export async function closeVersion(
  context: EngineContext,
  reviewId: number,
): Promise<ReviewVersion> {
  // A version ends at a record id, so a batch still being written (its ids may lie below a
  // later batch's) must finish first or it would count as the previous version's.
  const writing = await context.store.db
    .selectFrom('batches')
    .select('file_name')
    .where('review_id', '=', reviewId)
    .where('state', '=', 'staging')
    .executeTakeFirst();
  if (writing)
    throw new DomainError(
      'report/import-running',
      `"${writing.file_name}" is still being imported; close the version once it has finished.`,
    );
  const { counts } = await computeReviewPrismaCounts(context, reviewId);
  const last = await context.store.db
    .selectFrom('records')
    .select((eb) => eb.fn.max('id').as('m'))
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
  let closed: ReviewVersion | undefined;
  await updateSettings(
    context,
    reviewId,
    (settings) => {
      const versions = settings.report?.versions ?? [];
      closed = {
        version: versions.length + 1,
        closedAt: nowIso(context),
        throughRecordId: Number(last?.m ?? 0),
        studies: counts.total_studies ?? counts.new_studies ?? 0,
        reports: counts.total_reports ?? counts.new_reports ?? 0,
      };
      return { ...settings, report: { ...settings.report, versions: [...versions, closed] } };
    },
    'report.version-closed',
  );
  return closed!;
}
