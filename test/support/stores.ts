import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A store the suite runs against: SQLite always, PostgreSQL when DATABASE_URL is set. */
export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** Creates a brand-new empty database and returns its url. */
  fresh(): Promise<string>;
}

const postgresUrl = process.env.DATABASE_URL;

/** Why the PostgreSQL half of a suite is skipped, or undefined when it runs. */
export const postgresSkipReason = postgresUrl?.startsWith('postgres')
  ? undefined
  : 'PostgreSQL suites skipped: DATABASE_URL is not set (.ci/run starts a server and sets it)';

let counter = 0;

export const sqliteTarget: StoreTarget = {
  name: 'sqlite',
  fresh: async () => join(mkdtempSync(join(tmpdir(), 'rb-test-')), 'review.db'),
};

export const postgresTarget: StoreTarget = {
  name: 'postgres',
  async fresh() {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    const name = `rb_test_${process.pid}_${Date.now()}_${(counter += 1)}`;
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(postgresUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  },
};

/** The targets a store suite is parametrised over. */
export const storeTargets: StoreTarget[] = postgresSkipReason
  ? [sqliteTarget]
  : [sqliteTarget, postgresTarget];

if (postgresSkipReason && process.env.VITEST_WORKER_ID === '1') console.warn(postgresSkipReason);
