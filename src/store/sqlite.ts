import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect } from 'kysely';
import type { DialectAdapter } from 'kysely';

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
  return { dialect: new LockingSqliteDialect({ database }), database };
}

/**
 * Kysely's SQLite adapter runs migrations outside a transaction (and takes no lock: it assumes
 * one connection). SQLite does roll DDL back, so here they run in one transaction: a process
 * that loses the race to another migrating the same new file fails without leaving half a
 * schema (its snapshot is stale when it comes to write), and `migrate` tries again.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
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
 *
 * `write` may call `flush` as it goes: with the rollback journal, that syncs the
 * pages written so far to disk on a background thread (at most one sync at a
 * time), so the commit's own sync finds little left to write (0.5 s -> 0.1 s
 * for 680 MB). An early sync is always safe; in WAL mode `flush` does nothing.
 */
export async function withRollbackJournal<T>(
  database: BetterSqlite3.Database | undefined,
  write: (flush: () => void) => Promise<T>,
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
  const flusher =
    switched && !database!.memory ? await BackgroundSync.open(database!.name) : undefined;
  try {
    return await write(() => flusher?.sync());
  } finally {
    await flusher?.close();
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

/** Syncs a file's written pages to disk on the thread pool, one sync at a time. */
class BackgroundSync {
  private running: Promise<void> | undefined;

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<BackgroundSync | undefined> {
    try {
      // A sync through any descriptor of the file flushes the file's pages.
      return new BackgroundSync(await open(path, 'r'));
    } catch {
      return undefined;
    }
  }

  sync(): void {
    if (this.running) return;
    this.running = this.file
      .datasync()
      .catch(() => undefined)
      .finally(() => (this.running = undefined));
  }

  async close(): Promise<void> {
    await this.running;
    await this.file.close();
  }
}
