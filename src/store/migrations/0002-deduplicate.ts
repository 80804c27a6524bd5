import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * De-duplication history: every compared pair worth keeping, every manual
 * decision, every run. Clusters are derived from these, so undo never deletes.
 */
export const deduplicate = {
  name: '0002-deduplicate',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('dedup_runs'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('compared_through', 'integer', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await idColumn(db.schema.createTable('dedup_pairs'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('run_id', 'integer', (c) => c.notNull().references('dedup_runs.id'))
      .addColumn('record_a', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('record_b', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('relation', 'text')
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addUniqueConstraint('dedup_pairs_unique', ['review_id', 'record_a', 'record_b'])
      .execute();
    await idColumn(db.schema.createTable('dedup_decisions'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_a', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('record_b', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('dedup_decisions_pair')
      .on('dedup_decisions')
      .columns(['review_id', 'record_a', 'record_b'])
      .execute();
  },
};
