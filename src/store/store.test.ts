import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createRecord } from '#core/domain/index';
import { DomainError } from '#core/errors';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
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

const now = '2026-11-24T12:00:00.000Z';

describe.each(storeTargets)('store on $name', (target) => {
  it('creates the schema once and reopens without re-applying migrations', async () => {
    const url = await target.fresh();
    const first = await openStore({ url });
    await first.close();
    const second = await openStore({ url });
    const applied = await sql<{ name: string }>`select name from rb_migrations`.execute(second.db);
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(MIGRATIONS[0]!.name).toBe('0001-foundation');
    await second.close();
  });

  it('refuses a database with a migration it does not know', async () => {
    const url = await target.fresh();
    const store = await openStore({ url });
    await sql`insert into rb_migrations (name, applied_at) values ('9999-from-the-future', ${now})`.execute(
      store.db,
    );
    await store.close();
    const attempt = openStore({ url });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(openStore({ url })).rejects.toMatchObject({ code: 'store/unknown-migration' });
  });

  it('stores records with their raw text and reads them back whole', async () => {
    const store = await openStore({ url: await target.fresh() });
    const reviewId = await insertReview(store.db, {
      title: 'T',
      type: 'scoping',
      protocol: '{}',
      settings: '{}',
      created_at: now,
      created_by: 'test',
    });
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
});

declareSkipped('store on postgres', postgresSkipReason);
