import { describe, it } from 'vitest';

/**
 * When a suite cannot run here (no PostgreSQL, no Chromium, no ../shared/data), declares one
 * skipped test whose name is the one-line reason, so the run says why; nothing otherwise.
 */
export function declareSkipped(suite: string, reason: string | undefined): void {
  if (reason) describe(suite, () => it.skip(reason, () => undefined));
}
