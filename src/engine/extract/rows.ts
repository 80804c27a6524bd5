import type { Kysely } from 'kysely';
import type { AnswerValue, Quote } from '#core/extract/index';
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
