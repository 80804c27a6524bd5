import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * What the web server keeps beside the reviews (its session-signing secret), and
 * indexes for screening many reviewers at once: the engine reads only the decisions
 * written since it last looked, by id and by what they superseded.
 */
export const server = {
  name: '0005-server',
  async up(db: Kysely<unknown>, _context: MigrationContext): Promise<void> {
    await db.schema
      .createTable('server_settings')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('screen_decisions_superseded')
      .on('screen_decisions')
      .columns(['review_id', 'stage', 'superseded_by'])
      .execute();
    await db.schema
      .createIndex('screen_decisions_latest')
      .on('screen_decisions')
      .columns(['review_id', 'stage', 'reviewer', 'superseded_by', 'id'])
      .execute();
  },
};
