import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DomainError } from '#core/errors';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { insertBatch, listEvents } from '#store/index';
import type { Store } from '#store/index';
import { openWorkbench } from '#engine/index';
import { batchRow } from '#test/support/batches';

/** A RIS file of `count` records, one DOI each. */
function risFile(count: number, prefix = 'Staged'): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1)
    parts.push(
      `TY  - JOUR\nTI  - ${prefix} ${i} on the contralesional cortex\nAU  - Doe, Jo\nPY  - 2021\nDO  - 10.5555/${prefix.toLowerCase()}.${i}\nER  - \n`,
    );
  return new TextEncoder().encode(parts.join('\n'));
}

/** What is really in the tables, past every filter a read applies. */
async function stored(store: Store): Promise<{ records: number; batches: number }> {
  const count = async (table: 'records' | 'batches') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { records: await count('records'), batches: await count('batches') };
}

const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

describe.each(storeTargets)('an import written in short transactions on $name', (target) => {
  const open = async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead@example.org',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const review = await workbench.createReview({ title: 'Staging' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead@example.org', 'lead');
    return { workbench, review, api };
  };

  it('answers other reads while it writes, and they see the batch all at once or not at all', async () => {
    const { workbench, api } = await open();
    await api.identify.import({ fileName: 'first.ris', bytes: risFile(5, 'First') });
    // 9,000 records: five chunks of 2,000, each in its own transaction.
    const importing = api.identify.import({ fileName: 'big.ris', bytes: risFile(9000) });
    let done = false;
    void importing.finally(() => (done = true));
    const seen = new Set<number>();
    let halfWritten = 0;
    while (!done) {
      const raw = await stored(workbench.store);
      if (raw.records > 5 && raw.records < 9005) halfWritten += 1;
      const [status, list, prisma, next] = await Promise.all([
        api.status(),
        api.browse.list({ name: 'lead@example.org', seeOthers: true }),
        api.report.prismaCounts(),
        api.screen.next('lead@example.org', 'ti-ab'),
      ]);
      // On PostgreSQL the reads run on several connections, so the last commit may fall
      // between two of them: each read alone sees 5 records or 9,005, never a number between.
      for (const n of [
        status.records,
        list.total,
        prisma.counts.database_results,
        next.progress.eligible,
      ])
        seen.add(n ?? -1);
      seen.add(status.batches.length === 1 ? 5 : status.batches.length === 2 ? 9005 : -1);
      await yieldTurn();
    }
    const result = await importing;
    expect(result).toMatchObject({ status: 'imported', added: 9000 });
    // Reads ran while the rows were half written, and none of them saw a part of the batch.
    expect(halfWritten).toBeGreaterThan(0);
    expect([...seen].filter((n) => n !== 5 && n !== 9005)).toEqual([]);
    expect(seen.has(5)).toBe(true);
    const status = await api.status();
    expect(status.records).toBe(9005);
    expect((await api.screen.next('lead@example.org', 'ti-ab')).progress.eligible).toBe(9005);
    expect((await api.report.prismaCounts()).counts.database_results).toBe(9005);
    await workbench.close();
  });

  it('drops every staged row when the parse ends with an error late in the file', async () => {
    const { workbench, review, api } = await open();
    // 5,000 good BibTeX entries (three chunks written), then one the reader rejects.
    const entries = Array.from(
      { length: 5000 },
      (_, i) => `@article{key${i},\n  title = {Entry ${i}},\n  year = {2020}\n}\n`,
    );
    const result = await api.identify.import({
      fileName: 'late-error.bib',
      bytes: new TextEncoder().encode(
        `${entries.join('\n')}\n@article{broken,\n  title = {Never closed\n`,
      ),
    });
    expect(result.status).toBe('failed');
    expect(await stored(workbench.store)).toEqual({ records: 0, batches: 0 });
    expect((await listEvents(workbench.store.db, review.id)).map((e) => e.type)).toEqual([
      'review.created',
      'team.member-added',
    ]);
    await workbench.close();
  });

  it('keeps one batch when the same file is imported twice at once', async () => {
    const { workbench, api } = await open();
    const bytes = risFile(4500);
    const results = await Promise.all([
      api.identify.import({ fileName: 'a.ris', bytes }),
      api.identify.import({ fileName: 'a-again.ris', bytes }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['already-imported', 'imported']);
    expect(await stored(workbench.store)).toEqual({ records: 4500, batches: 1 });
    await workbench.close();
  });

  it('removes what an import that died half-way left, once it is old, and never a running one', async () => {
    const { workbench, review, api } = await open();
    const { db } = workbench.store;
    const leftOver = async (createdAt: string): Promise<number> => {
      const id = await insertBatch(
        db,
        batchRow(review.id, createdAt, {
          file_name: `died-${createdAt}.ris`,
          state: 'staging',
          created_at: createdAt,
        }),
      );
      await sql`insert into records (review_id, batch_id, ordinal, line, title, data, raw) values (${review.id}, ${id}, 0, 1, 'Half', '{}', '')`.execute(
        db,
      );
      return id;
    };
    // The clock says 2026-12-04T10:00Z: one import died yesterday, one started a minute ago.
    await leftOver('2026-12-03T09:00:00.000Z');
    const running = await leftOver('2026-12-04T09:59:00.000Z');
    expect((await api.status()).records).toBe(0);
    await expect(api.identify.retract(running, 'wrong file')).rejects.toThrow(DomainError);
    await expect(api.report.closeVersion()).rejects.toThrow(/still being imported/);
    await api.identify.import({ fileName: 'next.ris', bytes: risFile(3, 'Next') });
    const batches = await db.selectFrom('batches').select(['id', 'state']).orderBy('id').execute();
    expect(batches.map((b) => [b.id === running, b.state])).toEqual([
      [true, 'staging'],
      [false, 'complete'],
    ]);
    expect((await api.status()).records).toBe(3);
    await workbench.close();
  });
});

declareSkipped('an import written in short transactions on postgres', postgresSkipReason);
