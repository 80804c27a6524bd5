import type { Clock } from '#core/ports';
import type { Store } from '#store/index';

/** What every use-case needs: the store, who is acting, and the time. */
export interface EngineContext {
  store: Store;
  actor: string;
  clock: Clock;
  /**
   * Reads kept for the life of one request (the server gives each request its own): a review's
   * row and its reviewers are read by the access check and again by the use case otherwise.
   * Writes of what is kept here clear it (`forgetReads`).
   */
  reads?: Map<string, Promise<unknown>>;
  /**
   * Others are served from this process at the same time (a request of the server): a long
   * write, such as a large import, takes smaller steps and one thread, leaving room to them.
   */
  shared?: boolean;
  /**
   * Where full-text PDFs are kept (REVIEWBENCH_FILES): by default a folder beside a SQLite
   * file, else the database (store/blobs.ts).
   */
  filesFolder?: string;
}

/** `read()`, once per key while the context keeps reads; every time otherwise. */
export function readOnce<T>(
  context: EngineContext,
  key: string,
  read: () => Promise<T>,
): Promise<T> {
  const reads = context.reads;
  if (!reads) return read();
  let kept = reads.get(key) as Promise<T> | undefined;
  if (!kept) {
    kept = read();
    reads.set(key, kept);
    // A failed read is not kept: the next caller tries again.
    kept.catch(() => reads.delete(key));
  }
  return kept;
}

/** Drops what `readOnce` kept; called after writing a review's settings or reviewers. */
export function forgetReads(context: EngineContext): void {
  context.reads?.clear();
}

/** The ISO timestamp of now, from the injected clock. */
export function nowIso(context: EngineContext): string {
  return context.clock.now().toISOString();
}
