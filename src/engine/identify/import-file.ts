import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { DomainError } from '#core/errors';
import type { FormatId } from '#core/formats/index';
import {
  appendEvents,
  completeBatch,
  findBatchByHash,
  insertBatch,
  insertRecordChunk,
  recordChunks,
  withRollbackJournal,
} from '#store/index';
import type { BatchRow, RecordRowChunk } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { parseInWorkers, parsingRunsInWorker } from '#engine/jobs/run-job';
import { CHUNK_RECORDS, parseIntoChunks, rowStreamOf, streamBytes } from './parse-chunks';
import type { ChunkedParseSummary, ParseInput, RowStream } from './parse-chunks';

/** PRISMA's kinds of information source; they pick the flow-diagram column. */
export const SOURCE_KINDS = [
  'database',
  'register',
  'website',
  'organisation',
  'citation',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface ImportFileOptions {
  fileName: string;
  bytes: Uint8Array;
  format?: FormatId | 'xlsx';
  /** Database searched (e.g. `Embase`); inferred from the file when omitted. */
  source?: string;
  /** Platform or interface used (e.g. `Ovid`, `Embase.com`). */
  platform?: string;
  searchedOn?: string;
  query?: string;
  /** Limits applied to the search (e.g. `2000-2026; English; humans`). */
  limits?: string;
  sourceKind?: SourceKind;
  /** `file` for exports; a live source id when a search was run from here. */
  origin?: string;
  hitCount?: number;
  /**
   * Parse in a worker thread while this one writes (true), or here first (false). By default
   * files from `PARSE_IN_WORKER_FROM` bytes go to the worker when it is built.
   */
  parseInWorker?: boolean;
  /** Bytes per piece when the workers read the file in pieces (tests cut small files). */
  pieceBytes?: number;
}

export interface ImportFileResult {
  fileName: string;
  format: string;
  sha256: string;
  /** `imported`, `already-imported` (same file, nothing added) or `failed` (errors, nothing added). */
  status: 'imported' | 'already-imported' | 'failed';
  batchId?: number;
  added: number;
  sourceDatabase: string;
  issues: ParseIssue[];
}

const DATABASE_BY_FORMAT: Partial<Record<string, string>> = {
  medline: 'PubMed',
  'pubmed-xml': 'PubMed',
  'wos-tagged': 'Web of Science',
  'wos-tab': 'Web of Science',
  'scopus-csv': 'Scopus',
};

/**
 * Reads an export file into shared memory, so a worker thread parsing it reads the same bytes
 * rather than a copy (a 278 MB file costs 0.2 s to copy).
 */
export async function readExportFile(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    // A file that shrank while being read keeps what was there.
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await file.close();
  }
}

/** Files from this size are parsed in a worker thread while their rows are written. */
export const PARSE_IN_WORKER_FROM = 4 * 1024 * 1024;

/**
 * Parses a file and, when it has no errors, stores it as one batch in one transaction. A large
 * file is parsed in a worker thread that hands its rows over a chunk at a time, so parsing and
 * writing overlap; the transaction is rolled back when the parse ends with errors.
 */
export async function importFile(
  context: EngineContext,
  reviewId: number,
  options: ImportFileOptions,
): Promise<ImportFileResult> {
  const input: ParseInput = {
    bytes: options.bytes,
    fileName: options.fileName,
    format: options.format,
  };
  // A large file is parsed by workers, in pieces on two threads when its format can be cut, else
  // whole on one; the first boots now, while this thread hashes the file.
  const parse =
    (options.parseInWorker ?? options.bytes.length >= PARSE_IN_WORKER_FROM) && parsingRunsInWorker()
      ? parseInWorkers(input, CHUNK_RECORDS, options.pieceBytes)
      : undefined;
  const sha256 = createHash('sha256').update(options.bytes).digest('hex');
  const { db } = context.store;
  let stored: StoredBatch;
  try {
    // The same file again: answer from the stored batch without parsing it a second time (the
    // worker that booted meanwhile is stopped before it is told to read).
    const known = await findBatchByHash(db, reviewId, sha256);
    if (known) return alreadyImported(options.fileName, sha256, known);
    stored = await storeParsedBatch(
      context,
      reviewId,
      { ...options, sha256 },
      parse ?? (await parseHere(input)),
      options.bytes.length >= BULK_JOURNAL_FROM_BYTES,
    );
  } finally {
    await parse?.close();
  }
  if (stored.status === 'already-imported')
    return alreadyImported(options.fileName, sha256, stored.batch);
  const { summary } = stored;
  const base = {
    fileName: options.fileName,
    format: summary.format,
    sha256,
    sourceDatabase: stored.sourceDatabase,
    issues: summary.issues,
  };
  if (stored.status === 'failed') return { ...base, status: 'failed', added: 0 };
  return { ...base, status: 'imported', batchId: stored.batchId, added: summary.count };
}

