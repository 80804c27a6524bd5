import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '#core/errors';
import { JOBS } from './jobs';
import type { JobName, Progress } from './jobs';
import { inSessionOrder, rankInSession, stageTexts } from './ranking-session';
import type { RankSessionRequest, RankSessionResponse, StagedTexts } from './ranking-session';
import { readForImport } from './parse-pieces';
import { readPdfText } from '../retrieve/pdf';
import type { PieceJob, PieceOrder } from './parse-pieces';

// Entry point of the bundled worker (dist/job-worker.mjs). Either the ranking process (forked
// with `--ranking`) answering requests until its parent ends, a thread reading an export's
// pieces, or a one-shot job thread that posts its result.
const data = (workerData ?? {}) as {
  name?: JobName;
  payload?: unknown;
  pieces?: PieceJob;
  pdfReader?: boolean;
};

/** A request to the ranking process: a part of staged texts, or a ranking. */
interface RankingWorkerMessage {
  id: number;
  request?: RankSessionRequest;
  part?: StagedTexts;
}

/** Answers one request, errors included (as a message with the error's code). */
async function answer({ id, request, part }: RankingWorkerMessage): Promise<void> {
  try {
    let response: RankSessionResponse | undefined;
    if (part) stageTexts(part);
    else response = await rankInSession(request!);
    reply({ id, response });
  } catch (error) {
    // The code crosses too, so the caller can tell a store it could not read.
    reply({
      id,
      error: (error as Error).message,
      code: error instanceof DomainError ? error.code : undefined,
    });
  }
}

/** Sends an answer; one the parent can no longer take (it ended mid-ranking) is dropped, and 'disconnect' ends this process. */
function reply(message: unknown): void {
  process.send?.(message, undefined, undefined, () => undefined);
}

/**
 * Lowers every thread of this process to the lowest priority. On Linux a nice value
 * belongs to a thread, and V8 starts its helper threads before any script runs, so each
 * is set by its id; threads started later inherit the value. Elsewhere `setPriority`
 * lowers the whole process.
 */
function lowerPriority(): void {
  try {
    setPriority(19);
  } catch {
    // Not permitted on this platform: rank at normal priority.
  }
  let threads: string[] = [];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const thread of threads) {
    try {
      setPriority(Number(thread), 19);
    } catch {
      // A thread that has ended since the listing.
    }
  }
}

if (data.pieces) {
  // The thread writing the rows is the one every piece waits for: it wins the CPU when both want it.
  try {
    setPriority(5);
  } catch {
    // Not permitted here: parse at normal priority.
  }
  const job = data.pieces;
  // Told what to read once the writer has planned the pieces (it starts this thread first).
  parentPort?.once('message', (order: PieceOrder) => {
    readForImport(job, order, (message, transfer) =>
      parentPort?.postMessage(message, transfer),
    ).catch((error: unknown) =>
      parentPort?.postMessage({ type: 'error', message: (error as Error).message }),
    );
  });
} else if (data.pdfReader) {
  // A thread of the PDF pool: reads PDFs one after another, below the request thread's priority.
  try {
    setPriority(10);
  } catch {
    // Not permitted here: read at normal priority.
  }
  parentPort?.on('message', (message: { id: number; bytes: Uint8Array }) => {
    readPdfText(message.bytes).then(
      (text) => parentPort?.postMessage({ id: message.id, text }),
      (error: unknown) =>
        parentPort?.postMessage({ id: message.id, error: (error as Error).message }),
    );
  });
} else if (process.argv[2] === '--ranking' && process.send) {
  // Retraining is background work: the server's request handling wins the CPU whenever both want it.
  lowerPriority();
  // One request at a time, in arrival order, though a ranking may await its texts from the store.
  process.on('message', (message: RankingWorkerMessage) => {
    void inSessionOrder(() => answer(message));
  });
  // The parent ended (or closed the channel): so does the ranking.
  process.on('disconnect', () => process.exit(0));
} else {
  void runOneJob();
}

/** A one-shot job thread: runs the job (awaited when it is async) and posts its result. */
async function runOneJob(): Promise<void> {
  try {
    let last = 0;
    const progress: Progress = (done, total) => {
      const now = Date.now();
      if (now - last > 100 || done === total) {
        last = now;
        parentPort?.postMessage({ type: 'progress', done, total });
      }
    };
    const value: unknown = await (
      JOBS[data.name!] as (p: unknown, onProgress: Progress) => unknown
    )(data.payload, progress);
    parentPort?.postMessage({ type: 'result', value });
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: (error as Error).message });
  }
}
