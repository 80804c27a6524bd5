import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/** Reviewers, screening decisions (superseded, never overwritten), rankings, notes and tags. */
export const screen = {
  name: '0003-screen',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('reviewers'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('reviewers_unique', ['review_id', 'name'])
      .execute();
    await idColumn(db.schema.createTable('screen_rankings'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('preset', 'text', (c) => c.notNull())
      .addColumn('labels', 'integer', (c) => c.notNull())
      .addColumn('ranked', 'text', (c) => c.notNull())
      .addColumn('estimate', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await idColumn(db.schema.createTable('screen_decisions'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('reviewer', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('resolution', 'integer', (c) => c.notNull())
      .addColumn('calibration', 'integer', (c) => c.notNull())
      .addColumn('ranking_id', 'integer')
      .addColumn('rank', 'integer')
      .addColumn('superseded_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('screen_decisions_current')
      .on('screen_decisions')
      .columns(['review_id', 'stage', 'superseded_by', 'record_id'])
      .execute();
    await db.schema
      .createIndex('screen_decisions_reviewer')
      .on('screen_decisions')
      .columns(['review_id', 'stage', 'reviewer', 'record_id'])
      .execute();
    await idColumn(db.schema.createTable('record_notes'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('reviewer', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
