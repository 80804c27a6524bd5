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
    .where('state', '=', 'complete')
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
    .where('state', '=', 'complete')
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

/**
 * Fills in what a batch learns only once its file is parsed and makes it, and so its records,
 * visible: the last transaction of an import.
 */
export async function completeBatch(
  db: Kysely<Database>,
  id: number,
  parsed: Pick<
    Insertable<BatchTable>,
    'sha256' | 'format' | 'source_database' | 'record_count' | 'issue_count' | 'issues'
  >,
): Promise<void> {
  await db
    .updateTable('batches')
    .set({ ...parsed, state: 'complete' })
    .where('id', '=', id)
    .execute();
}

/** Records deleted per transaction when a staged batch is dropped. */
const DROP_CHUNK = 5000;

/**
 * Deletes a batch that never completed (its parse failed, its process died) with its records,
 * a few thousand per transaction so the single SQLite connection is not held for long; nothing
 * ever saw them. A complete batch is left alone (retracting one is `retractBatch`'s work).
 */
export async function dropStagedBatch(db: Kysely<Database>, id: number): Promise<void> {
  for (;;) {
    const deleted = await db.transaction().execute(async (trx) => {
      const staged = await trx
        .selectFrom('batches')
        .select('id')
        .where('id', '=', id)
        .where('state', '=', 'staging')
        .executeTakeFirst();
      if (!staged) return 0;
      const result = await trx
        .deleteFrom('records')
        .where(
          'id',
          'in',
          trx.selectFrom('records').select('id').where('batch_id', '=', id).limit(DROP_CHUNK),
        )
        .executeTakeFirst();
      const n = Number(result.numDeletedRows);
      if (n === 0) await trx.deleteFrom('batches').where('id', '=', id).execute();
      return n;
    });
    if (deleted === 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Drops the staged batches left by imports that stopped without finishing (a killed process):
 * those started more than `olderThanMs` ago. Called before each import; an import running
 * elsewhere is younger than that.
 */
export async function dropAbandonedBatches(
  db: Kysely<Database>,
  now: Date,
  olderThanMs = 6 * 60 * 60 * 1000,
): Promise<number> {
  const before = new Date(now.getTime() - olderThanMs).toISOString();
  const abandoned = await db
    .selectFrom('batches')
    .select('id')
    .where('state', '=', 'staging')
    .where('created_at', '<', before)
    .execute();
  for (const { id } of abandoned) await dropStagedBatch(db, id);
  return abandoned.length;
}

export async function listBatches(db: Kysely<Database>, reviewId: number): Promise<BatchRow[]> {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('state', '=', 'complete')
    .orderBy('id')
    .execute();
}
