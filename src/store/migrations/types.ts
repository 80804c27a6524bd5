import type { CreateTableBuilder, Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** What a migration may ask of the dialect: the only place the two differ. */
export interface MigrationContext {
  dialect: Dialect;
  /** Adds an auto-incrementing integer primary key `id` to a new table. */
  idColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
}

export interface StoreMigration {
  name: string;
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
}
