import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/** PRISMA-S asks for the limits applied to each search beside the query as run. */
export const identify = {
  name: '0004-identify',
  async up(db: Kysely<unknown>, _context: MigrationContext): Promise<void> {
    await db.schema.alterTable('batches').addColumn('limits', 'text').execute();
  },
};
