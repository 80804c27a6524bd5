import pg from 'pg';
import { PostgresDialect } from 'kysely';

/** PostgreSQL for teams: the same Kysely code, a pooled connection. */
export function createPostgresDialect(url: string): PostgresDialect {
  // COUNT(*) and other int8 results arrive as strings by default; our counts fit in a double.
  pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));
  // A screening request reads up to four things at once; 20 connections let a team of 20 do so
  // without waiting for one another (PostgreSQL's default limit is 100).
  // Idle connections are kept a minute (not 10 s): a server between bursts of work keeps them.
  return new PostgresDialect({
    pool: new pg.Pool({ connectionString: url, max: 20, idleTimeoutMillis: 60_000 }),
  });
}
