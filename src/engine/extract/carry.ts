import type { Transaction } from 'kysely';
import { carryAnswers } from '#core/extract/index';
import type { ChartingForm } from '#core/extract/index';
import type { Database } from '#store/index';
import { answerRow, insertAnswers } from './rows';

/**
 * Carries every stored answer from one form definition to the next, inside the transaction that
 * saves the new one: answers move to their field's new id, renamed options are renamed, and an
 * answer the new form cannot hold is retired with the reason (kept, shown beside the form).
 * Quotes follow their answers. Returns how many answers moved and how many were retired.
 */
export async function carryForward(
  trx: Transaction<Database>,
  reviewId: number,
  from: ChartingForm,
  to: ChartingForm,
  version: number,
  at: string,
): Promise<{ carried: number; retired: number }> {
  const rows = await trx
    .selectFrom('extract_answers')
    .selectAll()
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
  if (rows.length === 0) return { carried: 0, retired: 0 };
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${row.record_id}\u0000${row.extractor}\u0000${row.resolution}\u0000${row.entity}`;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  let carried = 0;
  let retired = 0;
  for (const list of groups.values()) {
    const first = list[0]!;
    const byField = new Map(list.map((r) => [r.field_id, r]));
    const result = carryAnswers(
      from,
      to,
      Object.fromEntries(list.map((r) => [r.field_id, JSON.parse(r.value) as unknown])),
    );
    const unchanged = Object.entries(result.answers).every(
      ([id, value]) =>
        result.sources[id] === id && byField.get(id)?.value === JSON.stringify(value),
    );
    if (unchanged && result.retired.length === 0) {
      carried += list.length;
      continue;
    }
    await trx
      .deleteFrom('extract_answers')
      .where(
        'id',
        'in',
        list.map((r) => r.id),
      )
      .execute();
    const values = Object.entries(result.answers).map(([fieldId, value]) =>
      answerRow({
        reviewId,
        recordId: first.record_id,
        extractor: first.extractor,
        resolution: first.resolution === 1,
        entity: first.entity,
        fieldId,
        value,
        quote: byField.get(result.sources[fieldId] ?? fieldId)?.quote ?? null,
        formVersion: version,
        at,
      }),
    );
    await insertAnswers(trx, values);
    carried += values.length;
    if (result.retired.length)
      await trx
        .insertInto('extract_retired')
        .values(
          result.retired.map((r) => ({
            review_id: reviewId,
            record_id: first.record_id,
            extractor: first.extractor,
            entity: first.entity,
            field_id: r.fieldId,
            label: r.label,
            value: JSON.stringify(r.value),
            why: r.why,
            form_version: version,
            created_at: at,
          })),
        )
        .execute();
    retired += result.retired.length;
  }
  return { carried, retired };
}
