import type { Kysely } from 'kysely';
import { DomainError } from '#core/errors';
import { DEFAULT_NOT_RETRIEVED_REASONS, nextRetrievalStatus } from '#core/retrieve/index';
import type { RetrievalEvent, RetrievalState, RetrievalStatus } from '#core/retrieve/index';
import { appendEvents, visibleRecords } from '#store/index';
import type { Database } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readSettings, updateSettings } from '#engine/settings';
import { loadDuplicateState } from '#engine/deduplicate/state';
import { outcomes } from '#engine/screen/screen';
import type { FullTextSummary } from './full-texts';
import { reviewStudies } from './studies';

// Retrieve: the reports sought (records kept at title/abstract) and their retrieval state.
// Full texts are in full-texts.ts, the grouping of reports into studies in studies.ts.

/** One report sought, with its retrieval state, its study and its full text. */
export interface ReportStatus {
  recordId: number;
  sourceRecordId: string | null;
  title: string | null;
  state: RetrievalState;
  reason: string | null;
  studyId: number;
  /** True for the report that stands for its study. */
  primary: boolean;
  fullText: FullTextSummary | null;
}

export interface SoughtReport {
  id: number;
  source_record_id: string | null;
  title: string | null;
  doi: string | null;
  pmid: string | null;
}

/**
 * The reports sought: records kept by title/abstract screening (included, or kept as maybe
 * by the review's rules) that de-duplication did not remove, in record order.
 */
export async function reportsSought(
  context: EngineContext,
  reviewId: number,
): Promise<SoughtReport[]> {
  const [tiAb, duplicates] = await Promise.all([
    outcomes(context, reviewId, 'ti-ab'),
    loadDuplicateState(context, reviewId),
  ]);
  const ids = [...tiAb]
    .filter(
      ([id, outcome]) =>
        outcome.status === 'decided' &&
        outcome.decision !== undefined &&
        outcome.decision !== 'exclude' &&
        !duplicates.removed.has(id),
    )
    .map(([id]) => id)
    .sort((a, b) => a - b);
  const rows: SoughtReport[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await context.store.db
        .selectFrom('records')
        .select(['id', 'source_record_id', 'title', 'doi', 'pmid'])
        .where('review_id', '=', reviewId)
        .where('id', 'in', ids.slice(i, i + 500))
        .where(visibleRecords(reviewId))
        .orderBy('id')
        .execute()),
    );
  }
  return rows;
}

/** Every report's retrieval state by record id (reports without a row are `sought`). */
export async function retrievalStates(
  context: EngineContext,
  reviewId: number,
): Promise<Map<number, RetrievalStatus>> {
  const rows = await context.store.db
    .selectFrom('retrieval')
    .select(['record_id', 'state', 'reason'])
    .where('review_id', '=', reviewId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.record_id,
      { state: r.state as RetrievalState, ...(r.reason ? { reason: r.reason } : {}) },
    ]),
  );
}

/** `retrieve status`: every report sought with its state, study and full text. */
export async function retrievalStatus(
  context: EngineContext,
  reviewId: number,
): Promise<ReportStatus[]> {
  const sought = await reportsSought(context, reviewId);
  const ids = sought.map((r) => r.id);
  const [states, studies, texts] = await Promise.all([
    retrievalStates(context, reviewId),
    reviewStudies(context, reviewId, ids),
    context.store.db
      .selectFrom('full_texts')
      .selectAll()
      .where('review_id', '=', reviewId)
      .execute(),
  ]);
  const textOf = new Map(texts.map((t) => [t.record_id, t]));
  return sought.map((report): ReportStatus => {
    const status = states.get(report.id) ?? { state: 'sought' };
    const study = studies.get(report.id);
    const text = textOf.get(report.id);
    return {
      recordId: report.id,
      sourceRecordId: report.source_record_id,
      title: report.title,
      state: status.state,
      reason: status.reason ?? null,
      studyId: study?.studyId ?? report.id,
      primary: (study?.primary ?? report.id) === report.id,
      fullText: text
        ? {
            sha256: text.sha256,
            fileName: text.file_name,
            pages: text.pages,
            textChars: text.text_chars,
            matchedBy: text.matched_by,
            scanned: text.scanned === 1,
          }
        : null,
    };
  });
}

/** The reasons this review offers for "not retrieved". */
export async function notRetrievedReasons(
  context: EngineContext,
  reviewId: number,
): Promise<string[]> {
  const settings = await readSettings(context, reviewId);
  return settings.retrieve?.reasons ?? [...DEFAULT_NOT_RETRIEVED_REASONS];
}

