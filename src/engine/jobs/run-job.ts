import { fork, spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, isErrorCode } from '#core/errors';
import { JOBS } from './jobs';
import type { JobName, Progress } from './jobs';
import { inSessionOrder, rankInSession, stageTexts } from './ranking-session';
import type { RankSessionRequest, RankSessionResponse, StagedTexts } from './ranking-session';
import type { ParseInput, RowStream } from '../identify/parse-chunks';
import { PieceCollector, PieceControl, planPieces } from './parse-pieces';
import type { PieceJob, PieceMessage, PieceOrder, PlannedPieces } from './parse-pieces';
import { readPdfText } from '../retrieve/pdf';
import type { PdfText } from '../retrieve/pdf';

export interface RunJobOptions {
  /** Run in this thread (small inputs, or no built worker available). */
  inline?: boolean;
  onProgress?: Progress;
}

/** The bundled worker entry, beside the bundled CLI or in the package's dist/. */
function workerFile(): string | undefined {
  const candidates = [
    new URL('./job-worker.mjs', import.meta.url),
    // Bundled with code splitting, this module sits in dist/chunks/.
    new URL('../job-worker.mjs', import.meta.url),
    new URL('../../../dist/job-worker.mjs', import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** The worker to use, or none when asked to run inline (or REVIEWBENCH_INLINE_JOBS=1) or unbuilt. */
function workerUnlessInline(inline: boolean | undefined): string | undefined {
  return inline || process.env.REVIEWBENCH_INLINE_JOBS === '1' ? undefined : workerFile();
}

/** True when ranking sessions run in the ranking process, false when they run in this thread. */
export function rankingRunsInWorker(options: { inline?: boolean } = {}): boolean {
  return workerUnlessInline(options.inline) !== undefined;
}

/**
 * Runs a named CPU job off the main thread so a server keeps answering and a
 * terminal keeps drawing progress; falls back to inline when asked or unbuilt.
 */
export async function runJob<T>(
  name: JobName,
  payload: unknown,
  options: RunJobOptions = {},
): Promise<T> {
  const onProgress = options.onProgress ?? (() => undefined);
  const file = workerUnlessInline(options.inline);
  if (!file) return (JOBS[name] as (p: unknown, progress: Progress) => T)(payload, onProgress);
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(file, { workerData: { name, payload } });
    worker.on(
      'message',
      (
        message:
          | { type: 'progress'; done: number; total: number }
          | { type: 'result'; value: T }
          | { type: 'error'; message: string },
      ) => {
        if (message.type === 'progress') onProgress(message.done, message.total);
        else if (message.type === 'result') resolve(message.value);
        else reject(new Error(message.message));
      },
    );
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${name} worker stopped with exit code ${code}`));
    });
  });
}

/** The ranking process and the calls waiting for its answers. */
interface RankingProcess {
  child: ChildProcess;
  pending: Map<
    number,
    { resolve: (value: RankSessionResponse | undefined) => void; reject: (error: Error) => void }
  >;
  next: number;
  /** Lets this process end when no call waits for an answer. */
  settle: () => void;
}

let rankingProcess: RankingProcess | undefined;
/** Set when a process started through `chrt` ended before it answered: later ones are forked. */
let chrtFailed = false;

/**
 * Linux's `chrt`, which starts a command under SCHED_IDLE: its threads run only on a
 * core nothing else wants, and a request waking up takes the core from them at once
 * (a nice value of 19 still gets slices of a busy core, and waits its turn to be preempted).
 */
function idleScheduler(): string | undefined {
  if (process.platform !== 'linux' || chrtFailed) return undefined;
  return ['/usr/bin/chrt', '/bin/chrt'].find((path) => existsSync(path));
}

/** Node options the ranking process keeps from this one: its memory limits, not tsx or profilers. */
function rankingExecArgv(): string[] {
  return process.execArgv.filter((arg) => /^--max-old-space-size=\d+$/.test(arg));
}

/**
 * The long-lived ranking process, started on first use. A process rather than a
 * thread: all of its threads (V8's garbage collector helpers included) run at the
 * lowest priority (SCHED_IDLE where `chrt` is, else nice 19), where a worker thread
 * shares the server's helpers. It keeps this process alive only while a call waits
 * for it, and ends when this one does. One that dies is replaced on the next call
 * (its sessions are gone, so that call is asked for the texts again).
 */
function getRankingProcess(file: string): RankingProcess {
  if (rankingProcess) return rankingProcess;
  const options = {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  } satisfies SpawnOptions;
  const chrt = idleScheduler();
  const child = chrt
    ? spawn(
        chrt,
        ['--idle', '0', process.execPath, ...rankingExecArgv(), file, '--ranking'],
        options,
      )
    : fork(file, ['--ranking'], { ...options, execArgv: rankingExecArgv() });
  const settle = (): void => {
    // Referenced only while an answer is awaited: an idle ranking process never holds a CLI open.
    if (state.pending.size === 0) {
      child.unref();
      child.channel?.unref();
    }
  };
  const state: RankingProcess = { child, pending: new Map(), next: 1, settle };
  settle();
  /** Whether it ever answered: a process through `chrt` that never did means `chrt` fails here. */
  let answered = false;
  const failAll = (error: Error): void => {
    if (rankingProcess === state) rankingProcess = undefined;
    for (const { reject } of state.pending.values()) reject(error);
    state.pending.clear();
    settle();
  };
  child.on(
    'message',
    (message: { id: number; response?: RankSessionResponse; error?: string; code?: string }) => {
      answered = true;
      const waiting = state.pending.get(message.id);
      if (!waiting) return;
      state.pending.delete(message.id);
      settle();
      if (message.error === undefined) waiting.resolve(message.response);
      else if (message.code === undefined) waiting.reject(new Error(message.error));
      else
        waiting.reject(
          new DomainError(isErrorCode(message.code) ? message.code : 'internal', message.error),
        );
    },
  );
  child.on('error', (error) => {
    if (chrt) chrtFailed = true;
    failAll(error);
  });
  child.on('exit', (code, signal) => {
    if (chrt && !answered && code !== 0) chrtFailed = true;
    failAll(new Error(`the ranking process stopped (${signal ?? `exit code ${code}`})`));
  });
  // Ended with this process, even in the middle of a ranking (which would keep it, and its
  // database connection, until the ranking is done).
  const stop = (): void => void child.kill();
  process.once('exit', stop);
  child.once('exit', () => process.off('exit', stop));
  rankingProcess = state;
  return state;
}

/** The ranking process's id while one runs (diagnostics, and tests of its priority). */
export function rankingProcessId(): number | undefined {
  return rankingProcess?.child.pid;
}

/**
 * Ranks in a session that keeps texts, features and the last model between
 * calls: in the ranking process, or inline for small reviews and
 * when no worker is built. The texts cross once per session; the labels with every call.
 */
export async function rankWithSession(
  request: RankSessionRequest,
  options: { inline?: boolean } = {},
): Promise<RankSessionResponse> {
  const file = workerUnlessInline(options.inline);
  if (!file) return inSessionOrder(() => rankInSession(request));
  return callRankingWorker(file, { request }) as Promise<RankSessionResponse>;
}

/**
 * Sends part of a coming session's texts ahead of the `rankWithSession` call
 * that names the same token, where that call will run (worker or inline).
 */
export async function stageTextsForSession(
  part: StagedTexts,
  options: { inline?: boolean } = {},
): Promise<void> {
  const file = workerUnlessInline(options.inline);
  if (!file) return inSessionOrder(() => stageTexts(part));
  await callRankingWorker(file, { part });
}

function callRankingWorker(
  file: string,
  message: { request: RankSessionRequest } | { part: StagedTexts },
): Promise<RankSessionResponse | undefined> {
  const state = getRankingProcess(file);
  const id = state.next++;
  return new Promise<RankSessionResponse | undefined>((resolve, reject) => {
    if (state.pending.size === 0) {
      state.child.ref();
      state.child.channel?.ref();
    }
    state.pending.set(id, { resolve, reject });
    state.child.send({ id, ...message }, (error) => {
      if (!error || !state.pending.delete(id)) return;
      state.settle();
      reject(error);
    });
  });
}

/** True when imports can parse in a worker thread (not asked to run inline, worker built). */
export function parsingRunsInWorker(options: { inline?: boolean } = {}): boolean {
  return workerUnlessInline(options.inline) !== undefined;
}

/** Worker threads that read one export's pieces: the writing thread keeps a core busy too. */
function pieceWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * Reads an export on worker threads while the caller writes its rows, in file order, from the
 * returned stream. The first worker boots at once (while the caller hashes the file and checks
 * that it is new); the first `next` plans the pieces (see `planPieces`), and a second worker
 * joins when the file can be cut. Closing the stream before that parses nothing. Check
 * `parsingRunsInWorker` first.
 */
export function parseInWorkers(
  input: ParseInput,
  chunkSize: number,
  pieceBytes?: number,
  maxWorkers = pieceWorkers(),
): RowStream {
  const file = workerFile();
  if (!file)
    throw new Error('parseInWorkers: the worker bundle (dist/job-worker.mjs) is not built');
  const control = new PieceControl();
  const job: PieceJob = { input, chunkSize, control: control.buffer };
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let running = 0;
  const workers: Worker[] = [];
  const collector = new PieceCollector(control);
  const spawn = (): Worker => {
    const worker = new Worker(file, { workerData: { pieces: job } });
    running += 1;
    worker.on('message', (message: PieceMessage) => {
      if (message.type === 'error')
        failure ??= new Error(`Parsing ${input.fileName} failed: ${message.message}`);
      else collector.add(message);
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    worker.on('exit', (code) => {
      running -= 1;
      if (code !== 0) failure ??= new Error(`a parse worker stopped (exit code ${code})`);
      wake?.();
    });
    workers.push(worker);
    return worker;
  };
  const first = spawn();
  let planned: PlannedPieces | undefined;
  /** Plans the pieces (~0.2 s for a 278 MB file) and tells the workers what to read. */
  const begin = (): void => {
    planned = planPieces(input, pieceBytes);
    const plan = planned?.plan;
    // Before this thread yields, so before any worker message is handled.
    collector.expect(plan);
    const order: PieceOrder = plan ? { plan } : { whole: true };
    first.postMessage(order);
    if (plan) {
      for (let i = 1; i < Math.min(maxWorkers, plan.starts.length); i += 1)
        spawn().postMessage(order);
    }
  };
  let begun = false;
  let closed = false;
  let taken = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    control.cancel();
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  return {
    async next() {
      if (closed) throw new Error('parseInWorkers: the stream is closed');
      if (!begun) {
        begun = true;
        begin();
      }
      if (taken) control.consumed();
      for (;;) {
        const item = failure ? undefined : collector.take();
        if (item) {
          taken = !item.done;
          if (item.done) await close();
          return item;
        }
        if (failure || running === 0) {
          await close();
          throw failure ?? new Error(`the parse workers of ${input.fileName} stopped early`);
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close,
    get rawSource() {
      return planned?.rawSource;
    },
  };
}

/** One worker of the PDF pool, and the reads it has been given. */
interface PdfWorker {
  worker: Worker;
  pending: Map<number, { resolve: (text: PdfText) => void; reject: (error: Error) => void }>;
}

const pdfPool: PdfWorker[] = [];
let nextPdfRead = 0;

/** Threads reading PDFs at once: one per core, at most two (a server keeps its own thread). */
function pdfWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

function startPdfWorker(file: string): PdfWorker {
  const entry: PdfWorker = {
    worker: new Worker(file, { workerData: { pdfReader: true } }),
    pending: new Map(),
  };
  const fail = (error: Error): void => {
    const index = pdfPool.indexOf(entry);
    if (index >= 0) pdfPool.splice(index, 1);
    for (const { reject } of entry.pending.values()) reject(error);
    entry.pending.clear();
  };
  entry.worker.on('message', (message: { id: number; text?: PdfText; error?: string }) => {
    const waiting = entry.pending.get(message.id);
    if (!waiting) return;
    entry.pending.delete(message.id);
    if (message.text) waiting.resolve(message.text);
    else waiting.reject(new Error(message.error ?? 'the PDF reader failed'));
    // An idle pool does not keep the process alive.
    if (entry.pending.size === 0) entry.worker.unref();
  });
  entry.worker.on('error', fail);
  entry.worker.on('exit', (code) => fail(new Error(`a PDF reader stopped (exit code ${code})`)));
  // Started idle: a reader the pool made but has not yet given a file (the second of two,
  // while the first was free) must not keep the process alive either; a read refs it.
  entry.worker.unref();
  return entry;
}

/**
 * Reads a PDF's text in a pool of long-lived worker threads (pdf.js loads once per thread, not
 * once per file: 1,000 PDFs would otherwise pay ~0.15 s each to start a thread and load it),
 * at a lower priority than the thread answering requests; in this thread when no worker is
 * built or jobs run inline.
 */
export async function readPdfInWorker(bytes: Uint8Array): Promise<PdfText> {
  const file = workerUnlessInline(undefined);
  if (!file) return readPdfText(bytes);
  if (pdfPool.length < pdfWorkers()) pdfPool.push(startPdfWorker(file));
  const entry = pdfPool.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
  const id = (nextPdfRead += 1);
  return new Promise<PdfText>((resolve, reject) => {
    entry.pending.set(id, { resolve, reject });
    entry.worker.ref();
    // A copy: the caller keeps its bytes (they are stored next).
    entry.worker.postMessage({ id, bytes: new Uint8Array(bytes) });
  });
}
