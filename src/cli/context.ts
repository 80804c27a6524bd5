import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DomainError } from '#core/errors';
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

/**
 * Opens the workbench for the duration of `run` and always closes it. Only a command that
 * creates a review (`create`) may create the SQLite file: any other, pointed at a file that
 * is not there (a typo in --db, another directory), says so and leaves nothing behind.
 */
export async function withWorkbench<T>(
  command: Command,
  run: (workbench: Workbench, options: GlobalOptions) => Promise<T>,
  { create = false, memory = false }: { create?: boolean; memory?: boolean } = {},
): Promise<T> {
  const options = globalOptions(command);
  // A command that reads no review (bundle verify) runs on a throwaway in-memory store.
  const url = memory ? ':memory:' : storeUrl(options);
  if (!create && !/^postgres(ql)?:\/\//.test(url) && url !== ':memory:' && !existsSync(url))
    throw new DomainError(
      'usage',
      `There is no review database at ${url}. Create a review with \`reviewbench init --title "..."\`${options.db ? '' : ' (or name the database with --db)'}.`,
    );
  const workbench = await openWorkbench({
    url,
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