function alreadyImported(fileName: string, sha256: string, batch: BatchRow): ImportFileResult {
  return {
    fileName,
    format: batch.format,
    sha256,
    sourceDatabase: batch.source_database ?? 'Unknown database',
    issues: JSON.parse(batch.issues) as ParseIssue[],
    status: 'already-imported',
    batchId: batch.id,
    added: 0,
  };
}

/** Parses in this thread, then hands the rows over in chunks like the worker does. */
async function parseHere(input: ParseInput): Promise<RowStream> {
  const chunks: RecordRowChunk[] = [];
  const summary = await parseIntoChunks(input, (chunk) => chunks.push(chunk));
  return rowStreamOf(chunks, summary);
}

/** A batch's provenance: everything `storeBatch` writes besides the parsed records. */
export interface BatchProvenance extends Omit<
  ImportFileOptions,
  'bytes' | 'format' | 'parseInWorker' | 'pieceBytes'
> {
  sha256: string;
}

/** What `storeBatch` writes: the batch's provenance and its parsed records. */
export interface StoreBatchInput extends Omit<BatchProvenance, 'source'> {
  format: string;
  sourceDatabase: string;
  records: BibRecord[];
  issues: ParseIssue[];
}

/** Batches from this many records are written with a rollback journal when SQLite allows it. */
const BULK_JOURNAL_FROM = 20000;
/** The same threshold for an export file (records run ~1-3 KB each). */
const BULK_JOURNAL_FROM_BYTES = 40 * 1024 * 1024;

/**
 * Writes one batch of parsed records, its records and the event in a single transaction;
 * returns undefined when a batch with the same hash is already there (idempotent).
 */
export async function storeBatch(
  context: EngineContext,
  reviewId: number,
  input: StoreBatchInput,
): Promise<number | undefined> {
  const { records, issues, format, sourceDatabase, ...provenance } = input;
  const stored = await storeParsedBatch(
    context,
    reviewId,
    { ...provenance, source: sourceDatabase },
    rowStreamOf(recordChunks(records, CHUNK_RECORDS), {
      format,
      issues,
      count: records.length,
      databases: [],
    }),
    records.length >= BULK_JOURNAL_FROM,
  );
  return stored.status === 'stored' ? stored.batchId : undefined;
}

/** How `storeParsedBatch` ended. */
type StoredBatch =
  | { status: 'stored'; batchId: number; summary: ChunkedParseSummary; sourceDatabase: string }
  | { status: 'failed'; summary: ChunkedParseSummary; sourceDatabase: string }
  | { status: 'already-imported'; batch: BatchRow };

/** Thrown inside the transaction to roll it back when the parse ended with errors. */
class ParseFailed extends Error {
  constructor(readonly summary: ChunkedParseSummary) {
    super('the parse ended with errors');
  }
}

/**
 * Writes a batch in one transaction while its rows arrive: the batch row first (what only the
 * parse can tell is filled in at the end), each chunk of records as it comes, then the event.
 * A parse with errors or without records rolls everything back.
 */
