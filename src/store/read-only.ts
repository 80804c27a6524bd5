import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Dialect } from './migrations/index';
import type { Database } from './schema';
import { isPostgresUrl, maskStoreUrl } from './connect';
import type { Store, StoreConfig } from './connect';

/** A second, reading connection to a store another connection owns: no migrations, no writes. */
export type ReadOnlyStore = Pick<Store, 'db' | 'dialect' | 'location' | 'close'>;

/**
 * Opens an existing store for reading only, beside the connection that owns it
 * (the ranking process reads texts this way). Creates nothing and migrates
 * nothing: a missing SQLite file, an unreachable server or a database that is
 * not a ReviewBench store is refused here, not on the first query.
 */
export async function openReadOnlyStore(config: StoreConfig): Promise<ReadOnlyStore> {
  const dialect: Dialect = isPostgresUrl(config.url) ? 'postgres' : 'sqlite';
  const db = new Kysely<Database>({
    dialect:
      dialect === 'postgres'
        ? new PostgresDialect({
            // pg is loaded only when a PostgreSQL store is opened (a SQLite command skips it).
            pool: new (await import('pg')).default.Pool({
              connectionString: config.url,
              // Reading texts is one query at a time.
              max: 2,
              // A server that never answers fails the open instead of hanging it.
              connectionTimeoutMillis: 10_000,
              // The server refuses any write made through this connection.
              options: '-c default_transaction_read_only=on',
            }),
          })
        : // The owner keeps the file in WAL mode, so this connection reads beside its writes;
          // `timeout` is the busy timeout, as in sqlite.ts.
          new SqliteDialect({
            database: new BetterSqlite3(config.url, {
              readonly: true,
              fileMustExist: true,
              timeout: 5000,
            }),
          }),
  });
  try {
    // Connects now, and checks that this is a ReviewBench store.
    await sql`select 1 from kysely_migration limit 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect, location: maskStoreUrl(config.url), close: () => db.destroy() };
}
