import { Kysely, Migrator, sql } from 'kysely';
import type { Migration } from 'kysely';
import { DomainError } from '#core/errors';
import { MIGRATIONS } from './migrations/index';
import type { Dialect, MigrationContext } from './migrations/index';
import type { Database } from './schema';
import type { BulkTarget } from './records';
import { createSqliteDialect } from './sqlite';

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
    // The PostgreSQL driver is loaded only for a PostgreSQL url: SQLite commands start faster.
    dialect: sqlite
      ? sqlite.dialect
      : (await import('./postgres')).createPostgresDialect(config.url),
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

/** Kysely's migration tables: the names it was given, and the lock two processes wait on. */
export const MIGRATION_TABLE = 'kysely_migration';
const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

/**
 * Brings the schema up to date with Kysely's Migrator: every pending migration in name order,
 * under its lock (two servers starting at once on one PostgreSQL database do not both
 * migrate), in one transaction. A database from before the Migrator, which listed its
 * migrations in `rb_migrations`, is carried over first.
 */
async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const context: MigrationContext = {
    dialect,
    idColumn: (table) =>
      dialect === 'postgres'
        ? table.addColumn('id', 'serial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  };
  await adoptEarlierMigrations(db);
  const migrations: Record<string, Migration> = {};
  for (const migration of MIGRATIONS)
    migrations[migration.name] = { up: (trx) => migration.up(trx, context) };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  let { error } = await migrator.migrateToLatest();
  // Two processes opening one new SQLite file: the one whose transaction lost the race rolled
  // back whole; once the other has committed, it finds the migrations applied.
  for (
    let attempt = 1;
    error && dialect === 'sqlite' && lostRace(error) && attempt <= 5;
    attempt++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    ({ error } = await migrator.migrateToLatest());
  }
  if (!error) return;
  const missing = /previously executed migration (\S+) is missing/.exec(
    String((error as Error).message),
  );
  if (missing)
    throw new DomainError(
      'store/unknown-migration',
      `This database was written by a newer ReviewBench: it has migration ${missing[1]} that this version does not know. Upgrade ReviewBench to open it.`,
      { unknown: [missing[1]] },
    );
  throw error;
}

/**
 * Copies the names a database from before the Migrator applied (`rb_migrations`) into
 * Kysely's table, once, so none of them runs again.
 */
async function adoptEarlierMigrations(db: Kysely<unknown>): Promise<void> {
  const tables = new Set((await db.introspection.getTables()).map((table) => table.name));
  if (!tables.has('rb_migrations') || tables.has(MIGRATION_TABLE)) return;
  await db.transaction().execute(async (trx) => {
    // The table as Kysely's Migrator makes it, so it finds it there and uses it.
    await trx.schema
      .createTable(MIGRATION_TABLE)
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
    await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) select name, applied_at from rb_migrations`.execute(
      trx,
    );
    await trx.schema.dropTable('rb_migrations').execute();
  });
}

/** A SQLite write that met another process's migration (busy, or its tables already there). */
function lostRace(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) ||
    /already exists|database is locked/.test(String(message))
  );
}
