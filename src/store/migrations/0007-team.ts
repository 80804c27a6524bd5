import type { Kysely } from 'kysely';
import type { MigrationContext } from './types';

/**
 * A review's team: members are bound to user accounts (not matched by an email string, so
 * registering an invited address grants nothing), removed members are kept with the time
 * they left (their decisions name them), and invitations are single-use, expiring tokens
 * of which only a hash is stored.
 */
export const team = {
  name: '0007-team',
  async up(db: Kysely<unknown>, { idColumn }: MigrationContext): Promise<void> {
    await db.schema.alterTable('reviewers').addColumn('user_id', 'text').execute();
    await db.schema.alterTable('reviewers').addColumn('removed_at', 'text').execute();
    await db.schema
      .createIndex('reviewers_user')
      .unique()
      .on('reviewers')
      .columns(['review_id', 'user_id'])
      .execute();
    await db.schema.createIndex('reviewers_by_user').on('reviewers').column('user_id').execute();
    await idColumn(db.schema.createTable('invitations'))
      .addColumn('review_id', 'integer', (c) => c.notNull().references('reviews.id'))
      .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('accepted_by', 'text')
      .addColumn('accepted_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createIndex('invitations_review')
      .on('invitations')
      .columns(['review_id', 'id'])
      .execute();
  },
};
