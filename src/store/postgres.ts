import pg from 'pg';
import { PostgresDialect } from 'kysely';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** PostgreSQL for teams: the same Kysely code, a pooled connection. */
export function createPostgresDialect(url: string): PostgresDialect {
  // COUNT(*) and other int8 results arrive as strings by default; our counts fit in a double.
  pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));
  // A screening request reads up to four things at once; 20 connections let a team of 20 do so
  // without waiting for one another (PostgreSQL's default limit is 100).
  // Idle connections are kept a minute (not 10 s): a server between bursts of work keeps them.
  const pool = new pg.Pool({ connectionString: url, max: 20, idleTimeoutMillis: 60_000 });
  return new PostgresDialect({ pool: answeringLastRows(pool) });
}

/**
 * The pool, with one change to what a query answers: a query text holding several
 * statements (sent without parameters, as one simple query and so one round trip)
 * answers with the rows of its last statement that returns rows, where pg answers
 * with a list of results that Kysely cannot read. `begin; select ...` then opens a
 * transaction and reads in one round trip, and `insert ... returning id; commit`
 * writes and commits in one.
 */
function answeringLastRows(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      function query<R>(
        sql: string,
        parameters: readonly unknown[],
      ): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        sqlOrCursor: string | PostgresCursor<R>,
        parameters?: readonly unknown[],
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        if (typeof sqlOrCursor !== 'string')
          return client.query(
            sqlOrCursor as unknown as pg.Submittable,
          ) as unknown as PostgresCursor<R>;
        return client
          .query(sqlOrCursor, parameters as unknown[])
          .then((result: pg.QueryResult | pg.QueryResult[]) =>
            Array.isArray(result) ? lastWithRows(result) : result,
          ) as unknown as Promise<PostgresQueryResult<R>>;
      }
      return { query, release: (destroy?: boolean) => client.release(destroy) };
    },
    end: () => pool.end(),
  };
}

/** The last result that describes rows (a `select`, a `returning`); else the last one. */
function lastWithRows(results: pg.QueryResult[]): pg.QueryResult {
  for (let i = results.length - 1; i >= 0; i -= 1)
    if (results[i]!.fields.length > 0) return results[i]!;
  return results.at(-1)!;
}
