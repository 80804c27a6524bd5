import type { Insertable, Kysely, Selectable } from 'kysely';
import type { BatchTable, Database } from './schema';

export type BatchRow = Selectable<BatchTable>;

export async function findBatchByHash(
  db: Kysely<Database>,
  reviewId: number,
  sha256: string,
): Promise<BatchRow | undefined> {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

/** One batch of a review, or undefined. */
export async function findBatch(
  db: Kysely<Database>,
  reviewId: number,
  batchId: number,
): Promise<BatchRow | undefined> {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('id', '=', batchId)
    .executeTakeFirst();
}

export async function insertBatch(
  db: Kysely<Database>,
  batch: Insertable<BatchTable>,
): Promise<number> {
  const row = await db
    .insertInto('batches')
    .values(batch)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Fills in what a batch learns only once its file is parsed (written inside its transaction). */
export async function completeBatch(
  db: Kysely<Database>,
  id: number,
  parsed: Pick<
    Insertable<BatchTable>,
    'format' | 'source_database' | 'record_count' | 'issue_count' | 'issues'
  >,
): Promise<void> {
  await db.updateTable('batches').set(parsed).where('id', '=', id).execute();
}

export async function listBatches(db: Kysely<Database>, reviewId: number): Promise<BatchRow[]> {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
}
