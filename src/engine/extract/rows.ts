import type { Kysely } from 'kysely';
import type { AnswerValue, Quote } from '#core/extract/index';
import { appendEvents } from '#store/index';
import type { Database } from '#store/index';

type Writer = Kysely<Database>;

/** One stored answer's row (see store/schema.ts ExtractAnswerTable). */
export function answerRow(answer: {
  reviewId: number;
  recordId: number;
  extractor: string;
  resolution?: boolean;
  entity: string;
  fieldId: string;
  value: AnswerValue;
  quote?: Quote | string | null;
  formVersion: number;
  at: string;
}) {
  return {
    review_id: answer.reviewId,
    record_id: answer.recordId,
    extractor: answer.extractor,
    resolution: answer.resolution ? 1 : 0,
    entity: answer.entity,
    field_id: answer.fieldId,
    value: JSON.stringify(answer.value),
    quote:
      answer.quote === undefined || answer.quote === null
        ? null
        : typeof answer.quote === 'string'
          ? answer.quote
          : JSON.stringify(answer.quote),
    form_version: answer.formVersion,
    updated_at: answer.at,
  };
}

/** Inserts answer rows a few hundred per statement (PostgreSQL caps a statement's parameters). */
export async function insertAnswers(
  db: Writer,
  rows: readonly ReturnType<typeof answerRow>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('extract_answers')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Logs one extraction event about a study (or a file) in the same transaction. */
export function logExtract(
  db: Writer,
  event: {
    reviewId: number;
    type: string;
    subject: string;
    actor: string;
    payload: unknown;
    at: string;
  },
): Promise<void> {
  return appendEvents(db, [
    {
      review_id: event.reviewId,
      type: event.type,
      stage: 'extract',
      subject: event.subject,
      actor: event.actor,
      payload: JSON.stringify(event.payload),
      created_at: event.at,
    },
  ]);
}
