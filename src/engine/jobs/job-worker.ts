import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { JOBS } from './jobs';
import type { JobName, Progress } from './jobs';
import { rankInSession, stageTexts } from './ranking-session';
import type { RankSessionRequest, StagedTexts } from './ranking-session';

// Entry point of the bundled worker (dist/job-worker.mjs). Either a persistent ranking worker
// answering requests until its process ends, or a one-shot job that posts its result.
const data = workerData as { persistent?: 'ranking'; name?: JobName; payload?: unknown };

if (data.persistent === 'ranking') {
  // Retraining is background work: on Linux a thread's nice value is its own, so this lowers
  // only this thread and the server's request handling wins the CPU whenever both want it.
  try {
    setPriority(19);
  } catch {
    // Not permitted on this platform: retrain at normal priority.
  }
  parentPort?.on(
    'message',
    ({ id, request, part }: { id: number; request?: RankSessionRequest; part?: StagedTexts }) => {
      try {
        if (part) {
          stageTexts(part);
          parentPort?.postMessage({ id, response: undefined });
        } else parentPort?.postMessage({ id, response: rankInSession(request!) });
      } catch (error) {
        parentPort?.postMessage({ id, error: (error as Error).message });
      }
    },
  );
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
