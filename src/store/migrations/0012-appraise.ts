import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * Appraise: the tool each study is appraised with (`appraise_assignments`: from the extraction
 * form's field or chosen by the lead), each assessor's judgements (`appraise_judgements`: one
 * current row per study x unit x domain x assessor x kind, a resolution settling a disagreement
 * being its own kind; the signalling answers, the algorithm's proposal, the final judgement and
 * why it differs, supporting quotes), and who finished which study (`appraise_progress`).
 */
export const appraise = {
  name: '0012-appraise',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('appraise_assignments'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('tool_id', 'text', (c) => c.notNull())
      .addColumn('assigned_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('appraise_assignments_key', ['review_id', 'record_id'])
      .execute();
    await idColumn(db.schema.createTable('appraise_judgements'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('tool_id', 'text', (c) => c.notNull())
      .addColumn('assessor', 'text', (c) => c.notNull())
      .addColumn('resolution', 'integer', (c) => c.notNull())
      .addColumn('domain_id', 'text', (c) => c.notNull())
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('proposal', 'text')
      .addColumn('judgement', 'text')
      .addColumn('justification', 'text')
      .addColumn('quotes', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('appraise_judgements_slot', [
        'review_id',
        'record_id',
        'unit',
        'assessor',
        'resolution',
        'domain_id',
      ])
      .execute();
    await idColumn(db.schema.createTable('appraise_progress'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'integer', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('assessor', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('appraise_progress_key', ['review_id', 'record_id', 'unit', 'assessor'])
      .execute();
  },
};
