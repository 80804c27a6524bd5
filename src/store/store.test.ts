import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createRecord } from '#core/domain/index';
import { DomainError } from '#core/errors';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { batchRow } from '#test/support/batches';
import {
  countRecords,
  fromRecordRow,
  insertBatch,
  insertRecords,
  insertReview,
  iterateRecords,
  listRecords,
  openStore,
} from './index';
import { MIGRATIONS } from './migrations/index';
import type { Store } from './index';

const now = '2026-11-24T12:00:00.000Z';

/** A fresh store holding one empty review. */
async function storeWithReview(url: string): Promise<{ store: Store; reviewId: number }> {
  const store = await openStore({ url });
  const reviewId = await insertReview(store.db, {
    title: 'T',
    type: 'scoping',
    protocol: '{}',
    settings: '{}',
    created_at: now,
    created_by: 'test',
  });
  return { store, reviewId };
}

describe.each(storeTargets)('store on $name', (target) => {
  it('creates the schema once and reopens without re-applying migrations', async () => {
    const url = await target.fresh();
    const first = await openStore({ url });
    await first.close();
    const second = await openStore({ url });
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(second.db);
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(MIGRATIONS[0]!.name).toBe('0001-foundation');
    await second.close();
  });

  it('carries a database from before the Migrator over without running a migration again', async () => {
    const url = await target.fresh();
    const store = await openStore({ url });
    // As the earlier runner left it: its own list of applied names, no Kysely table.
    await sql`create table rb_migrations (name text primary key, applied_at text not null)`.execute(
      store.db,
    );
    for (const migration of MIGRATIONS)
      await sql`insert into rb_migrations (name, applied_at) values (${migration.name}, ${now})`.execute(
        store.db,
      );
    await sql`drop table kysely_migration`.execute(store.db);
    await sql`drop table kysely_migration_lock`.execute(store.db);
    await store.close();
    // Re-running 0001 would fail: its tables exist.
    const reopened = await openStore({ url });
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(reopened.db);
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    await reopened.close();
  });

  it('migrates once when two processes open a fresh database at the same time', async () => {
    const url = await target.fresh();
    // Two processes, as a server and a CLI command would be: Kysely's lock (and on SQLite the
    // write lock the lock row takes) lets one migrate while the other waits.
    const open = () =>
      new Promise<number>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            '-e',
            `const { openStore } = await import('#store/index'); const s = await openStore({ url: ${JSON.stringify(url)} }); await s.close();`,
          ],
          { stdio: 'inherit' },
        );
        child.on('exit', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([open(), open()])).toEqual([0, 0]);
    const store = await openStore({ url });
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(
      store.db,
    );
    expect(applied.rows).toHaveLength(MIGRATIONS.length);
    await store.close();
  });

  it('refuses a database with a migration it does not know', async () => {
    const url = await target.fresh();
    const store = await openStore({ url });
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', ${now})`.execute(
      store.db,
    );
    await store.close();
    const attempt = openStore({ url });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(openStore({ url })).rejects.toMatchObject({ code: 'store/unknown-migration' });
  });

  it('stores records with their raw text and reads them back whole', async () => {
    const { store, reviewId } = await storeWithReview(await target.fresh());
    const batchId = await insertBatch(store.db, {
      review_id: reviewId,
      file_name: 'a.ris',
      sha256: 'x',
      format: 'ris',
      source_database: 'Embase',
      platform: 'Ovid',
      searched_on: null,
      query: null,
      limits: null,
      origin: 'file',
      source_kind: 'database',
      record_count: 3,
      issue_count: 0,
      issues: '[]',
      hit_count: null,
      created_at: now,
      created_by: 'test',
    });
    const records = [
      'Motor cortex after stroke',
      'Arm recovery',
      'Ünïcödé “quotes” and emoji 🧠',
    ].map((title, i) => {
      const record = createRecord(`TY  - JOUR\nTI  - ${title}\nER  -`, {
        line: i * 3 + 1,
        endLine: i * 3 + 3,
      });
      record.title = title;
      record.authors.push({ family: 'Smith', given: 'J', raw: 'Smith, J' });
      record.year = 2020 + i;
      record.doi = `10.5555/x${i}`;
      return record;
    });
    await insertRecords(store.db, records, reviewId, batchId);
    expect(await countRecords(store.db, reviewId)).toBe(3);
    const found = await listRecords(store.db, { reviewId, search: 'CORTEX' });
    expect(found.map((r) => r.title)).toEqual(['Motor cortex after stroke']);
    const all = [];
    for await (const row of iterateRecords(store.db, reviewId, 2)) all.push(fromRecordRow(row));
    expect(all.map((r) => r.title)).toEqual(records.map((r) => r.title));
    expect(all[2]!.raw).toBe(records[2]!.raw);
    expect(all[1]!.authors[0]).toEqual({ family: 'Smith', given: 'J', raw: 'Smith, J' });
    await store.close();
  });

  it('writes the same rows on the bulk path as on the plain one, awkward text included', async () => {
    const { store, reviewId } = await storeWithReview(await target.fresh());
    const batch = (sha256: string): Promise<number> =>
      insertBatch(store.db, batchRow(reviewId, sha256, { created_at: now }));
    // Characters PostgreSQL array literals and SQL strings treat specially, and empty/NULL-like text.
    const titles = [
      'a "quoted", {braced} title',
      'back\\slash \\" mix',
      "it's",
      '',
      'NULL',
      '🧠 ümlaut',
    ];
    const records = titles.map((title, i) => {
      const record = createRecord(`TY  - JOUR\nTI  - ${title}\nER  -`, {
        line: i + 1,
        endLine: i + 1,
      });
      if (title !== '') record.title = title;
      if (i % 2 === 0) record.year = 1990 + i;
      record.abstract = i === 3 ? undefined : `{${title}}, "${i}"`;
      return record;
    });
    const plain = await batch('plain');
    const bulk = await batch('bulk');
    await insertRecords(store.db, records, reviewId, plain);
    await store.db.transaction().execute(async (trx) => {
      await insertRecords(trx, records, reviewId, bulk, store.bulk);
    });
    const rows = await listRecords(store.db, { reviewId });
    const strip = ({ id: _id, batch_id: _batch, ...row }: (typeof rows)[number]) => row;
    const plainRows = rows.filter((r) => r.batch_id === plain).map(strip);
    const bulkRows = rows.filter((r) => r.batch_id === bulk).map(strip);
    expect(bulkRows).toHaveLength(titles.length);
    expect(bulkRows).toEqual(plainRows);
    expect(bulkRows.map((r) => r.title)).toEqual(titles.map((t) => (t === '' ? null : t)));
    expect(bulkRows[3]!.abstract).toBeNull();
    await store.close();
  });
});

