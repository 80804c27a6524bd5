import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, ReviewTable } from './schema';

export type ReviewRow = Selectable<ReviewTable>;

/** Inserts a review and returns its id. */
export async function insertReview(
  db: Kysely<Database>,
  review: Insertable<ReviewTable>,
): Promise<number> {
  const row = await db
    .insertInto('reviews')
    .values(review)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function getReview(db: Kysely<Database>, id: number): Promise<ReviewRow | undefined> {
  return db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
}

/** All reviews, newest first. */
export async function listReviews(db: Kysely<Database>): Promise<ReviewRow[]> {
  return db.selectFrom('reviews').selectAll().orderBy('id', 'desc').execute();
}

export async function updateReviewSettings(
  db: Kysely<Database>,
  id: number,
  settings: string,
  protocol?: string,
): Promise<void> {
  await db
    .updateTable('reviews')
    .set(protocol === undefined ? { settings } : { settings, protocol })
    .where('id', '=', id)
    .execute();
}
