import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { listEvents } from '#store/index';
import type { Store } from '#store/index';
import { gzipSync } from 'node:zlib';
import { openWorkbench } from '#engine/index';
import { parsingRunsInWorker } from '#engine/jobs/run-job';
import { planPieces } from '#engine/jobs/parse-pieces';
import { readXlsxRecords } from './xlsx';

/** Makes the records table refuse the row with this ordinal, as a failing disk would. */
async function failInsertAt(store: Store, ordinal: number): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`create trigger fail_midway before insert on records when new.ordinal = ${sql.lit(ordinal)} begin select raise(abort, 'disk on fire'); end`.execute(
      store.db,
    );
    return;
  }
  await sql`create function fail_midway() returns trigger language plpgsql as $$ begin if new.ordinal = ${sql.lit(ordinal)} then raise exception 'disk on fire'; end if; return new; end $$`.execute(
    store.db,
  );
  await sql`create trigger fail_midway before insert on records for each row execute function fail_midway()`.execute(
    store.db,
  );
}

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

  it('refuses a gzip that unpacks past the limit, and a spreadsheet with too many rows, keeping nothing', async () => {
    const workbench = await open();
    const review = await workbench.createReview({ title: 'R' });
    const api = workbench.review(review.id);
    const before = process.env.REVIEWBENCH_MAX_DECOMPRESSED_MB;
    process.env.REVIEWBENCH_MAX_DECOMPRESSED_MB = '1';
    try {
      // 40 KB of gzip that unpacks to 4 MiB.
      const bomb = gzipSync(new Uint8Array(4 * 1024 * 1024).fill(0x41));
      const result = await api.identify.import({ fileName: 'bomb.ris.gz', bytes: bomb });
      expect(result.status).toBe('failed');
      expect(result.issues[0]).toMatchObject({
        code: 'import/too-large',
        severity: 'error',
        message: expect.stringMatching(/more than 1 MiB/),
      });
    } finally {
      if (before === undefined) delete process.env.REVIEWBENCH_MAX_DECOMPRESSED_MB;
      else process.env.REVIEWBENCH_MAX_DECOMPRESSED_MB = before;
    }
    const { default: Excel } = await import('exceljs');
    const book = new Excel.Workbook();
    const sheet = book.addWorksheet('Records');
    sheet.addRow(['Title', 'Year']);
    for (let i = 0; i < 30; i += 1) sheet.addRow([`Record ${i}`, 2020]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect((await readXlsxRecords(bytes, 31)).records).toHaveLength(30);
    expect((await readXlsxRecords(bytes, 30)).issues).toEqual([
      expect.objectContaining({ code: 'xlsx/too-many-rows', severity: 'error' }),
    ]);
    expect((await api.status()).batches).toEqual([]);
    await workbench.close();
  });

  it('leaves no half state when the database fails in the middle of an import', async () => {
    const workbench = await open();
    const review = await workbench.createReview({ title: 'R' });
    const api = workbench.review(review.id);
    const { db } = workbench.store;
    await failInsertAt(workbench.store, 700);
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

/** A RIS export with what real ones have: non-ASCII text, Ovid's extra lines, a missing ER. */
function variedRis(count: number, lineBreak = '\n'): string {
  const parts: string[] = ['1.'];
  for (let i = 0; i < count; i += 1) {
    parts.push(
      'TY  - JOUR',
      `TI  - Record ${i}: contralesional M1, “rTMS” – é ${i % 7 === 0 ? '😀' : ''}`,
      `AU  - Müller, Jürgen`,
      `AU  - Smith, J${i}`,
      `PY  - ${2000 + (i % 20)}`,
      `AB  - Abstract ${i} runs on`,
      '  over a continuation line',
      `KW  - stroke; motor cortex`,
      `DO  - 10.5555/varied.${i}`,
      i % 50 === 13 ? '' : 'ER  - ',
      ...(i % 10 === 0 ? ['Link to the Ovid Full Text:', `http://ovid.example/${i}`] : []),
      '',
    );
  }
  return parts.join(lineBreak);
}

describe.each(storeTargets)('import read by worker threads on $name', (target) => {
  it('runs with the worker bundle the test setup builds', () => {
    expect(parsingRunsInWorker(), 'dist/job-worker.mjs is built by the test setup').toBe(true);
  });

  /** Imports `bytes` into a fresh review twice, in this thread and on workers in small pieces. */
  async function bothWays(fileName: string, bytes: Uint8Array) {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'tester' });
    const rows = async (parseInWorker: boolean) => {
      const review = await workbench.createReview({ title: parseInWorker ? 'workers' : 'here' });
      const result = await workbench.review(review.id).identify.import({
        fileName,
        bytes,
        parseInWorker,
        pieceBytes: 1500,
      });
      const records = await workbench.store.db
        .selectFrom('records')
        .selectAll()
        .where('review_id', '=', review.id)
        .orderBy('id')
        .execute();
      const { batchId: _batch, ...rest } = result;
      return {
        result: rest,
        records: records.map(({ id: _id, review_id: _review, batch_id: _b, ...row }) => row),
      };
    };
    const here = await rows(false);
    const workers = await rows(true);
    await workbench.close();
    return { here, workers };
  }

  it.each([
    ['UTF-8, LF', new TextEncoder().encode(variedRis(120))],
    ['UTF-8, CRLF', new TextEncoder().encode(variedRis(120, '\r\n'))],
    ['UTF-8 with a byte-order mark', new TextEncoder().encode(`\uFEFF${variedRis(60)}`)],
    [
      'Windows-1252 (raw texts are sent, not taken from the file)',
      // (No emoji: its UTF-16 units would become NUL bytes, which PostgreSQL text refuses.)
      Buffer.from(variedRis(60).replace(/😀/gu, ''), 'latin1'),
    ],
    ['gzip (read whole on one worker)', gzipSync(new TextEncoder().encode(variedRis(60)))],
  ])('stores what a read in this thread stores: %s', async (_name, bytes) => {
    const input = { bytes, fileName: 'export.ris' };
    const planned = planPieces(input, 1500);
    if (bytes[0] !== 0x1f) expect(planned?.plan.starts.length).toBeGreaterThan(5);
    const { here, workers } = await bothWays('export.ris', bytes);
    expect(here.result.status).toBe('imported');
    expect(here.records.length).toBeGreaterThan(50);
    expect(workers).toEqual(here);
  });

  it('keeps NUL bytes of a damaged export as U+FFFD and says where, in either thread', async () => {
    const text = variedRis(150)
      .replace('Record 3:', 'Record\u00003:')
      .replace('Record 140:', 'Rec\u0000ord 140:');
    const bytes = new TextEncoder().encode(text);
    const { here, workers } = await bothWays('damaged.ris', bytes);
    expect(here.result).toMatchObject({ status: 'imported', added: 150 });
    expect(here.result.issues).toContainEqual(
      expect.objectContaining({ code: 'encoding/nul', severity: 'warning', line: 38 }),
    );
    expect(here.records[3]!.title).toBe('Record\uFFFD3: contralesional M1, “rTMS” – é');
    expect(here.records[3]!.raw).toContain('Record\uFFFD3:');
    expect(workers).toEqual(here);
  });

  it('reads formats that cannot be cut whole on one worker, with the same result', async () => {
    const medline = Array.from(
      { length: 40 },
      (_, i) => `PMID- ${90000000 + i}\nTI  - Title ${i} é\nAB  - Abstract ${i}\nFAU - Doe, Jane\n`,
    ).join('\n');
    const bytes = new TextEncoder().encode(medline);
    expect(planPieces({ bytes, fileName: 'pubmed.txt' }, 1500)).toBeUndefined();
    const { here, workers } = await bothWays('pubmed.txt', bytes);
    expect(here.result).toMatchObject({ status: 'imported', format: 'medline', added: 40 });
    expect(workers).toEqual(here);
  });

  it('stops the workers and leaves nothing when the write fails midway', async () => {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'tester' });
    const review = await workbench.createReview({ title: 'R' });
    const api = workbench.review(review.id);
    const { db, dialect } = workbench.store;
    await failInsertAt(workbench.store, 150);
    const bytes = new TextEncoder().encode(variedRis(400));
    await expect(
      api.identify.import({ fileName: 'big.ris', bytes, parseInWorker: true, pieceBytes: 1500 }),
    ).rejects.toThrow(/disk on fire/);
    const status = await api.status();
    expect(status.records).toBe(0);
    expect(status.batches).toEqual([]);
    // The same file imports once the fault is gone: nothing of the failed try was kept.
    await sql`drop trigger fail_midway${sql.raw(dialect === 'sqlite' ? '' : ' on records')}`.execute(
      db,
    );
    const again = await api.identify.import({ fileName: 'big.ris', bytes, parseInWorker: true });
    expect(again).toMatchObject({ status: 'imported', added: 400 });
    await workbench.close();
  });

  it('rolls the whole batch back when the workers find an error late in the file', async () => {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'tester' });
    const review = await workbench.createReview({ title: 'R' });
    const api = workbench.review(review.id);
    // 3,000 good BibTeX entries, then one the reader rejects: the worker has posted most rows
    // (and the writer written them) before the error turns up.
    const entries = Array.from(
      { length: 3000 },
      (_, i) => `@article{key${i},\n  title = {Entry ${i}},\n  year = {2020}\n}\n`,
    );
    const failing = await api.identify.import({
      fileName: 'late-error.bib',
      bytes: new TextEncoder().encode(
        `${entries.join('\n')}\n@article{broken,\n  title = {Never closed\n`,
      ),
      parseInWorker: true,
    });
    expect(failing.issues.at(-1)).toMatchObject({ severity: 'error', line: 15001 });
    expect(failing.status).toBe('failed');
    const status = await api.status();
    expect(status.records).toBe(0);
    expect(status.batches).toEqual([]);
    expect((await listEvents(workbench.store.db, review.id)).map((e) => e.type)).toEqual([
      'review.created',
    ]);
    await workbench.close();
  });
});

declareSkipped('import on postgres', postgresSkipReason);
declareSkipped('import read by worker threads on postgres', postgresSkipReason);
