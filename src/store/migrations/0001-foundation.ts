import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/** Reviews, import batches, records and the event log. */
export const foundation = {
  name: '0001-foundation',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('reviews'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('protocol', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('batches'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('source_database', 'text')
      .addColumn('platform', 'text')
      .addColumn('searched_on', 'text')
      .addColumn('query', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('source_kind', 'text', (c) => c.notNull())
      .addColumn('record_count', 'integer', (c) => c.notNull())
      .addColumn('issue_count', 'integer', (c) => c.notNull())
      .addColumn('issues', 'text', (c) => c.notNull())
      .addColumn('hit_count', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('batches_review_sha256', ['review_id', 'sha256'])
      .execute();

    await idColumn(db.schema.createTable('records'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id'))
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('abstract', 'text')
      .addColumn('authors', 'text')
      .addColumn('year', 'integer')
      .addColumn('journal', 'text')
      .addColumn('volume', 'text')
      .addColumn('issue', 'text')
      .addColumn('pages', 'text')
      .addColumn('doi', 'text')
      .addColumn('pmid', 'text')
      .addColumn('source_database', 'text')
      .addColumn('source_record_id', 'text')
      .addColumn('label', 'integer')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('records_review')
      .on('records')
      .columns(['review_id', 'id'])
      .execute();
    await db.schema
      .createIndex('records_batch')
      .on('records')
      .columns(['batch_id', 'ordinal'])
      .execute();
    await db.schema
      .createIndex('records_doi')
      .on('records')
      .columns(['review_id', 'doi'])
      .execute();

    await idColumn(db.schema.createTable('events'))
      .addColumn('review_id', 'integer')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('stage', 'text')
      .addColumn('subject', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('events_review')
      .on('events')
      .columns(['review_id', 'id'])
      .execute();
  },
};
