import type { Kysely } from 'kysely';
import { appendEvents } from '#store/index';
import type { Database } from '#store/index';

/**
 * Logs one event in the caller's transaction; its stage is the type's first word
 * (`appraise.judged` -> `appraise`), the payload is stored as JSON.
 */
export function logEvent(
  db: Kysely<Database>,
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
      stage: event.type.slice(0, event.type.indexOf('.')),
      subject: event.subject,
      actor: event.actor,
      payload: JSON.stringify(event.payload),
      created_at: event.at,
    },
  ]);
}
