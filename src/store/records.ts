import type { Insertable, Kysely, Selectable } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { BibRecord } from '#core/domain/index';
import type { Database, RecordTable } from './schema';

export type RecordRow = Selectable<RecordTable>;

/** Rows per INSERT: 21 columns x 1,500 rows stays under SQLite's 32,766 parameters. */
const INSERT_CHUNK = 1500;

/** Maps a parsed record to its row; `data` keeps the full record minus its raw text. */
export function toRecordRow(
  record: BibRecord,
  reviewId: number,
  batchId: number,
  ordinal: number,
): Insertable<RecordTable> {
  // Title and abstract have their own columns; keeping them out of `data` saves a third of it.
  const { raw, title: _title, abstract: _abstract, ...rest } = record;
  return {
    review_id: reviewId,
    batch_id: batchId,
    ordinal,
    line: record.location.line,
    title: record.title ?? null,
    abstract: record.abstract ?? null,
    authors: record.authors.length > 0 ? record.authors.map((a) => a.raw).join('; ') : null,
    year: record.year ?? null,
    journal: record.journal ?? null,
    volume: record.volume ?? null,
    issue: record.issue ?? null,
    pages: record.pages ?? null,
    doi: record.doi ?? null,
    pmid: record.pmid ?? null,
    source_database: record.sourceDatabase ?? null,
    source_record_id: record.sourceRecordId ?? null,
    label: record.label ?? null,
    data: JSON.stringify(rest),
    raw,
  };
}

/** Rebuilds the full BibRecord from a row. */
export function fromRecordRow(row: RecordRow): BibRecord {
  const record: BibRecord = { ...(JSON.parse(row.data) as Omit<BibRecord, 'raw'>), raw: row.raw };
  if (row.title !== null) record.title = row.title;
  if (row.abstract !== null) record.abstract = row.abstract;
  return record;
}

/** Where a bulk write goes: the native SQLite connection when there is one. */
export interface BulkTarget {
  dialect: 'sqlite' | 'postgres';
  /** The connection Kysely's SQLite dialect runs on (one connection, so inside its transactions). */
  sqlite?: BetterSqlite3.Database;
}

/** The columns an import writes, in the order of `recordValues`. */
const RECORD_COLUMNS = [
  'review_id',
  'batch_id',
  'ordinal',
  'line',
  'title',
  'abstract',
  'authors',
  'year',
  'journal',
  'volume',
  'issue',
  'pages',
  'doi',
  'pmid',
  'source_database',
  'source_record_id',
  'label',
  'data',
  'raw',
] as const satisfies readonly (keyof Insertable<RecordTable>)[];

function recordValues(row: Insertable<RecordTable>): unknown[] {
  return RECORD_COLUMNS.map((column) => row[column] ?? null);
}

/** One prepared statement per SQLite connection, reused by every import. */
const preparedInserts = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

/**
 * Inserts a batch's records, building each row only when it is written so a
 * 100,000-record import never holds every row at once. Called inside the
 * import's transaction. On SQLite with the bulk target, one prepared statement
 * runs per row on the transaction's own connection: Kysely compiles, and SQLite
 * re-parses, every 1,500-row statement, which cost as much as writing the rows.
 * PostgreSQL keeps multi-row inserts (an `unnest` of arrays measured no faster:
 * pg spends the gain building the array literals).
 */
export async function insertRecords(
  db: Kysely<Database>,
  records: readonly BibRecord[],
  reviewId: number,
  batchId: number,
  bulk?: BulkTarget,
): Promise<void> {
  const row = (index: number): Insertable<RecordTable> =>
    toRecordRow(records[index]!, reviewId, batchId, index);
  if (bulk?.sqlite) {
    const database = bulk.sqlite;
    if (!database.inTransaction)
      throw new Error('insertRecords: bulk SQLite writes need the import transaction');
    let statement = preparedInserts.get(database);
    if (!statement) {
      statement = database.prepare(
        `insert into records (${RECORD_COLUMNS.join(', ')}) values (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
      );
      preparedInserts.set(database, statement);
    }
    for (let i = 0; i < records.length; i += 1) statement.run(recordValues(row(i)));
    return;
  }
  for (let start = 0; start < records.length; start += INSERT_CHUNK) {
    const rows: Insertable<RecordTable>[] = [];
    for (let i = start; i < Math.min(records.length, start + INSERT_CHUNK); i += 1)
      rows.push(row(i));
    await db.insertInto('records').values(rows).execute();
  }
}

export interface RecordQuery {
  reviewId: number;
  search?: string;
  batchId?: number;
  ids?: number[];
  afterId?: number;
  limit?: number;
}

/** Lists records in id order; `search` matches title, abstract, authors, DOI or PMID. */
export async function listRecords(db: Kysely<Database>, query: RecordQuery): Promise<RecordRow[]> {
  let q = db.selectFrom('records').selectAll().where('review_id', '=', query.reviewId);
  if (query.batchId !== undefined) q = q.where('batch_id', '=', query.batchId);
  if (query.ids !== undefined) {
    if (query.ids.length === 0) return [];
    q = q.where('id', 'in', query.ids);
  }
  if (query.afterId !== undefined) q = q.where('id', '>', query.afterId);
  if (query.search) {
    const like = `%${query.search.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['title']), 'like', like),
        eb(eb.fn('lower', ['abstract']), 'like', like),
        eb(eb.fn('lower', ['authors']), 'like', like),
        eb('doi', '=', query.search!.toLowerCase()),
        eb('pmid', '=', query.search!),
      ]),
    );
  }
  q = q.orderBy('id');
  if (query.limit !== undefined) q = q.limit(query.limit);
  return q.execute();
}

/** Streams every record of a review in id order, a page at a time. */
export async function* iterateRecords(
  db: Kysely<Database>,
  reviewId: number,
  pageSize = 2000,
): AsyncGenerator<RecordRow> {
  let afterId = 0;
  for (;;) {
    const page = await listRecords(db, { reviewId, afterId, limit: pageSize });
    if (page.length === 0) return;
    yield* page;
    afterId = page[page.length - 1]!.id;
  }
}

/** Number of records of a review. */
export async function countRecords(db: Kysely<Database>, reviewId: number): Promise<number> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('review_id', '=', reviewId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
