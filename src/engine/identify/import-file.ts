import { createHash, randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { DomainError } from '#core/errors';
import type { FormatId } from '#core/formats/index';
import {
  appendEvents,
  completeBatch,
  dropAbandonedBatches,
  dropStagedBatch,
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

/** Bytes hashed per turn of the event loop: 4 MiB take ~10 ms. */
const HASH_SLICE = 4 * 1024 * 1024;

/** A file's sha256, a slice per turn so requests are answered while a large file is hashed. */
async function hashBytes(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.length; at += HASH_SLICE) {
    hash.update(bytes.subarray(at, at + HASH_SLICE));
    if (at + HASH_SLICE < bytes.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

/** Records per write transaction of an import made in the server (see `EngineContext.shared`). */
const SHARED_CHUNK_RECORDS = 500;

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
  // In the server, others' requests wait for each chunk's transaction and share the cores
  // with the parse: smaller chunks on one thread keep their waits short (issue 14).
  const chunkRecords = context.shared ? SHARED_CHUNK_RECORDS : CHUNK_RECORDS;
  const parse =
    (options.parseInWorker ?? options.bytes.length >= PARSE_IN_WORKER_FROM) && parsingRunsInWorker()
      ? parseInWorkers(input, chunkRecords, options.pieceBytes, context.shared ? 1 : undefined)
      : undefined;
  const sha256 = await hashBytes(options.bytes);
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
      parse ?? (await parseHere(input, chunkRecords)),
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
async function parseHere(input: ParseInput, chunkRecords: number): Promise<RowStream> {
  const chunks: RecordRowChunk[] = [];
  const summary = await parseIntoChunks(input, (chunk) => chunks.push(chunk), chunkRecords);
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

/**
 * Writes a batch while its rows arrive, in short transactions so other requests are answered
 * in between (one SQLite connection serves them all; a 100,000-record file in one transaction
 * held it for 5 s): the batch row first in state `staging`, which no read sees, then each chunk
 * of records in a transaction of its own, then one last transaction that fills in what only the
 * parse can tell, turns the batch `complete` and logs the event. So the batch still appears all
 * at once or not at all. A parse with errors or without records, a failed write or a second
 * import of the same file that finished first drops the staged rows again; a process that dies
 * half-way leaves a staged batch that `dropAbandonedBatches` removes later.
 */
async function storeParsedBatch(
  context: EngineContext,
  reviewId: number,
  provenance: BatchProvenance,
  parse: RowStream,
  large: boolean,
): Promise<StoredBatch> {
  const { db } = context.store;
  const createdAt = nowIso(context);
  // A very large batch writes hundreds of MB: on a SQLite file nobody else has open, a rollback
  // journal writes them once where the WAL writes them twice.
  const bulkJournal = large ? context.store.bulk.sqlite : undefined;
  let staged: number | undefined;
  try {
    return await withRollbackJournal(bulkJournal, async (flush): Promise<StoredBatch> => {
      await dropAbandonedBatches(db, new Date(createdAt));
      staged = await insertBatch(db, {
        review_id: reviewId,
        file_name: provenance.fileName,
        // The file's hash is unique per review; a staged batch takes it only as it completes,
        // so two imports of one file may stage at once and one that died blocks nothing.
        sha256: `${provenance.sha256}.staging.${randomUUID()}`,
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
        state: 'staging',
        created_at: createdAt,
        created_by: context.actor,
      });
      const id = staged;
      let next = await parse.next();
      while (!next.done) {
        const chunk = next.value;
        await db.transaction().execute(async (trx) => {
          await insertRecordChunk(trx, chunk, reviewId, id, context.store.bulk, parse.rawSource);
        });
        flush();
        // SQLite answers synchronously: let waiting requests in between chunks.
        await new Promise((resolve) => setImmediate(resolve));
        next = await parse.next();
      }
      const summary = next.value;
      const sourceDatabase = provenance.source ?? inferDatabase(summary.databases, summary.format);
      if (summary.count === 0 || summary.issues.some((i) => i.severity === 'error'))
        return failedParse(summary, sourceDatabase);
      const complete = db.transaction().execute(async (trx): Promise<StoredBatch> => {
        // Checked again at the end: two imports of one file may race, and the first one wins.
        const known = await findBatchByHash(trx, reviewId, provenance.sha256);
        if (known) return { status: 'already-imported', batch: known };
        await completeBatch(trx, id, {
          sha256: provenance.sha256,
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
      });
      const outcome = await complete.catch(async (error: unknown) => {
        // On PostgreSQL the other import can commit between the check and the update: the
        // file's unique hash refuses the second, which is then the one already imported.
        const known = await findBatchByHash(db, reviewId, provenance.sha256);
        if (known) return { status: 'already-imported', batch: known } as const;
        throw error;
      });
      if (outcome.status === 'stored') staged = undefined;
      return outcome;
    });
  } finally {
    // Stops a worker still parsing when the write failed (a no-op once the parse is done).
    await parse.close();
    // Whatever did not complete leaves nothing behind (a batch that did is left alone).
    // A drop that fails too (the store went away) is left to `dropAbandonedBatches`.
    if (staged !== undefined) await dropStagedBatch(db, staged).catch(() => undefined);
  }
}

/** A parse that ended with errors or without records: nothing is stored. */
function failedParse(summary: ChunkedParseSummary, sourceDatabase: string): StoredBatch {
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
  return { status: 'failed', summary: { ...summary, issues }, sourceDatabase };
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
