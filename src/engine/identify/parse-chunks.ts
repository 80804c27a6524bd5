import { gunzipSync } from 'node:zlib';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { decodeBytes, streamRecords } from '#core/formats/index';
import type { FormatId } from '#core/formats/index';
import { RecordChunkBuilder } from '#store/index';
import type { RawSource, RecordRowChunk } from '#store/index';
import { readXlsxRecords } from './xlsx';

/** What is read: an export's bytes, its name (for detection) and an optional forced format. */
export interface ParseInput {
  bytes: Uint8Array;
  fileName: string;
  format?: FormatId | 'xlsx';
}

/** What a parse found besides its records. */
export interface ParseOutcome {
  format: string;
  issues: ParseIssue[];
}

/** A parse's outcome once every chunk has been handed over. */
export interface ChunkedParseSummary extends ParseOutcome {
  /** Records handed over, in chunks. */
  count: number;
  /** How many records named each source database, to infer the batch's database. */
  databases: [string, number][];
}

/** A parse's rows, a chunk at a time, then its summary; `close` stops it early (idempotent). */
export interface RowStream {
  next(): Promise<IteratorResult<RecordRowChunk, ChunkedParseSummary>>;
  close(): Promise<void>;
  /** The export whose bytes hold raw texts the chunks left out (see `RawSource`); known once `next` was called. */
  readonly rawSource?: RawSource;
}

/** A `RowStream` over chunks already in hand. */
export function rowStreamOf(
  chunks: Iterable<RecordRowChunk>,
  summary: ChunkedParseSummary,
): RowStream {
  const iterator = chunks[Symbol.iterator]();
  return {
    next: () => {
      const item = iterator.next();
      return Promise.resolve(
        item.done ? { done: true, value: summary } : { done: false, value: item.value },
      );
    },
    close: () => Promise.resolve(),
  };
}

/**
 * What a compressed export may unpack to, in MiB: 100,000 records of RIS are about 250 MiB.
 * REVIEWBENCH_MAX_DECOMPRESSED_MB raises or lowers it.
 */
export function maxDecompressedMiB(): number {
  const given = Number(process.env.REVIEWBENCH_MAX_DECOMPRESSED_MB);
  return Number.isFinite(given) && given > 0 ? given : 512;
}

/** Records per chunk: small enough to start writing early, large enough to pay for a hop. */
export const CHUNK_RECORDS = 2000;

/**
 * Decodes (gunzip, XLSX, text encodings) and parses, handing each record to `onRecord` in file
 * order as soon as the reader has finished it; never throws on bad content.
 */
export async function streamBytes(
  input: ParseInput,
  onRecord: (record: BibRecord) => void,
): Promise<ParseOutcome> {
  let bytes = input.bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const limit = maxDecompressedMiB();
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: Math.round(limit * 1024 * 1024) });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return {
        format: input.format ?? 'unknown',
        issues: [
          tooLarge
            ? fileIssue(
                'import/too-large',
                `The gzip file unpacks to more than ${limit} MiB; no export is that large. Split it, or check it is what you meant to import.`,
              )
            : fileIssue('import/bad-gzip', `Not a valid gzip file: ${(error as Error).message}`),
        ],
      };
    }
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (input.format === 'xlsx' || (input.format === undefined && isZip)) {
    const { records, issues } = await readXlsxRecords(bytes);
    for (const record of records) onRecord(record);
    return { format: 'xlsx', issues };
  }
  const decoded = decodeBytes(bytes);
  const result = streamRecords(decoded.text, onRecord, {
    format: input.format,
    fileName: input.fileName,
  });
  return { format: result.format, issues: [...decoded.issues, ...result.issues] };
}

/**
 * Turns parsed records into chunks of `chunkSize` rows, numbered from 0, handing each to
 * `onChunk` as it fills, and counts the records and the source databases they name.
 */
export class RecordChunker {
  count = 0;
  private readonly databases = new Map<string, number>();

  constructor(
    private readonly builder: RecordChunkBuilder,
    private readonly chunkSize: number,
    private readonly onChunk: (chunk: RecordRowChunk) => void,
  ) {}

  add(record: BibRecord): void {
    this.builder.add(record, this.count);
    this.count += 1;
    const name = record.sourceDatabase;
    if (name) this.databases.set(name, (this.databases.get(name) ?? 0) + 1);
    if (this.builder.size === this.chunkSize) this.onChunk(this.builder.take());
  }

  /** Hands over the last, partial chunk; what was counted. */
  finish(): Pick<ChunkedParseSummary, 'count' | 'databases'> {
    if (this.builder.size > 0) this.onChunk(this.builder.take());
    return { count: this.count, databases: [...this.databases] };
  }
}

/** Parses into `RecordRowChunk`s (see `RecordChunker`), in this thread. */
export async function parseIntoChunks(
  input: ParseInput,
  onChunk: (chunk: RecordRowChunk) => void,
  chunkSize = CHUNK_RECORDS,
): Promise<ChunkedParseSummary> {
  const chunker = new RecordChunker(new RecordChunkBuilder(), chunkSize, onChunk);
  const outcome = await streamBytes(input, (record) => chunker.add(record));
  return { ...outcome, ...chunker.finish() };
}

function fileIssue(code: string, message: string): ParseIssue {
  return { line: 0, code, severity: 'error', message };
}
