import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * Retrieve: each report sought's state (and the reason it was not retrieved), the full text
 * attached to it, the text of every page of each PDF (by the file's sha256, so a PDF attached
 * twice is read once), the PDFs themselves when they are kept in the database, the links
 * that group reports into studies, and the raw answers of open-access look-ups.
 */
export const retrieve = {
  name: '0009-retrieve',
  async up(db: Kysely<unknown>, { dialect, idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('retrieval'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('retrieval_record', ['review_id', 'record_id'])
      .execute();
    // A report's row is replaced on every change, so the review's highest id tells caches
    // (the full-text queue leaves out reports not retrieved) that something changed.
    await db.schema
      .createIndex('retrieval_review_id')
      .on('retrieval')
      .columns(['review_id', 'id'])
      .execute();
    await idColumn(db.schema.createTable('full_texts'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull().references('records.id'))
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('pages', 'integer', (c) => c.notNull())
      .addColumn('text_chars', 'integer', (c) => c.notNull())
      .addColumn('scanned', 'integer', (c) => c.notNull())
      .addColumn('matched_by', 'text', (c) => c.notNull())
      .addColumn('score', 'real')
      .addColumn('evidence', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('full_texts_record', ['review_id', 'record_id'])
      .execute();
    await db.schema
      .createTable('pdf_pages')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('page', 'integer', (c) => c.notNull())
      .addColumn('start', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('pdf_pages_key', ['sha256', 'page'])
      .execute();
    await db.schema
      .createTable('blobs')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob')
      .execute();
    await idColumn(db.schema.createTable('report_links'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_a', 'integer', (c) => c.notNull())
      .addColumn('record_b', 'integer', (c) => c.notNull())
      .addColumn('linked', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await idColumn(db.schema.createTable('retrieval_lookups'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('report_links_review')
      .on('report_links')
      .columns(['review_id', 'id'])
      .execute();
  },
};