/**
 * Sets the reasons this review offers for "not retrieved" (review data, kept in the settings
 * and the event log). Reports already marked keep the reason they were given.
 */
export async function setNotRetrievedReasons(
  context: EngineContext,
  reviewId: number,
  reasons: readonly string[],
): Promise<string[]> {
  const cleaned = [...new Set(reasons.map((r) => r.trim()).filter(Boolean))];
  if (cleaned.length === 0)
    throw new DomainError('usage', 'Give at least one reason for "not retrieved".');
  const tooLong = cleaned.find((r) => r.length > 200);
  if (tooLong)
    throw new DomainError(
      'usage',
      `A reason is at most 200 characters: "${tooLong.slice(0, 40)}…".`,
    );
  await updateSettings(
    context,
    reviewId,
    (settings) => ({ ...settings, retrieve: { ...settings.retrieve, reasons: cleaned } }),
    'retrieve.reasons-set',
  );
  return cleaned;
}

export async function requireSought(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<SoughtReport> {
  const sought = await reportsSought(context, reviewId);
  const report = sought.find((r) => r.id === recordId);
  if (report) return report;
  const exists = await context.store.db
    .selectFrom('records')
    .select('id')
    .where('review_id', '=', reviewId)
    .where('id', '=', recordId)
    .where(visibleRecords(reviewId))
    .executeTakeFirst();
  if (!exists)
    throw new DomainError('retrieve/record-not-found', `Record ${recordId} is not in this review.`);
  throw new DomainError(
    'retrieve/not-sought',
    `Record ${recordId} is not a report sought: only records kept at title/abstract screening are retrieved.`,
  );
}

/** Moves a report to its next state inside `trx` and logs why; returns the new state. */
export async function applyEvent(
  context: EngineContext,
  trx: Kysely<Database>,
  reviewId: number,
  recordId: number,
  event: RetrievalEvent,
  payload: Record<string, unknown>,
): Promise<RetrievalStatus> {
  const row = await trx
    .selectFrom('retrieval')
    .select(['state', 'reason', 'is_primary'])
    .where('review_id', '=', reviewId)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  const current: RetrievalStatus = row
    ? { state: row.state as RetrievalState, ...(row.reason ? { reason: row.reason } : {}) }
    : { state: 'sought' };
  const next = nextRetrievalStatus(current, event);
  const at = nowIso(context);
  // Replaced rather than updated: a new id marks the change for caches (migration 0009).
  if (row)
    await trx
      .deleteFrom('retrieval')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .execute();
  await trx
    .insertInto('retrieval')
    .values({
      review_id: reviewId,
      record_id: recordId,
      state: next.state,
      reason: next.reason ?? null,
      is_primary: row?.is_primary ?? 0,
      updated_at: at,
      updated_by: context.actor,
    })
    .execute();
  await appendEvents(trx, [
    {
      review_id: reviewId,
      type: `retrieve.${event.type}`,
      stage: 'retrieve',
      subject: `record:${recordId}`,
      actor: context.actor,
      payload: JSON.stringify({ from: current.state, to: next.state, ...payload }),
      created_at: at,
    },
  ]);
  return next;
}

/** Moves one report to its next state in a transaction of its own (see `applyEvent`). */
export function moveReport(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  event: RetrievalEvent,
  payload: Record<string, unknown>,
): Promise<RetrievalStatus> {
  return context.store.db
    .transaction()
    .execute((trx) => applyEvent(context, trx, reviewId, recordId, event, payload));
}

/** `retrieve not-retrieved ID --reason R`: the team gave up on a report, for one of the review's reasons. */
export async function markNotRetrieved(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  reason: string,
): Promise<RetrievalStatus> {
  await requireSought(context, reviewId, recordId);
  const reasons = await notRetrievedReasons(context, reviewId);
  const chosen = reasons.find((r) => r.toLowerCase() === reason.trim().toLowerCase());
  if (!chosen)
    throw new DomainError(
      'retrieve/unknown-reason',
      `Unknown reason "${reason}". Available: ${reasons.join(', ')}`,
    );
  return moveReport(
    context,
    reviewId,
    recordId,
    { type: 'not-retrieved', reason: chosen },
    { reason: chosen },
  );
}

/** A report marked not retrieved is sought again (the interlibrary loan came through after all). */
export async function reopenReport(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<RetrievalStatus> {
  await requireSought(context, reviewId, recordId);
  return moveReport(context, reviewId, recordId, { type: 'reopened' }, {});
}
