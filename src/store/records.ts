import { sql } from 'kysely';
import type { Insertable, Kysely, RawBuilder, Selectable, SqlBool } from 'kysely';
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

/** Record columns that travel as plain values in a `RecordRowChunk`, in this order (ordinal first). */
const VALUE_COLUMNS = [
  'ordinal',
  'line',
  'title',
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
] as const satisfies readonly (keyof Insertable<RecordTable>)[];

/**
 * The large text columns, which travel as UTF-8 bytes: a worker thread can hand them over
 * without copying, and SQLite stores the bytes as text without ever making JS strings of them.
 */
const BYTE_COLUMNS = [
  'abstract',
  'data',
  'raw',
] as const satisfies readonly (keyof Insertable<RecordTable>)[];

/**
 * Rows of one batch, ready to write and cheap to move between threads: the small columns as
 * values, the large ones as one UTF-8 buffer (transferable) with an end offset per cell.
 */
export interface RecordRowChunk {
  count: number;
  /** `VALUE_COLUMNS` of each row, row after row. */
  values: (string | number | null)[];
  /** `BYTE_COLUMNS` of each row, row after row, as UTF-8. */
  bytes: Uint8Array;
  /**
   * Where each `BYTE_COLUMNS` cell ends in `bytes`; -1 for null and -2 for a raw text left in
   * the source file (either takes no bytes).
   */
  ends: Int32Array;
  /** With raw texts left in the source: each row's last line (its first is the `line` column). */
  endLines?: Int32Array;
}

/**
 * The export a chunk's raw texts were left in: its bytes (UTF-8, exactly what was decoded) and
 * the offset of every line feed. A record's raw text is its lines `line`..`endLine`, from the
 * first line's start to the last one's end, without its line break.
 */
export interface RawSource {
  bytes: Uint8Array;
  /** Offset of the first line's start (after a byte-order mark). */
  start: number;
  lineFeeds: Uint32Array;
}

/** The byte range of lines `line`..`endLine` (1-based) of `source`, without the last break. */
export function lineSpan(source: RawSource, line: number, endLine: number): [number, number] {
  const { bytes, lineFeeds } = source;
  const start = line === 1 ? source.start : lineFeeds[line - 2]! + 1;
  let end = endLine - 1 < lineFeeds.length ? lineFeeds[endLine - 1]! : bytes.length;
  if (end > start && bytes[end - 1] === 13) end -= 1;
  return [start, end];
}

/** Marks a raw text left in the source file (see `RawSource`). */
const RAW_IN_SOURCE = -2;

/** Renumbers a chunk's rows from `first`: pieces read in parallel number their rows from 0. */
export function offsetChunkOrdinals(chunk: RecordRowChunk, first: number): void {
  const width = VALUE_COLUMNS.length;
  // `ordinal` is the first value column.
  for (let at = 0; at < chunk.count * width; at += width) {
    chunk.values[at] = (chunk.values[at] as number) + first;
  }
}

/** Builds `RecordRowChunk`s from parsed records: `add` them, then `take` the chunk. */
export class RecordChunkBuilder {
  private values: (string | number | null)[] = [];
  private ends: number[] = [];
  private endLines: number[] = [];
  private capacity = 1 << 16;
  private bytes = new Uint8Array(this.capacity);
  private used = 0;
  private count = 0;
  private readonly encoder = new TextEncoder();

  /**
   * `rawInSource`: leave each record's raw text in the export it came from, which the writer
   * has (see `RawSource`); only for readers whose raw text is exactly the record's lines.
   */
  constructor(private readonly rawInSource = false) {}

  /** Records added since the last `take`. */
  get size(): number {
    return this.count;
  }

  add(record: BibRecord, ordinal: number): void {
    const row = toRecordRow(record, 0, 0, ordinal);
    for (const column of VALUE_COLUMNS) this.values.push(row[column] ?? null);
    for (const column of BYTE_COLUMNS) {
      const text = row[column];
      if (column === 'raw' && this.rawInSource) {
        this.ends.push(RAW_IN_SOURCE);
        this.endLines.push(record.location.endLine ?? record.location.line);
        continue;
      }
      if (text === null || text === undefined) {
        this.ends.push(-1);
        continue;
      }
      // UTF-8 takes at most 3 bytes per UTF-16 unit, so the text always fits once reserved.
      this.reserve(text.length * 3);
      this.used += this.encoder.encodeInto(text, this.bytes.subarray(this.used)).written;
      this.ends.push(this.used);
    }
    this.count += 1;
  }

  /** The rows added so far as one chunk; the builder starts afresh. */
  take(): RecordRowChunk {
    const chunk: RecordRowChunk = {
      count: this.count,
      values: this.values,
      bytes: this.bytes.subarray(0, this.used),
      ends: Int32Array.from(this.ends),
      ...(this.rawInSource ? { endLines: Int32Array.from(this.endLines) } : {}),
    };
    this.values = [];
    this.ends = [];
    this.endLines = [];
    // The next chunk starts as large as the largest so far needed, so it rarely grows.
    this.capacity = Math.max(this.capacity, this.used + (this.used >> 3));
    this.bytes = new Uint8Array(this.capacity);
    this.used = 0;
    this.count = 0;
    return chunk;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + extra));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }
}

