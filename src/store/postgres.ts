import pg from 'pg';
import { PostgresDialect } from 'kysely';

/** PostgreSQL for teams: the same Kysely code, a pooled connection. */
export function createPostgresDialect(url: string): PostgresDialect {
  // COUNT(*) and other int8 results arrive as strings by default; our counts fit in a double.
  pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));
  // A screening request reads up to four things at once; 20 connections let a team of 20 do so
  // without waiting for one another (PostgreSQL's default limit is 100).
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 20 }) });
}
