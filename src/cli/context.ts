import type { Command } from 'commander';
import { openWorkbench } from '#engine/index';
import type { ReviewApi, ReviewSummary, Workbench } from '#engine/index';

/** Global options every command shares. */
export interface GlobalOptions {
  db?: string;
  review?: string;
  json?: boolean;
  actor?: string;
}

/** Where the store lives: DATABASE_URL (PostgreSQL) wins, then --db, REVIEWBENCH_DB, the default. */
export function storeUrl(options: GlobalOptions): string {
  return process.env.DATABASE_URL || options.db || process.env.REVIEWBENCH_DB || './reviewbench.db';
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Opens the workbench for the duration of `run` and always closes it. */
export async function withWorkbench<T>(
  command: Command,
  run: (workbench: Workbench, options: GlobalOptions) => Promise<T>,
): Promise<T> {
  const options = globalOptions(command);
  const workbench = await openWorkbench({
    url: storeUrl(options),
    actor: options.actor ?? process.env.REVIEWBENCH_ACTOR ?? process.env.USER ?? 'local-user',
  });
  try {
    return await run(workbench, options);
  } finally {
    await workbench.close();
  }
}

/** Opens the workbench and the review named by --review (or the default one). */
export async function withReview<T>(
  command: Command,
  run: (
    review: ReviewApi,
    summary: ReviewSummary,
    workbench: Workbench,
    options: GlobalOptions,
  ) => Promise<T>,
): Promise<T> {
  return withWorkbench(command, async (workbench, options) => {
    const summary = await workbench.resolveReview(options.review);
    return run(workbench.review(summary.id), summary, workbench, options);
  });
}
