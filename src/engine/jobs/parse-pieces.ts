import { Buffer, isUtf8 } from 'node:buffer';
import type { ParseIssue } from '#core/domain/index';
import { decodePiece, detectFormat, getReader, pieceDecoding } from '#core/formats/index';
import type { FormatId, PieceDecoding } from '#core/formats/index';
import { RecordChunkBuilder, offsetChunkOrdinals } from '#store/index';
import type { RawSource, RecordRowChunk } from '#store/index';
import type { BibRecord } from '#core/domain/index';
import { RecordChunker, streamBytes } from '../identify/parse-chunks';
import type { ChunkedParseSummary, ParseInput, ParseOutcome } from '../identify/parse-chunks';

// Reading one export on worker threads while the caller writes the rows in file order. When the
// reader can cut the file (`cutPoints`), it is cut at record starts in shared memory and each
// worker takes the next piece, decodes and reads it with its first line number, posting its rows
// a chunk at a time; rows are numbered within their piece and the writer renumbers them. Other
// files (compressed, XLSX, UTF-16, formats that cannot be cut) are one piece, read whole.

/** Pieces are about this large: a few chunks each, so the threads stay balanced. */
export const PIECE_BYTES = 4 * 1024 * 1024;

/** How the export is cut and decoded; the same for every worker. */
export interface PiecePlan {
  format: FormatId;
  decoding: PieceDecoding;
  /** Byte offset where each piece starts; a piece ends where the next starts. */
  starts: number[];
  end: number;
  /** Line number of each piece's first line. */
  firstLines: number[];
  /** Chunks leave raw texts in the file, for the writer to take (see `RawSource`). */
  rawInSource: boolean;
}

/** A plan, and the file's line feeds when the writer takes raw texts from it. */
export interface PlannedPieces {
  plan: PiecePlan;
  rawSource?: RawSource;
}

/** What each worker is started with; the plan (or `whole`) follows as a message. */
export interface PieceJob {
  input: ParseInput;
  chunkSize: number;
  control: SharedArrayBuffer;
}

/** How the workers are told to read: the pieces of a plan, or the whole file on one worker. */
export type PieceOrder = { plan: PiecePlan } | { whole: true };

/** Messages from a piece worker. */
export type PieceMessage =
  | { type: 'chunk'; piece: number; chunk: RecordRowChunk }
  | {
      type: 'piece';
      piece: number;
      count: number;
      issues: ParseIssue[];
      databases: [string, number][];
      /** Set when the whole file was read: the format it was read as. */
      format?: string;
    }
  | { type: 'error'; message: string };

const NEXT_PIECE = 0;
const CURRENT_PIECE = 1;
const CURRENT_CONSUMED = 2;
const UNCONSUMED = 3;
const EPOCH = 4;
const CANCELLED = 5;

/** Chunks the workers may post beyond the piece being written. */
export const PIECES_AHEAD = 4;

/**
 * Shared state of one parallel read: which piece is next to take, which one the writer is on and
 * how many of its chunks it has written, how many posted chunks wait. The writer bumps the epoch
 * whenever any of it changes, so a waiting worker never misses a wake-up.
 */
export class PieceControl {
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer = new SharedArrayBuffer(6 * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer);
  }

  get cancelled(): boolean {
    return Atomics.load(this.cells, CANCELLED) === 1;
  }

  /** Worker: the next piece to read (past the last one when all are taken). */
  takePiece(): number {
    return Atomics.add(this.cells, NEXT_PIECE, 1);
  }

  /**
   * Worker: the `inPiece`th chunk of `piece` is posted. Waits while the writer is behind: on the
   * piece being written, by more than `PIECES_AHEAD` of its chunks (the writer still has those,
   * so it never waits for this worker); on a later piece, while that many chunks wait in all.
   */
  posted(piece: number, inPiece: number): void {
    Atomics.add(this.cells, UNCONSUMED, 1);
    for (;;) {
      const epoch = Atomics.load(this.cells, EPOCH);
      if (this.cancelled) return;
      if (Atomics.load(this.cells, CURRENT_PIECE) === piece) {
        if (inPiece - Atomics.load(this.cells, CURRENT_CONSUMED) <= PIECES_AHEAD) return;
      } else if (Atomics.load(this.cells, UNCONSUMED) <= PIECES_AHEAD) return;
      Atomics.wait(this.cells, EPOCH, epoch, 1000);
    }
  }

  /** Writer: a chunk of the current piece is written. */
  consumed(): void {
    Atomics.sub(this.cells, UNCONSUMED, 1);
    Atomics.add(this.cells, CURRENT_CONSUMED, 1);
    this.bump();
  }

  /** Writer: now writing `piece`. */
  writing(piece: number): void {
    Atomics.store(this.cells, CURRENT_CONSUMED, 0);
    Atomics.store(this.cells, CURRENT_PIECE, piece);
    this.bump();
  }

  cancel(): void {
    Atomics.store(this.cells, CANCELLED, 1);
    this.bump();
  }

  private bump(): void {
    Atomics.add(this.cells, EPOCH, 1);
    Atomics.notify(this.cells, EPOCH);
  }
}

