import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * An import is written in short transactions (so a 100,000-record file does not hold the one
 * SQLite connection for seconds) under a batch in state `staging`, which no read sees; the
 * last transaction turns it `complete`, so a batch still appears all at once or not at all.
 * Every batch written before this migration was written whole.
 */
export const identifyStaging = {
  name: '0008-identify-staging',
  async up(db: Kysely<unknown>, _context: MigrationContext): Promise<void> {
    await db.schema
      .alterTable('batches')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('complete'))
      .execute();
  },
};
