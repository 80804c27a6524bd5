import { parentPort, workerData } from 'node:worker_threads';
import { JOBS } from './jobs';
import type { JobName, Progress } from './jobs';

// Entry point of the bundled worker (dist/job-worker.mjs): runs one job and posts its result.
const { name, payload } = workerData as { name: JobName; payload: unknown };
try {
  let last = 0;
  const progress: Progress = (done, total) => {
    const now = Date.now();
    if (now - last > 100 || done === total) {
      last = now;
      parentPort?.postMessage({ type: 'progress', done, total });
    }
  };
  const value = (JOBS[name] as (p: unknown, onProgress: Progress) => unknown)(payload, progress);
  parentPort?.postMessage({ type: 'result', value });
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: (error as Error).message });
}
