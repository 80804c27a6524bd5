import pg from 'pg';
import { PostgresDialect } from 'kysely';

/** PostgreSQL for teams: the same Kysely code, a pooled connection. */
export function createPostgresDialect(url: string): PostgresDialect {
  // COUNT(*) and other int8 results arrive as strings by default; our counts fit in a double.
  pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));
  return new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) });
}
