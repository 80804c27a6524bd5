import { parentPort, workerData } from 'node:worker_threads';
import { JOBS } from './jobs';
import type { JobName, Progress } from './jobs';
import { rankInSession } from './ranking-session';
import type { RankSessionRequest } from './ranking-session';

// Entry point of the bundled worker (dist/job-worker.mjs). Either a persistent ranking worker
// answering requests until its process ends, or a one-shot job that posts its result.
const data = workerData as { persistent?: 'ranking'; name?: JobName; payload?: unknown };

if (data.persistent === 'ranking') {
  parentPort?.on('message', ({ id, request }: { id: number; request: RankSessionRequest }) => {
    try {
      parentPort?.postMessage({ id, response: rankInSession(request) });
    } catch (error) {
      parentPort?.postMessage({ id, error: (error as Error).message });
    }
  });
} else {
  try {
    let last = 0;
    const progress: Progress = (done, total) => {
      const now = Date.now();
      if (now - last > 100 || done === total) {
        last = now;
        parentPort?.postMessage({ type: 'progress', done, total });
      }
    };
    const value = (JOBS[data.name!] as (p: unknown, onProgress: Progress) => unknown)(
      data.payload,
      progress,
    );
    parentPort?.postMessage({ type: 'result', value });
  } catch (error) {
    parentPort?.postMessage({ type: 'error', message: (error as Error).message });
  }
}