describe.each(storeTargets.filter((t) => t.name === 'postgres'))('$name connections', (target) => {
  it('answer a query of several statements with the rows of its last that returns rows', async () => {
    const store = await openStore({ url: await target.fresh() });
    try {
      const { db } = store;
      // Sent without parameters, as one simple query: one round trip.
      const read = await sql.raw<{ b: number }>('select 1 as a; select 2 as b').execute(db);
      expect(read.rows).toEqual([{ b: 2 }]);
      // A write and its commit in one: the rows are the write's, the transaction is committed.
      await db.connection().execute(async (connection) => {
        await sql`begin`.execute(connection);
        await sql`create table t (n integer)`.execute(connection);
        const written = await sql
          .raw<{ n: number }>('insert into t values (7), (8) returning n; commit')
          .execute(connection);
        expect(written.rows).toEqual([{ n: 7 }, { n: 8 }]);
      });
      expect((await sql<{ n: number }>`select n from t order by n`.execute(db)).rows).toEqual([
        { n: 7 },
        { n: 8 },
      ]);
      // Statements without rows: the last one's answer, as Kysely gives it for a commit alone.
      expect((await sql.raw('begin; commit').execute(db)).rows).toEqual([{ command: 'COMMIT' }]);
      // One query of one statement is answered as before.
      expect((await sql<{ n: number }>`select ${3}::int as n`.execute(db)).rows).toEqual([
        { n: 3 },
      ]);
    } finally {
      await store.close();
    }
  });
});

declareSkipped('store on postgres', postgresSkipReason);
