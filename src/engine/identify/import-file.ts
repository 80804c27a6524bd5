import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { DomainError } from '#core/errors';
import { decodeBytes, readRecords } from '#core/formats/index';
import type { FormatId } from '#core/formats/index';
import {
  appendEvents,
  findBatchByHash,
  insertBatch,
  insertRecords,
  withRollbackJournal,
} from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readXlsxRecords } from './xlsx';

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

/** Parses a file and, when it has no errors, stores it as one batch in one transaction. */
export async function importFile(
  context: EngineContext,
  reviewId: number,
  options: ImportFileOptions,
): Promise<ImportFileResult> {
  const sha256 = createHash('sha256').update(options.bytes).digest('hex');
  const { db } = context.store;
  // The same file again: answer from the stored batch without parsing it a second time.
  const known = await findBatchByHash(db, reviewId, sha256);
  if (known) {
    return {
      fileName: options.fileName,
      format: known.format,
      sha256,
      sourceDatabase: known.source_database ?? 'Unknown database',
      issues: JSON.parse(known.issues) as ParseIssue[],
      status: 'already-imported',
      batchId: known.id,
      added: 0,
    };
  }
  const parsed = await parseBytes(options);
  const sourceDatabase = options.source ?? inferDatabase(parsed.records, parsed.format);
  const base = {
    fileName: options.fileName,
    format: parsed.format,
    sha256,
    sourceDatabase,
    issues: parsed.issues,
  };

  if (parsed.issues.some((issue) => issue.severity === 'error') || parsed.records.length === 0) {
    const issues =
      parsed.records.length === 0 && !parsed.issues.some((i) => i.severity === 'error')
        ? [
            ...parsed.issues,
            {
              line: 0,
              code: 'import/no-records',
              severity: 'error' as const,
              message: 'The file holds no records.',
            },
          ]
        : parsed.issues;
    return { ...base, issues, status: 'failed', added: 0 };
  }

  const batchId = await storeBatch(context, reviewId, {
    ...options,
    sha256,
    format: parsed.format,
    sourceDatabase,
    records: parsed.records,
    issues: parsed.issues,
  });
  if (batchId === undefined) {
    const batch = await findBatchByHash(db, reviewId, sha256);
    return { ...base, status: 'already-imported', batchId: batch?.id, added: 0 };
  }
  return { ...base, status: 'imported', batchId, added: parsed.records.length };
}

/** What `storeBatch` writes: the batch's provenance and its parsed records. */
export interface StoreBatchInput extends Omit<ImportFileOptions, 'bytes' | 'format' | 'source'> {
  sha256: string;
  format: string;
  sourceDatabase: string;
  records: BibRecord[];
  issues: ParseIssue[];
}

/** Batches from this many records are written with a rollback journal when SQLite allows it. */
const BULK_JOURNAL_FROM = 20000;

/**
 * Writes one batch, its records and the event in a single transaction; returns
 * undefined when a batch with the same hash is already there (idempotent).
 */
export async function storeBatch(
  context: EngineContext,
  reviewId: number,
  input: StoreBatchInput,
): Promise<number | undefined> {
  const createdAt = nowIso(context);
  // A very large batch writes hundreds of MB: on a SQLite file nobody else has open, a rollback
  // journal writes them once where the WAL writes them twice.
  const bulkJournal =
    input.records.length >= BULK_JOURNAL_FROM ? context.store.bulk.sqlite : undefined;
  return withRollbackJournal(bulkJournal, () =>
    context.store.db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: two imports of one file may race.
      if (await findBatchByHash(trx, reviewId, input.sha256)) return undefined;
      const id = await insertBatch(trx, {
        review_id: reviewId,
        file_name: input.fileName,
        sha256: input.sha256,
        format: input.format,
        source_database: input.sourceDatabase,
        platform: input.platform ?? null,
        searched_on: input.searchedOn ?? null,
        query: input.query ?? null,
        origin: input.origin ?? 'file',
        source_kind: input.sourceKind ?? 'database',
        record_count: input.records.length,
        issue_count: input.issues.length,
        issues: JSON.stringify(input.issues),
        hit_count: input.hitCount ?? null,
        limits: input.limits ?? null,
        created_at: createdAt,
        created_by: context.actor,
      });
      await insertRecords(trx, input.records, reviewId, id, context.store.bulk);
      await appendEvents(trx, [
        {
          review_id: reviewId,
          type: 'identify.imported',
          stage: 'identify',
          subject: `batch:${id}`,
          actor: context.actor,
          payload: JSON.stringify({
            fileName: input.fileName,
            sha256: input.sha256,
            format: input.format,
            origin: input.origin ?? 'file',
            sourceDatabase: input.sourceDatabase,
            sourceKind: input.sourceKind ?? 'database',
            records: input.records.length,
            issues: input.issues.length,
          }),
          created_at: createdAt,
        },
      ]);
      return id;
    }),
  );
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
  let bytes = options.bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      return {
        format: options.format ?? 'unknown',
        records: [],
        issues: [
          fileIssue('import/bad-gzip', `Not a valid gzip file: ${(error as Error).message}`),
        ],
      };
    }
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (options.format === 'xlsx' || (options.format === undefined && isZip)) {
    const result = await readXlsxRecords(bytes);
    return { format: 'xlsx', ...result };
  }
  const decoded = decodeBytes(bytes);
  const result = readRecords(decoded.text, { format: options.format, fileName: options.fileName });
  return {
    format: result.format ?? options.format ?? 'unknown',
    records: result.records,
    issues: [...decoded.issues, ...result.issues],
  };
}

function fileIssue(code: string, message: string): ParseIssue {
  return { line: 0, code, severity: 'error', message };
}

function inferDatabase(records: BibRecord[], format: string): string {
  const counts = new Map<string, number>();
  for (const record of records) {
    if (record.sourceDatabase)
      counts.set(record.sourceDatabase, (counts.get(record.sourceDatabase) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [name, n] of counts) if (best === undefined || n > counts.get(best)!) best = name;
  return best ?? DATABASE_BY_FORMAT[format] ?? 'Unknown database';
}

/** Guards the CLI/API against an unknown source kind. */
export function assertSourceKind(kind: string): SourceKind {
  if ((SOURCE_KINDS as readonly string[]).includes(kind)) return kind as SourceKind;
  throw new DomainError(
    'identify/unknown-source-kind',
    `Unknown source kind "${kind}". Available: ${SOURCE_KINDS.join(', ')}`,
  );
}
