import { DomainError } from '#core/errors';
import { deriveOutcome } from '#core/screen/workflow/index';
import type { ScreenStage } from '#core/screen/workflow/index';
import { addToRound } from '#core/workflow/index';
import { appendEvents, visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readScreenSettings, updateSettings } from '#engine/settings';
import { requireReviewer } from '#engine/team/members';
import { eligibleRecordIds } from '#engine/screen/screen';
import {
  inScreenTransaction,
  insertSupersedingDecision,
  loadCurrentDecisions,
} from '#engine/screen/decisions';

/**
 * What a lead does to many records at once from the records list: tag them, or exclude
 * them at title/abstract as off-topic with a reason. Each is one transaction, all or
 * nothing: one unknown record refuses the whole request and changes nothing.
 */

export const MAX_BULK = 1000;

function checkIds(ids: readonly number[]): number[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new DomainError('records/bad-query', 'Select records first.');
  if (unique.length > MAX_BULK)
    throw new DomainError(
      'records/too-many',
      `At most ${MAX_BULK} records at once; ${unique.length} were selected.`,
    );
  return unique;
}

function unknownRecords(ids: readonly number[], known: ReadonlySet<number>): DomainError {
  const missing = ids.filter((id) => !known.has(id));
  return new DomainError(
    'records/unknown-records',
    `${missing.length === 1 ? 'Record' : 'Records'} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''} ${missing.length === 1 ? 'is' : 'are'} not in this review (or were removed as duplicates); nothing was changed.`,
  );
}

/** Adds one tag to many records; records that already carry it are left as they are. */
export async function tagRecords(
  context: EngineContext,
  reviewId: number,
  input: { ids: readonly number[]; tag: string; by: string },
): Promise<{ tagged: number; alreadyTagged: number }> {
  const ids = checkIds(input.ids);
  const tag = input.tag.trim();
  if (!tag || tag.length > 40 || /[,;]/.test(tag))
    throw new DomainError(
      'screen/bad-tag',
      'A tag is one short label (at most 40 characters, no commas).',
    );
  await requireReviewer(context, reviewId, input.by);
  const createdAt = nowIso(context);
  return context.store.db.transaction().execute(async (trx) => {
    const known = await trx
      .selectFrom('records')
      .select('id')
      .where('review_id', '=', reviewId)
      .where('id', 'in', ids)
      .where(visibleRecords(reviewId))
      .execute();
    if (known.length !== ids.length) throw unknownRecords(ids, new Set(known.map((r) => r.id)));
    const tagged = new Set(
      (
        await trx
          .selectFrom('record_notes')
          .select('record_id')
          .where('review_id', '=', reviewId)
          .where('record_id', 'in', ids)
          .where('kind', '=', 'tag')
          .where('text', '=', tag)
          .where('removed_at', 'is', null)
          .execute()
      ).map((r) => r.record_id),
    );
    const fresh = ids.filter((id) => !tagged.has(id));
    if (fresh.length > 0) {
      await trx
        .insertInto('record_notes')
        .values(
          fresh.map((id) => ({
            review_id: reviewId,
            record_id: id,
            reviewer: input.by,
            kind: 'tag',
            text: tag,
            removed_at: null,
            created_at: createdAt,
          })),
        )
        .execute();
      await appendEvents(trx, [
        {
          review_id: reviewId,
          type: 'records.tagged',
          stage: 'screen',
          subject: `records:${fresh.length}`,
          actor: input.by,
          payload: JSON.stringify({ tag, ids: fresh }),
          created_at: createdAt,
        },
      ]);
    }
    return { tagged: fresh.length, alreadyTagged: ids.length - fresh.length };
  });
}

/**
 * Excludes many records at title/abstract as off-topic: a lead's resolution, with the
 * reason, on each record not settled yet (votes already cast stay in its history; the
 * record leaves every queue). Records already settled are skipped and counted.
 */
export async function excludeRecords(
  context: EngineContext,
  reviewId: number,
  input: { ids: readonly number[]; reason: string; by: string },
): Promise<{ excluded: number; alreadySettled: number }> {
  const ids = checkIds(input.ids);
  const reason = input.reason.trim();
  if (!reason || reason.length > 200)
    throw new DomainError(
      'records/bad-reason',
      'Say why these records are excluded (at most 200 characters), e.g. "off-topic: not stroke".',
    );
  await requireReviewer(context, reviewId, input.by);
  const settings = await readScreenSettings(context, reviewId);
  const eligible = new Set(await eligibleRecordIds(context, reviewId, 'ti-ab', settings));
  if (ids.some((id) => !eligible.has(id))) throw unknownRecords(ids, eligible);
  const createdAt = nowIso(context);
  return inScreenTransaction(context, reviewId, async (trx) => {
    const current = await loadCurrentDecisions(trx, reviewId, 'ti-ab', ids);
    // Current resolution rows, an undone one's marker included: the new one supersedes them.
    const resolutions = await trx
      .selectFrom('screen_decisions')
      .select(['id', 'record_id'])
      .where('review_id', '=', reviewId)
      .where('stage', '=', 'ti-ab')
      .where('record_id', 'in', ids)
      .where('resolution', '=', 1)
      .where('superseded_by', 'is', null)
      .execute();
    let excluded = 0;
    for (const id of ids) {
      const facts = current.get(id) ?? [];
      if (facts.length > 0 && deriveOutcome(facts, settings).status === 'decided') continue;
      await insertSupersedingDecision(
        trx,
        {
          reviewId,
          recordId: id,
          stage: 'ti-ab',
          reviewer: input.by,
          decision: 'exclude',
          reason,
          resolution: true,
          createdAt,
        },
        resolutions.filter((r) => r.record_id === id).map((r) => r.id),
      );
      excluded += 1;
    }
    if (excluded > 0)
      await appendEvents(trx, [
        {
          review_id: reviewId,
          type: 'records.excluded',
          stage: 'screen',
          subject: `records:${excluded}`,
          actor: input.by,
          payload: JSON.stringify({ reason, ids }),
          created_at: createdAt,
        },
      ]);
    return { excluded, alreadySettled: ids.length - excluded };
  });
}

/**
 * Puts the selected records in the stage's calibration round, which every reviewer screens
 * first: added to the open round, or the first records of a new one.
 */
export async function assignToCalibration(
  context: EngineContext,
  reviewId: number,
  input: { ids: readonly number[]; stage: ScreenStage },
): Promise<{ stage: ScreenStage; recordIds: number[]; added: number }> {
  const ids = checkIds(input.ids);
  const settings = await readScreenSettings(context, reviewId);
  const eligible = new Set(await eligibleRecordIds(context, reviewId, input.stage, settings));
  if (ids.some((id) => !eligible.has(id))) throw unknownRecords(ids, eligible);
  let result = { stage: input.stage, recordIds: [] as number[], added: 0 };
  await updateSettings(
    context,
    reviewId,
    (s) => {
      const { round, added } = addToRound(s.calibration, input.stage, ids, nowIso(context));
      result = { stage: input.stage, recordIds: round.recordIds, added };
      return { ...s, calibration: round };
    },
    'screen.calibration-assigned',
  );
  return result;
}