/** Bytes of the head decoded to detect the format: at least the 65,536 characters it reads. */
const HEAD_BYTES = 4 * 65_536 + 4;

/**
 * Plans reading `input` in pieces, or returns undefined when it cannot be: compressed or XLSX
 * input, UTF-16, NUL bytes, an undetected format, a reader that cannot cut, bare CR line breaks,
 * or a file too small to cut at all.
 */
export function planPieces(input: ParseInput, pieceBytes = PIECE_BYTES): PlannedPieces | undefined {
  // A Buffer view of the same memory: its indexOf is native and several times faster.
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.length);
  if (input.format === 'xlsx' || bytes[0] === 0x1f || (bytes[0] === 0x50 && bytes[1] === 0x4b))
    return undefined;
  const decoding = pieceDecoding(bytes, (all) => isUtf8(all));
  // NUL bytes (a damaged export) are replaced and reported for the whole file: read it whole.
  if (!decoding || bytes.indexOf(0) >= 0) return undefined;
  const format =
    input.format ??
    detectFormat(
      decodePiece(
        bytes.subarray(decoding.skip, decoding.skip + HEAD_BYTES),
        decoding.encoding,
        true,
      ),
      input.fileName,
    )?.id;
  if (format === undefined) return undefined;
  const reader = getReader(format);
  if (!reader.stream || !reader.cutPoints || hasBareCr(bytes)) return undefined;
  const cuts = reader.cutPoints(bytes, pieceBytes).filter((cut) => cut > decoding.skip);
  if (cuts.length === 0) return undefined;
  const starts = [decoding.skip, ...cuts];
  // Every line feed, to number each piece's first line and to find raw texts by their lines.
  const lineFeeds = lineFeedOffsets(bytes);
  const firstLines = [1];
  let feed = 0;
  for (let piece = 1; piece < starts.length; piece += 1) {
    while (feed < lineFeeds.length && lineFeeds[feed]! < starts[piece]!) feed += 1;
    firstLines.push(feed + 1);
  }
  // Raw texts stay in the file when its bytes are exactly the decoded text (valid UTF-8).
  const rawInSource =
    reader.rawSpansLines === true &&
    decoding.encoding === 'utf-8' &&
    (decoding.skip === 0 || isUtf8(bytes.subarray(decoding.skip)));
  return {
    plan: { format, decoding, starts, end: bytes.length, firstLines, rawInSource },
    rawSource: rawInSource ? { bytes: input.bytes, start: decoding.skip, lineFeeds } : undefined,
  };
}

/** Offsets of every line feed in `bytes`. */
function lineFeedOffsets(bytes: Buffer): Uint32Array {
  let feeds = new Uint32Array(Math.max(1024, bytes.length >> 6));
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) {
    if (count === feeds.length) {
      const grown = new Uint32Array(feeds.length * 2);
      grown.set(feeds);
      feeds = grown;
    }
    feeds[count++] = at;
  }
  return feeds.subarray(0, count);
}

/** A CR not followed by LF: such files count lines differently, so they are read whole. */
function hasBareCr(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(13); at >= 0; at = bytes.indexOf(13, at + 1)) {
    if (bytes[at + 1] !== 10) return true;
  }
  return false;
}

