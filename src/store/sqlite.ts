import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/**
 * The embedded default. WAL lets readers run beside the single writer;
 * busy_timeout makes a second process wait for the lock instead of failing.
 */
export function createSqliteDialect(path: string): {
  dialect: SqliteDialect;
  database: BetterSqlite3.Database;
} {
  const database = new BetterSqlite3(path);
  // Larger pages (16-64 KB) make a 100,000-record import up to 2x faster but halve the rate of
  // small transactions (screening decisions); the default 4 KB page is kept for the latter.
  // First, so that switching into WAL below waits for a writer rather than failing.
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  return { dialect: new SqliteDialect({ database }), database };
}

/**
 * Runs one very large write (a 100,000-record import) with a rollback journal
 * instead of the WAL, as SQLite advises for transactions of hundreds of MB: new
 * pages appended to the file are not journaled, where the WAL writes every page
 * twice (once to the log, once at the checkpoint). SQLite allows the switch only
 * to a connection that has the file to itself; with a server or another process
 * attached it refuses at once and the write goes through the WAL as usual. Either
 * way the write is one atomic transaction; WAL is restored afterwards, and a
 * process that dies in between leaves a consistent file that the next open puts
 * back into WAL.
 */
export async function withRollbackJournal<T>(
  database: BetterSqlite3.Database | undefined,
  write: () => Promise<T>,
): Promise<T> {
  let switched = false;
  if (database && !database.inTransaction) {
    try {
      switched = database.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
    } catch {
      // "database is locked": another connection is open, so stay in WAL.
    }
  }
  // Without the WAL, NORMAL could lose the last commit on power loss; FULL syncs the journal too.
  if (switched) database!.pragma('synchronous = FULL');
  try {
    return await write();
  } finally {
    if (switched) {
      try {
        database!.pragma('journal_mode = WAL');
      } catch {
        // Someone opened the file meanwhile; the next connection to open it restores WAL.
      }
      database!.pragma('synchronous = NORMAL');
    }
  }
}
