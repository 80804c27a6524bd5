import type { Insertable, Kysely, Selectable } from 'kysely';
import type { BibRecord } from '#core/domain/index';
import type { Database, RecordTable } from './schema';

export type RecordRow = Selectable<RecordTable>;

/** Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 500;

/** Maps a parsed record to its row; `data` keeps the full record minus its raw text. */
export function toRecordRow(
  record: BibRecord,
  reviewId: number,
  batchId: number,
  ordinal: number,
): Insertable<RecordTable> {
  const { raw, ...rest } = record;
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
  return { ...(JSON.parse(row.data) as Omit<BibRecord, 'raw'>), raw: row.raw };
}

/** Inserts rows in chunks; returns nothing (ids are read back by batch and ordinal). */
export async function insertRecords(
  db: Kysely<Database>,
  rows: Insertable<RecordTable>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await db
      .insertInto('records')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .execute();
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