/** Worker side: reads what `order` says, posting chunks and then each piece's outcome. */
export async function readForImport(
  job: PieceJob,
  order: PieceOrder,
  post: (message: PieceMessage, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  const control = new PieceControl(job.control);
  // One builder for every piece: its buffer keeps the size the chunks have needed so far.
  const builder = new RecordChunkBuilder('plan' in order && order.plan.rawInSource);
  const read = (
    piece: number,
    parse: (onRecord: (record: BibRecord) => void) => Promise<ParseOutcome> | ParseOutcome,
  ): Promise<ParseOutcome> | ParseOutcome => {
    let chunks = 0;
    const chunker = new RecordChunker(builder, job.chunkSize, (chunk) => {
      post({ type: 'chunk', piece, chunk }, [chunk.bytes.buffer as ArrayBuffer]);
      chunks += 1;
      control.posted(piece, chunks);
    });
    const finish = (outcome: ParseOutcome): ParseOutcome => {
      post({ type: 'piece', piece, ...chunker.finish(), ...outcome });
      return outcome;
    };
    const result = parse((record) => {
      if (control.cancelled) throw new Error('the import was cancelled');
      chunker.add(record);
    });
    return result instanceof Promise ? result.then(finish) : finish(result);
  };
  if ('whole' in order) {
    if (control.takePiece() === 0) await read(0, (onRecord) => streamBytes(job.input, onRecord));
    return;
  }
  const { plan } = order;
  const reader = getReader(plan.format);
  for (let piece = control.takePiece(); piece < plan.starts.length; piece = control.takePiece()) {
    if (control.cancelled) return;
    const text = decodePiece(
      job.input.bytes.subarray(plan.starts[piece], plan.starts[piece + 1] ?? plan.end),
      plan.decoding.encoding,
      piece === 0,
    );
    read(piece, (onRecord) => ({
      format: plan.format,
      issues: reader.stream!(text, onRecord, {
        fileName: job.input.fileName,
        firstLine: plan.firstLines[piece],
        last: piece === plan.starts.length - 1,
      }),
    }));
  }
}

/**
 * Writer side: puts the workers' messages back in file order. `take` answers the next chunk
 * (renumbered) or, after the last piece, the whole parse's summary.
 */
export class PieceCollector {
  private readonly queues = new Map<number, PieceMessage[]>();
  private piece = 0;
  private first = 0;
  private pieces = 1;
  private format = 'unknown';
  private issues: ParseIssue[] = [];
  private readonly databases = new Map<string, number>();

  constructor(private readonly control: PieceControl) {}

  /** What the workers were told to read: the plan's pieces, or (without one) the whole file. */
  expect(plan: PiecePlan | undefined): void {
    this.pieces = plan?.starts.length ?? 1;
    this.format = plan?.format ?? 'unknown';
    this.issues = [...(plan?.decoding.issues ?? [])];
  }

  add(message: PieceMessage & { piece: number }): void {
    let queue = this.queues.get(message.piece);
    if (!queue) this.queues.set(message.piece, (queue = []));
    queue.push(message);
  }

  /** The next chunk, the summary once every piece is in, or undefined when a worker must post first. */
  take(): IteratorResult<RecordRowChunk, ChunkedParseSummary> | undefined {
    for (;;) {
      if (this.piece === this.pieces) {
        return {
          done: true,
          value: {
            format: this.format,
            issues: this.issues,
            count: this.first,
            databases: [...this.databases],
          },
        };
      }
      const message = this.queues.get(this.piece)?.shift();
      if (!message) return undefined;
      if (message.type === 'chunk') {
        offsetChunkOrdinals(message.chunk, this.first);
        return { done: false, value: message.chunk };
      }
      if (message.type === 'piece') {
        this.queues.delete(this.piece);
        if (message.format !== undefined) this.format = message.format;
        this.first += message.count;
        this.issues.push(...message.issues);
        for (const [name, n] of message.databases)
          this.databases.set(name, (this.databases.get(name) ?? 0) + n);
        this.piece += 1;
        this.control.writing(this.piece);
      }
    }
  }
}
