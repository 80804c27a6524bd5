import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * Extract: what each extractor charted. `extract_answers` holds one current answer per study,
 * extractor, slot (entity and field) and kind (an extractor's own, or a resolution that settles
 * a disagreement); `extract_progress` says who started and who finished each study (the
 * workflow closes a study when the required extractors finished it); `extract_retired` keeps
 * answers a new form version had no place for, with the reason, so none is ever lost.
 */
export const extractAnswers = {
  name: '0011-extract-answers',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('extract_answers'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('extractor', 'text', (c) => c.notNull())
      .addColumn('resolution', 'integer', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('field_id', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('quote', 'text')
      .addColumn('form_version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('extract_answers_slot', [
        'review_id',
        'record_id',
        'extractor',
        'resolution',
        'entity',
        'field_id',
      ])
      .execute();
    await idColumn(db.schema.createTable('extract_progress'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('extractor', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('extract_progress_key', ['review_id', 'record_id', 'extractor'])
      .execute();
    await idColumn(db.schema.createTable('extract_retired'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('extractor', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('field_id', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('why', 'text', (c) => c.notNull())
      .addColumn('form_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
