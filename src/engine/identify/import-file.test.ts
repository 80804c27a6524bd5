import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { listEvents } from '#store/index';
import { openWorkbench } from '#engine/index';

function risFile(count: number, prefix = 'Record'): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    parts.push(
      `TY  - JOUR\r\nTI  - ${prefix} ${i} on motor cortex\r\nAU  - Smith, Jane\r\nPY  - 2019///\r\nDO  - 10.5555/${prefix.toLowerCase()}.${i}\r\nER  - \r\n`,
    );
  }
  return new TextEncoder().encode(parts.join('\r\n'));
}

describe.each(storeTargets)('import on $name', (target) => {
  const open = async () =>
    openWorkbench({
      url: await target.fresh(),
      actor: 'tester',
      clock: fixedClock('2026-11-24T10:00:00Z'),
    });

  it('imports a file as one batch with counts, provenance and an event', async () => {
    const workbench = await open();
    const review = await workbench.createReview({ title: 'Stroke review' });
    const api = workbench.review(review.id);
    const result = await api.identify.import({
      fileName: 'embase.ris',
      bytes: risFile(3),
      source: 'Embase',
      platform: 'Ovid',
      searchedOn: '2026-10-01',
      query: 'stroke AND cortex',
    });
    expect(result).toMatchObject({
      status: 'imported',
      added: 3,
      format: 'ris',
      sourceDatabase: 'Embase',
    });
    const status = await api.status();
    expect(status.records).toBe(3);
    expect(status.batches[0]).toMatchObject({
      fileName: 'embase.ris',
      platform: 'Ovid',
      searchedOn: '2026-10-01',
      records: 3,
    });
    const records = await api.records();
    expect(records[0]).toMatchObject({
      title: 'Record 0 on motor cortex',
      year: 2019,
      doi: '10.5555/record.0',
    });
    const events = await listEvents(workbench.store.db, review.id);
    expect(events.map((e) => [e.type, e.actor, e.created_at])).toEqual([
      ['review.created', 'tester', '2026-11-24T10:00:00.000Z'],
      ['identify.imported', 'tester', '2026-11-24T10:00:00.000Z'],
    ]);
    await workbench.close();
  });

  it('is idempotent: the same file again adds nothing and says so', async () => {
    const workbench = await open();
    const review = await workbench.createReview({ title: 'R' });
    const api = workbench.review(review.id);
    const bytes = risFile(5);
    await api.identify.import({ fileName: 'a.ris', bytes });
    const again = await api.identify.import({ fileName: 'renamed.ris', bytes });
    expect(again).toMatchObject({ status: 'already-imported', added: 0 });
    expect((await api.status()).records).toBe(5);
    await workbench.close();
  });

  it('imports nothing from a file with errors and reports them with lines', async () => {
    const workbench = await open();
    const review = await workbench.createReview({ title: 'R' });
    const api = workbench.review(review.id);
    const result = await api.identify.import({
      fileName: 'empty.ris',
      bytes: new TextEncoder().encode('this is not a bibliography\n'),
    });
    expect(result.status).toBe('failed');
    expect(result.issues.some((issue) => issue.severity === 'error')).toBe(true);
    expect((await api.status()).batches).toEqual([]);
    await workbench.close();
  });

  it('leaves no half state when the database fails in the middle of an import', async () => {
    const workbench = await open();
    const review = await workbench.createReview({ title: 'R' });
    const api = workbench.review(review.id);
    const { db, dialect } = workbench.store;
    if (dialect === 'sqlite') {
      await sql`create trigger fail_midway before insert on records when new.ordinal = 700 begin select raise(abort, 'disk on fire'); end`.execute(
        db,
      );
    } else {
      await sql`create function fail_midway() returns trigger language plpgsql as $$ begin if new.ordinal = 700 then raise exception 'disk on fire'; end if; return new; end $$`.execute(
        db,
      );
      await sql`create trigger fail_midway before insert on records for each row execute function fail_midway()`.execute(
        db,
      );
    }
    await expect(
      api.identify.import({ fileName: 'big.ris', bytes: risFile(1000) }),
    ).rejects.toThrow(/disk on fire/);
    const status = await api.status();
    expect(status.records).toBe(0);
    expect(status.batches).toEqual([]);
    expect((await listEvents(db, review.id)).map((e) => e.type)).toEqual(['review.created']);
    await workbench.close();
  });
});

declareSkipped('import on postgres', postgresSkipReason);