async function storeParsedBatch(
  context: EngineContext,
  reviewId: number,
  provenance: BatchProvenance,
  parse: RowStream,
  large: boolean,
): Promise<StoredBatch> {
  const createdAt = nowIso(context);
  // A very large batch writes hundreds of MB: on a SQLite file nobody else has open, a rollback
  // journal writes them once where the WAL writes them twice.
  const bulkJournal = large ? context.store.bulk.sqlite : undefined;
  try {
    return await withRollbackJournal(bulkJournal, (flush) =>
      context.store.db.transaction().execute(async (trx): Promise<StoredBatch> => {
        // Checked again inside the transaction: two imports of one file may race.
        const known = await findBatchByHash(trx, reviewId, provenance.sha256);
        if (known) return { status: 'already-imported', batch: known };
        const id = await insertBatch(trx, {
          review_id: reviewId,
          file_name: provenance.fileName,
          sha256: provenance.sha256,
          format: 'unknown',
          source_database: provenance.source ?? null,
          platform: provenance.platform ?? null,
          searched_on: provenance.searchedOn ?? null,
          query: provenance.query ?? null,
          origin: provenance.origin ?? 'file',
          source_kind: provenance.sourceKind ?? 'database',
          record_count: 0,
          issue_count: 0,
          issues: '[]',
          hit_count: provenance.hitCount ?? null,
          limits: provenance.limits ?? null,
          created_at: createdAt,
          created_by: context.actor,
        });
        let next = await parse.next();
        while (!next.done) {
          await insertRecordChunk(
            trx,
            next.value,
            reviewId,
            id,
            context.store.bulk,
            parse.rawSource,
          );
          flush();
          next = await parse.next();
        }
        const summary = next.value;
        if (summary.count === 0 || summary.issues.some((i) => i.severity === 'error'))
          throw new ParseFailed(summary);
        const sourceDatabase =
          provenance.source ?? inferDatabase(summary.databases, summary.format);
        await completeBatch(trx, id, {
          format: summary.format,
          source_database: sourceDatabase,
          record_count: summary.count,
          issue_count: summary.issues.length,
          issues: JSON.stringify(summary.issues),
        });
        await appendEvents(trx, [
          {
            review_id: reviewId,
            type: 'identify.imported',
            stage: 'identify',
            subject: `batch:${id}`,
            actor: context.actor,
            payload: JSON.stringify({
              fileName: provenance.fileName,
              sha256: provenance.sha256,
              format: summary.format,
              origin: provenance.origin ?? 'file',
              sourceDatabase,
              sourceKind: provenance.sourceKind ?? 'database',
              records: summary.count,
              issues: summary.issues.length,
            }),
            created_at: createdAt,
          },
        ]);
        return { status: 'stored', batchId: id, summary, sourceDatabase };
      }),
    );
  } catch (error) {
    if (!(error instanceof ParseFailed)) throw error;
    const { summary } = error;
    const issues =
      summary.count === 0 && !summary.issues.some((i) => i.severity === 'error')
        ? [
            ...summary.issues,
            {
              line: 0,
              code: 'import/no-records',
              severity: 'error' as const,
              message: 'The file holds no records.',
            },
          ]
        : summary.issues;
    return {
      status: 'failed',
      summary: { ...summary, issues },
      sourceDatabase: provenance.source ?? inferDatabase(summary.databases, summary.format),
    };
  } finally {
    // Stops a worker still parsing when the write failed (a no-op once the parse is done).
    await parse.close();
  }
}

interface ParsedBytes {
  format: string;
  records: BibRecord[];
  issues: ParseIssue[];
}

/** Decodes (gunzip, XLSX, text encodings) and parses; never throws on bad content. */
export async function parseBytes(
  options: Pick<ImportFileOptions, 'bytes' | 'fileName' | 'format'>,
): Promise<ParsedBytes> {
  const records: BibRecord[] = [];
  const outcome = await streamBytes(options, (record) => records.push(record));
  return { ...outcome, records };
}

/** The database most records name, else the format's own database. */
function inferDatabase(databases: [string, number][], format: string): string {
  let best: [string, number] | undefined;
  for (const entry of databases) if (best === undefined || entry[1] > best[1]) best = entry;
  return best?.[0] ?? DATABASE_BY_FORMAT[format] ?? 'Unknown database';
}

/** Guards the CLI/API against an unknown source kind. */
export function assertSourceKind(kind: string): SourceKind {
  if ((SOURCE_KINDS as readonly string[]).includes(kind)) return kind as SourceKind;
  throw new DomainError(
    'identify/unknown-source-kind',
    `Unknown source kind "${kind}". Available: ${SOURCE_KINDS.join(', ')}`,
  );
}
