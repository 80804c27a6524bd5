import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * Every screening request reads a stage's decisions written since it last looked
 * (`id > n`). Without an index that ends in the id, that read walked every decision
 * of the stage: 9 ms per request on SQLite at 200,000 decisions, growing with each one.
 *
 * `screen_decisions_superseded` (review, stage, superseded_by) is the head of
 * `screen_decisions_current` (review, stage, superseded_by, record): it served no query the
 * longer one does not, and PostgreSQL, before its statistics caught up with a burst of
 * decisions, chose it to find one record's rows, walking the whole stage (15 ms at 160,000).
 */
export const screenSince = {
  name: '0006-screen-since',
  async up(db: Kysely<unknown>, _context: MigrationContext): Promise<void> {
    await db.schema
      .createIndex('screen_decisions_since')
      .on('screen_decisions')
      .columns(['review_id', 'stage', 'id'])
      .execute();
    await db.schema.dropIndex('screen_decisions_superseded').execute();
  },
};
