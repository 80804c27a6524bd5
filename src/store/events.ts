import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, EventTable } from './schema';

export type EventRow = Selectable<EventTable>;

/** Appends to the event log; the log is never updated or trimmed. */
export async function appendEvents(
  db: Kysely<Database>,
  events: Insertable<EventTable>[],
): Promise<void> {
  for (let start = 0; start < events.length; start += 1000) {
    await db
      .insertInto('events')
      .values(events.slice(start, start + 1000))
      .execute();
  }
}

export async function listEvents(
  db: Kysely<Database>,
  reviewId: number,
  options: { types?: string[]; afterId?: number } = {},
): Promise<EventRow[]> {
  let q = db.selectFrom('events').selectAll().where('review_id', '=', reviewId);
  if (options.types) q = q.where('type', 'in', options.types);
  if (options.afterId !== undefined) q = q.where('id', '>', options.afterId);
  return q.orderBy('id').execute();
}
