import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { JOBS } from './jobs';
import type { JobName, Progress } from './jobs';

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
  const file =
    options.inline || process.env.REVIEWBENCH_INLINE_JOBS === '1' ? undefined : workerFile();
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
