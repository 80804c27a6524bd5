import type { Insertable, Kysely, Selectable } from 'kysely';
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

/**
 * Inserts a batch's records in chunks, building each chunk's rows only when it
 * is written so a 100,000-record import never holds every row at once.
 */
export async function insertRecords(
  db: Kysely<Database>,
  records: readonly BibRecord[],
  reviewId: number,
  batchId: number,
): Promise<void> {
  for (let start = 0; start < records.length; start += INSERT_CHUNK) {
    const rows = records
      .slice(start, start + INSERT_CHUNK)
      .map((record, offset) => toRecordRow(record, reviewId, batchId, start + offset));
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
