import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * The protocol's versions: version 1 is the protocol as first written (edited in place until
 * the first amendment); each amendment is the next version with its reason and date. The
 * review's `protocol` column keeps the current version, which screening shows.
 */
export const protocol = {
  name: '0013-protocol',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await idColumn(db.schema.createTable('protocol_versions'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('protocol', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('protocol_versions_key', ['review_id', 'version'])
      .execute();
  },
};