/** Splits records into chunks of `size` rows, numbering them from `firstOrdinal`. */
export function* recordChunks(
  records: readonly BibRecord[],
  size = 2000,
  firstOrdinal = 0,
): Generator<RecordRowChunk> {
  const builder = new RecordChunkBuilder();
  for (let i = 0; i < records.length; i += 1) {
    builder.add(records[i]!, firstOrdinal + i);
    if (builder.size === size) yield builder.take();
  }
  if (builder.size > 0) yield builder.take();
}

/** One prepared statement per SQLite connection, reused by every import. */
const preparedInserts = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

function sqliteInsert(database: BetterSqlite3.Database): BetterSqlite3.Statement {
  let statement = preparedInserts.get(database);
  if (!statement) {
    // A blob cast to text is the same bytes read as UTF-8 (the database encoding): no conversion.
    const columns = ['review_id', 'batch_id', ...VALUE_COLUMNS, ...BYTE_COLUMNS];
    const params = [
      '?',
      '?',
      ...VALUE_COLUMNS.map(() => '?'),
      ...BYTE_COLUMNS.map(() => 'cast(? as text)'),
    ];
    statement = database.prepare(
      `insert into records (${columns.join(', ')}) values (${params.join(', ')})`,
    );
    preparedInserts.set(database, statement);
  }
  return statement;
}

/**
 * Writes a chunk of a batch's records; called inside the import's transaction. On SQLite with
 * the bulk target, one prepared statement runs per row on the transaction's own connection,
 * binding the large columns as byte views of the chunk: Kysely compiles, and SQLite re-parses,
 * every multi-row statement, which cost as much as writing the rows. PostgreSQL gets multi-row
 * inserts of decoded rows (an `unnest` of arrays measured no faster: pg spends the gain
 * building the array literals).
 */
export async function insertRecordChunk(
  db: Kysely<Database>,
  chunk: RecordRowChunk,
  reviewId: number,
  batchId: number,
  bulk?: BulkTarget,
  source?: RawSource,
): Promise<void> {
  const width = VALUE_COLUMNS.length;
  const cells = BYTE_COLUMNS.length;
  /** A cell's bytes: a view of the chunk's buffer or, for a raw text left there, of the source. */
  let at = 0;
  const cell = (row: number, c: number): Uint8Array | null => {
    const end = chunk.ends[row * cells + c]!;
    if (end === -1) return null;
    if (end === RAW_IN_SOURCE) {
      if (!source || !chunk.endLines)
        throw new Error('insertRecordChunk: raw texts were left in a source that was not given');
      const [from, to] = lineSpan(
        source,
        chunk.values[row * width + 1] as number,
        chunk.endLines[row]!,
      );
      return view(source.bytes, from, to);
    }
    const bytes = view(chunk.bytes, at, end);
    at = end;
    return bytes;
  };
  if (bulk?.sqlite) {
    const database = bulk.sqlite;
    if (!database.inTransaction)
      throw new Error('insertRecordChunk: bulk SQLite writes need the import transaction');
    const statement = sqliteInsert(database);
    const params: unknown[] = new Array(2 + width + cells);
    params[0] = reviewId;
    params[1] = batchId;
    for (let row = 0; row < chunk.count; row += 1) {
      for (let c = 0; c < width; c += 1) params[2 + c] = chunk.values[row * width + c];
      for (let c = 0; c < cells; c += 1) params[2 + width + c] = cell(row, c);
      statement.run(params);
    }
    return;
  }
  const decoder = new TextDecoder();
  let rows: Insertable<RecordTable>[] = [];
  for (let row = 0; row < chunk.count; row += 1) {
    const values: Record<string, unknown> = { review_id: reviewId, batch_id: batchId };
    for (let c = 0; c < width; c += 1) values[VALUE_COLUMNS[c]!] = chunk.values[row * width + c];
    for (let c = 0; c < cells; c += 1) {
      const bytes = cell(row, c);
      values[BYTE_COLUMNS[c]!] = bytes === null ? null : decoder.decode(bytes);
    }
    rows.push(values as unknown as Insertable<RecordTable>);
    if (rows.length === INSERT_CHUNK || row === chunk.count - 1) {
      await db.insertInto('records').values(rows).execute();
      rows = [];
    }
  }
}

/** A Buffer over the same memory (better-sqlite3 binds Buffers, as blobs). */
function view(bytes: Uint8Array, from: number, to: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from);
}

/** Inserts a batch's records a chunk at a time (see `insertRecordChunk`); inside its transaction. */
export async function insertRecords(
  db: Kysely<Database>,
  records: readonly BibRecord[],
  reviewId: number,
  batchId: number,
  bulk?: BulkTarget,
): Promise<void> {
  for (const chunk of recordChunks(records)) {
    await insertRecordChunk(db, chunk, reviewId, batchId, bulk);
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

/**
 * Keeps a review's records to those of complete batches: an import that is still writing (a
 * batch in state `staging`, see migration 0008) is not seen until its last transaction
 * commits. Every read that enumerates a review's records applies it; a read of ids already
 * handed out by such a read need not. `table` is the name or alias the query gives records.
 */
export function visibleRecords(reviewId: number, table = 'records'): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${table}.batch_id`)} not in (select staged.id from batches as staged where staged.review_id = ${reviewId} and staged.state = 'staging')`;
}

/** Lists records in id order; `search` matches title, abstract, authors, DOI or PMID. */
export async function listRecords(db: Kysely<Database>, query: RecordQuery): Promise<RecordRow[]> {
  let q = db
    .selectFrom('records')
    .selectAll()
    .where('review_id', '=', query.reviewId)
    .where(visibleRecords(query.reviewId));
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
    .where(visibleRecords(reviewId))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
