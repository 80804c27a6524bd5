import { DomainError } from '#core/errors';
import type { EngineContext } from '#engine/context';
import { forgetReads, nowIso } from '#engine/context';
import type { ReviewSettings } from '#engine/settings';
import { appendEvents, findBatch, getReview, updateReviewSettings } from '#store/index';
import { WITHDRAWN } from '#engine/screen/decisions';

/** What retracting a batch removed. */
export interface RetractResult {
  batchId: number;
  fileName: string;
  source: string | null;
  /** Records removed with the batch. */
  records: number;
  /** De-duplication pairs and decisions that involved them, removed too. */
  dedupPairs: number;
  dedupDecisions: number;
}

/** Blocking work listed in a refusal: enough to find it, not the whole history. */
const SHOWN = 5;

/**
 * Retracts an import batch (the wrong file, the wrong search): its records leave every stage
 * and the PRISMA counts, the de-duplication pairs and decisions that involved them go with
 * them (a record they had marked as a duplicate of one of these is a record again), and the
 * event log keeps what was removed, why and by whom. Allowed only while nobody has judged
 * the batch's records beyond de-duplication (a screening decision, even one withdrawn since,
 * a note or a tag): the refusal names that work, so nothing a reviewer did is lost. One
 * transaction: all of it or nothing.
 */
export async function retractBatch(
  context: EngineContext,
  reviewId: number,
  batchId: number,
  input: { reason: string; by: string },
): Promise<RetractResult> {
  const reason = input.reason.trim();
  if (!reason || reason.length > 500)
    throw new DomainError(
      'identify/retract-needs-reason',
      'Say why the batch is retracted (one sentence, at most 500 characters): the log keeps it.',
    );
  const result = await context.store.db.transaction().execute(async (trx) => {
    const batch = await findBatch(trx, reviewId, batchId);
    if (!batch)
      throw new DomainError(
        'identify/batch-not-found',
        `There is no import batch ${batchId} in this review (see \`reviewbench status\`).`,
      );
    const ofBatch = trx.selectFrom('records').select('id').where('batch_id', '=', batchId);
    const decisions = await trx
      .selectFrom('screen_decisions')
      .innerJoin('records', 'records.id', 'screen_decisions.record_id')
      .select([
        'screen_decisions.record_id as recordId',
        'screen_decisions.stage',
        'screen_decisions.reviewer',
        'screen_decisions.decision',
        'records.title',
      ])
      .where('records.batch_id', '=', batchId)
      .orderBy('screen_decisions.id')
      .execute();
    const notes = await trx
      .selectFrom('record_notes')
      .innerJoin('records', 'records.id', 'record_notes.record_id')
      .select(['record_notes.record_id as recordId', 'record_notes.kind', 'record_notes.reviewer'])
      .where('records.batch_id', '=', batchId)
      .where('record_notes.removed_at', 'is', null)
      .orderBy('record_notes.id')
      .execute();
    if (decisions.length > 0 || notes.length > 0) {
      // One line per record, its work in the order it was done.
      const work = new Map<number, { title: string | null; items: string[] }>();
      const add = (recordId: number, title: string | null, item: string): void => {
        const entry = work.get(recordId) ?? { title, items: [] };
        entry.items.push(item);
        work.set(recordId, entry);
      };
      for (const d of decisions)
        add(
          d.recordId,
          d.title,
          `${d.stage} ${d.decision === WITHDRAWN ? 'vote withdrawn' : d.decision} by ${d.reviewer}`,
        );
      for (const n of notes) add(n.recordId, null, `a ${n.kind} by ${n.reviewer}`);
      const lines = [...work].map(
        ([id, entry]) =>
          `record ${id}${entry.title === null ? '' : ` (${shorten(entry.title)})`}: ${entry.items.join(', ')}`,
      );
      const more =
        lines.length > SHOWN
          ? `; and ${lines.length - SHOWN} more record${lines.length - SHOWN === 1 ? '' : 's'}`
          : '';
      throw new DomainError(
        'identify/batch-in-use',
        `Batch ${batchId} (${batch.file_name}) cannot be retracted: ${lines.length} of its records ${lines.length === 1 ? 'has' : 'have'} been judged beyond de-duplication. ${lines.slice(0, SHOWN).join('; ')}${more}. Undo or resolve that work first, or keep the batch and exclude its records.`,
      );
    }
    const removedIds = new Set((await ofBatch.execute()).map((row) => row.id));
    const pairs = await trx
      .deleteFrom('dedup_pairs')
      .where('review_id', '=', reviewId)
      .where((eb) => eb.or([eb('record_a', 'in', ofBatch), eb('record_b', 'in', ofBatch)]))
      .executeTakeFirst();
    const dedupDecisions = await trx
      .deleteFrom('dedup_decisions')
      .where('review_id', '=', reviewId)
      .where((eb) => eb.or([eb('record_a', 'in', ofBatch), eb('record_b', 'in', ofBatch)]))
      .executeTakeFirst();
    // Notes removed earlier are history of records that no longer exist.
    await trx.deleteFrom('record_notes').where('record_id', 'in', ofBatch).execute();
    const records = await trx
      .deleteFrom('records')
      .where('review_id', '=', reviewId)
      .where('batch_id', '=', batchId)
      .executeTakeFirst();
    await trx.deleteFrom('batches').where('id', '=', batchId).execute();
    const removed = {
      batchId,
      fileName: batch.file_name,
      source: batch.source_database,
      records: Number(records.numDeletedRows),
      dedupPairs: Number(pairs.numDeletedRows),
      dedupDecisions: Number(dedupDecisions.numDeletedRows),
    };
    // A calibration round keeps only records that still exist.
    const review = await getReview(trx, reviewId);
    const settings = JSON.parse(review!.settings) as ReviewSettings;
    const round = settings.calibration;
    if (round?.recordIds.some((id) => removedIds.has(id)))
      await updateReviewSettings(
        trx,
        reviewId,
        JSON.stringify({
          ...settings,
          calibration: { ...round, recordIds: round.recordIds.filter((id) => !removedIds.has(id)) },
        }),
      );
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: 'identify.batch-retracted',
        stage: 'identify',
        subject: `batch:${batchId}`,
        actor: input.by,
        payload: JSON.stringify({
          ...removed,
          reason,
          platform: batch.platform,
          searchedOn: batch.searched_on,
          query: batch.query,
          sha256: batch.sha256,
          importedBy: batch.created_by,
          importedAt: batch.created_at,
        }),
        created_at: nowIso(context),
      },
    ]);
    return removed;
  });
  forgetReads(context);
  return result;
}

function shorten(title: string | null): string {
  if (!title) return 'untitled';
  return title.length > 60 ? `${title.slice(0, 57)}…` : title;
}
