import { Kysely, sql } from 'kysely';
import { DomainError } from '#core/errors';
import { MIGRATIONS } from './migrations/index';
import type { Dialect, MigrationContext } from './migrations/index';
import type { Database } from './schema';
import type { BulkTarget } from './records';
import { createSqliteDialect } from './sqlite';
import { createPostgresDialect } from './postgres';

export interface StoreConfig {
  /** `postgres://...` selects PostgreSQL; anything else is a SQLite file path (or `:memory:`). */
  url: string;
}

/** An open database: the typed Kysely handle plus what the engine needs to know of it. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it lives, with any password masked: the form to print, log or put in an error. */
  location: string;
  /**
   * The url it was opened with, unmasked: a PostgreSQL url may carry a password. Only for
   * opening a second connection to the same database (the ranking process reads texts with
   * one); never print, log or return it.
   */
  url: string;
  /** What bulk writes (a 100,000-record import) use to go faster than one Kysely insert per chunk. */
  bulk: BulkTarget;
  close(): Promise<void>;
}

/**
 * Opens `connections` pooled connections now (PostgreSQL; SQLite has its one already), so a
 * server's first burst of users does not wait for PostgreSQL to start a backend each.
 */
export async function openConnections(store: Store, connections: number): Promise<void> {
  if (store.dialect !== 'postgres') return;
  await Promise.all(Array.from({ length: connections }, () => sql`select 1`.execute(store.db)));
}

/** True when the url names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * False for a SQLite database that lives only in this connection (`:memory:`, or the empty
 * path of a temporary one): a second connection would find a different, empty database.
 */
export function canOpenAgain(url: string): boolean {
  const path = url.trim();
  return path !== '' && path !== ':memory:';
}

/** The url with any password replaced by `***`, to print or log. */
export function maskStoreUrl(url: string): string {
  return isPostgresUrl(url) ? url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : url;
}

/**
 * Opens (and creates or migrates) a store. Refuses a database that has applied
 * migrations this version does not know: it was written by a newer ReviewBench.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const dialect: Dialect = isPostgresUrl(config.url) ? 'postgres' : 'sqlite';
  const sqlite = dialect === 'sqlite' ? createSqliteDialect(config.url) : undefined;
  const db = new Kysely<Database>({
    dialect: sqlite ? sqlite.dialect : createPostgresDialect(config.url),
  });
  try {
    await migrate(db as unknown as Kysely<unknown>, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect,
    location: maskStoreUrl(config.url),
    url: config.url,
    bulk: { dialect, sqlite: sqlite?.database },
    close: () => db.destroy(),
  };
}

async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rb_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const rows = await sql<{ name: string }>`select name from rb_migrations order by name`.execute(
    db,
  );
  const applied = new Set(rows.rows.map((row) => row.name));
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new DomainError(
      'store/unknown-migration',
      `This database was written by a newer ReviewBench: it has migrations ${unknown.join(', ')} that this version does not know. Upgrade ReviewBench to open it.`,
      { unknown },
    );
  }
  const context: MigrationContext = {
    dialect,
    idColumn: (table) =>
      dialect === 'postgres'
        ? table.addColumn('id', 'serial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  };
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx, context);
      await sql`insert into rb_migrations (name, applied_at) values (${migration.name}, ${new Date().toISOString()})`.execute(
        trx,
      );
    });
  }
}
