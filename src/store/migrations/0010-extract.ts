import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * Extract: a review's charting form, one row per version. A version is a pilot (replaced by
 * the next import while the team tries it on a few sources) until it is published; a published
 * version never changes, and the next edit is a new version.
 */
export const extract = {
  name: '0010-extract',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('extract_forms'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addUniqueConstraint('extract_forms_version', ['review_id', 'version'])
      .execute();
  },
};
