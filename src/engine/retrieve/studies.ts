import { DomainError } from '#core/errors';
import { studiesFromLinks } from '#core/retrieve/index';
import type { ReportLink, StudyOfReport } from '#core/retrieve/index';
import { appendEvents, visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { loadDuplicateState } from '#engine/deduplicate/state';

// Studies and reports (PRISMA 2020): reports linked into studies, by de-duplication's
// "same study, different report" pairs and by people; one report stands for each study.

/** The review's report links, de-duplication's "same study" pairs first. */
async function reportLinks(context: EngineContext, reviewId: number): Promise<ReportLink[]> {
  const [duplicates, rows] = await Promise.all([
    loadDuplicateState(context, reviewId),
    context.store.db
      .selectFrom('report_links')
      .select(['record_a', 'record_b', 'linked'])
      .where('review_id', '=', reviewId)
      .orderBy('id')
      .execute(),
  ]);
  return [
    ...duplicates.related.map(([a, b]) => ({ a, b, linked: true })),
    ...rows.map((r) => ({ a: r.record_a, b: r.record_b, linked: r.linked === 1 })),
  ];
}

/**
 * Groups `recordIds` into studies from the review's links (PRISMA 2020 counts studies and
 * reports apart); the report stage and `retrieve status` read the same grouping.
 */
export async function reviewStudies(
  context: EngineContext,
  reviewId: number,
  recordIds: readonly number[],
): Promise<Map<number, StudyOfReport>> {
  const links = await reportLinks(context, reviewId);
  const involved = new Set(recordIds);
  for (const link of links) involved.add(link.a).add(link.b);
  const primaries = await context.store.db
    .selectFrom('retrieval')
    .select('record_id')
    .where('review_id', '=', reviewId)
    .where('is_primary', '=', 1)
    .execute();
  return studiesFromLinks(
    [...involved].sort((a, b) => a - b),
    links,
    new Set(primaries.map((p) => p.record_id)),
  );
}

async function requireRecords(
  context: EngineContext,
  reviewId: number,
  ids: readonly number[],
): Promise<void> {
  const found = await context.store.db
    .selectFrom('records')
    .select('id')
    .where('review_id', '=', reviewId)
    .where('id', 'in', [...ids])
    .where(visibleRecords(reviewId))
    .execute();
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0)
    throw new DomainError(
      'retrieve/record-not-found',
      `Record ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in this review.`,
    );
}

async function writeLinks(
  context: EngineContext,
  reviewId: number,
  pairs: readonly [number, number][],
  linked: boolean,
): Promise<void> {
  if (pairs.length === 0) return;
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('report_links')
      .values(
        pairs.map(([a, b]) => ({
          review_id: reviewId,
          record_a: Math.min(a, b),
          record_b: Math.max(a, b),
          linked: linked ? 1 : 0,
          created_at: at,
          created_by: context.actor,
        })),
      )
      .execute();
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: linked ? 'retrieve.reports-linked' : 'retrieve.reports-unlinked',
        stage: 'retrieve',
        subject: `record:${pairs[0]![0]}`,
        actor: context.actor,
        payload: JSON.stringify({ pairs }),
        created_at: at,
      },
    ]);
  });
}

/** `retrieve link-reports A B`: B is another report of A's study (a conference abstract, a protocol). */
export async function linkReports(
  context: EngineContext,
  reviewId: number,
  a: number,
  b: number,
): Promise<StudyOfReport> {
  if (a === b) throw new DomainError('usage', 'Name two different reports to link into one study.');
  await requireRecords(context, reviewId, [a, b]);
  const before = await reviewStudies(context, reviewId, [a, b]);
  if (before.get(a)!.studyId !== before.get(b)!.studyId)
    await writeLinks(context, reviewId, [[a, b]], true);
  return (await reviewStudies(context, reviewId, [a])).get(a)!;
}

/** `retrieve unlink ID`: the report leaves its study and stands alone again. */
export async function unlinkReport(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<StudyOfReport> {
  await requireRecords(context, reviewId, [recordId]);
  const links = await reportLinks(context, reviewId);
  const latest = new Map<string, boolean>();
  for (const link of links)
    latest.set(`${Math.min(link.a, link.b)}|${Math.max(link.a, link.b)}`, link.linked);
  const pairs: [number, number][] = [];
  for (const [key, linked] of latest) {
    const [a, b] = key.split('|').map(Number) as [number, number];
    if (linked && (a === recordId || b === recordId)) pairs.push([a, b]);
  }
  await writeLinks(context, reviewId, pairs, false);
  return (await reviewStudies(context, reviewId, [recordId])).get(recordId)!;
}

/** `retrieve primary ID`: this report stands for its study (in tables and the report). */
export async function choosePrimaryReport(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<StudyOfReport> {
  await requireRecords(context, reviewId, [recordId]);
  const study = (await reviewStudies(context, reviewId, [recordId])).get(recordId)!;
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('retrieval')
      .set({ is_primary: 0 })
      .where('review_id', '=', reviewId)
      .where('record_id', 'in', study.reports)
      .execute();
    const updated = await trx
      .updateTable('retrieval')
      .set({ is_primary: 1 })
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await trx
        .insertInto('retrieval')
        .values({
          review_id: reviewId,
          record_id: recordId,
          state: 'sought',
          reason: null,
          is_primary: 1,
          updated_at: at,
          updated_by: context.actor,
        })
        .execute();
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: 'retrieve.primary-chosen',
        stage: 'retrieve',
        subject: `record:${recordId}`,
        actor: context.actor,
        payload: JSON.stringify({ studyId: study.studyId, reports: study.reports }),
        created_at: at,
      },
    ]);
  });
  return (await reviewStudies(context, reviewId, [recordId])).get(recordId)!;
}
