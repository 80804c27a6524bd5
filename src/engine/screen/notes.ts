import { DomainError } from '#core/errors';
import type { ScreenStage } from '#core/screen/workflow/index';
import { validateDecision, voteRefusal } from '#core/screen/workflow/index';
import { appendEvents, visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readScreenSettings } from '#engine/settings';
import {
  WITHDRAWN,
  inScreenTransaction,
  insertSupersedingDecision,
  loadCurrentDecisions,
} from './decisions';
import { requireReviewer } from '#engine/team/members';

export interface NoteView {
  id: number;
  recordId: number;
  reviewer: string;
  kind: 'note' | 'tag';
  text: string;
  at: string;
}

/** Adds a note or a tag to a record (any stage). Tags are short labels; notes are free text. */
export async function addNote(
  context: EngineContext,
  reviewId: number,
  input: { recordId: number; reviewer: string; kind: 'note' | 'tag'; text: string },
): Promise<NoteView> {
  const text = input.text.trim();
  if (!text) throw new DomainError('screen/empty-note', `An empty ${input.kind} is not saved.`);
  if (input.kind === 'tag' && (text.length > 40 || /[,;]/.test(text)))
    throw new DomainError(
      'screen/bad-tag',
      'A tag is one short label (at most 40 characters, no commas).',
    );
  await requireReviewer(context, reviewId, input.reviewer);
  const record = await context.store.db
    .selectFrom('records')
    .select('id')
    .where('review_id', '=', reviewId)
    .where('id', '=', input.recordId)
    .where(visibleRecords(reviewId))
    .executeTakeFirst();
  if (!record)
    throw new DomainError(
      'screen/record-not-found',
      `Record ${input.recordId} is not in this review.`,
    );
  const createdAt = nowIso(context);
  return context.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('record_notes')
      .values({
        review_id: reviewId,
        record_id: input.recordId,
        reviewer: input.reviewer,
        kind: input.kind,
        text,
        removed_at: null,
        created_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: `screen.${input.kind}-added`,
        stage: 'screen',
        subject: `record:${input.recordId}`,
        actor: input.reviewer,
        payload: JSON.stringify({ id: row.id, text }),
        created_at: createdAt,
      },
    ]);
    return {
      id: row.id,
      recordId: input.recordId,
      reviewer: input.reviewer,
      kind: input.kind,
      text,
      at: createdAt,
    };
  });
}

/** Notes and tags on a record; under blinding a reviewer sees only their own. */
export async function listNotes(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  viewer?: string,
): Promise<NoteView[]> {
  let q = context.store.db
    .selectFrom('record_notes')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('record_id', '=', recordId)
    .where('removed_at', 'is', null);
  if (viewer) q = q.where('reviewer', '=', viewer);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    recordId: r.record_id,
    reviewer: r.reviewer,
    kind: r.kind as 'note' | 'tag',
    text: r.text,
    at: r.created_at,
  }));
}

/**
 * Undoes a reviewer's most recent decision at a stage: a `withdrawn` row
 * supersedes it, so the record returns to the reviewer's queue and the history
 * keeps both.
 */
export async function undoLastDecision(
  context: EngineContext,
  reviewId: number,
  reviewer: string,
  stageName: string,
): Promise<{ recordId: number; undone: number }> {
  const stage: ScreenStage = validateDecision(
    { stage: stageName, decision: 'include' },
    { exclusionReasons: [] },
  ).stage;
  const [settings] = await Promise.all([
    readScreenSettings(context, reviewId),
    requireReviewer(context, reviewId, reviewer),
  ]);
  const createdAt = nowIso(context);
  // Same lock as decide/resolve: decisions become visible in id order for the caches.
  return inScreenTransaction(context, reviewId, async (trx) => {
    const last = await trx
      .selectFrom('screen_decisions')
      .selectAll()
      .where('review_id', '=', reviewId)
      .where('stage', '=', stage)
      .where('reviewer', '=', reviewer)
      .where('superseded_by', 'is', null)
      .where('decision', '!=', WITHDRAWN)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last)
      throw new DomainError(
        'screen/nothing-to-undo',
        `${reviewer} has no decision to undo at ${stage}.`,
      );
    const current = await loadCurrentDecisions(trx, reviewId, stage, [last.record_id]);
    const refusal = voteRefusal(current.get(last.record_id) ?? [], settings);
    if (refusal)
      throw new DomainError(
        'screen/vote-final',
        `Cannot undo on record ${last.record_id}. ${refusal}`,
      );
    const markerId = await insertSupersedingDecision(
      trx,
      {
        reviewId,
        recordId: last.record_id,
        stage,
        reviewer,
        decision: WITHDRAWN,
        resolution: last.resolution === 1,
        createdAt,
      },
      [last.id],
    );
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: 'screen.undone',
        stage: 'screen',
        subject: `record:${last.record_id}`,
        actor: reviewer,
        payload: JSON.stringify({ undone: last.id, marker: markerId, stage }),
        created_at: createdAt,
      },
    ]);
    return { recordId: last.record_id, undone: last.id };
  });
}
