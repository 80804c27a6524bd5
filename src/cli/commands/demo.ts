import { join } from 'node:path';
import type { Command } from 'commander';
import { openWorkbench } from '#engine/index';
import { buildDemoReview } from '#engine/demo';
import { printJson, usageError } from '#cli/output';
import { STAGES } from '#core/domain/index';
import type { Stage } from '#core/domain/index';
import { globalOptions } from '#cli/context';
import { packageRoot } from '#cli/paths';
import { formatStatus } from './identify';

/** `reviewbench demo`: builds the demo review from the shipped sample exports. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'create or refresh a demo review in ./reviewbench-demo.db from the shipped sample exports',
    )
    .option('--demo-db <path>', 'where to write the demo database', './reviewbench-demo.db')
    .option(
      '--stage <stage>',
      `build the review up to this stage and stop, so its screen can be tried from its start: ${STAGES.join(', ')}`,
      'report',
    )
    .action(async (options: { demoDb: string; stage: string }, command: Command) => {
      const { json } = globalOptions(command);
      if (!(STAGES as readonly string[]).includes(options.stage))
        throw usageError(`--stage is one of ${STAGES.join(', ')}; got "${options.stage}".`);
      const url = process.env.DATABASE_URL || options.demoDb;
      const workbench = await openWorkbench({ url, actor: 'demo' });
      try {
        const { review, imports } = await buildDemoReview(
          workbench,
          join(packageRoot(), 'samples'),
          { stage: options.stage as Stage },
        );
        const api = workbench.review(review.id);
        const status = await api.status();
        if (json) {
          printJson({ database: url, imports, status });
          return;
        }
        process.stdout.write(`ReviewBench demo review in ${url}\n\n`);
        for (const result of imports) {
          process.stdout.write(
            `  ${result.fileName}: ${result.status === 'imported' ? `${result.added} records imported` : result.status === 'already-imported' ? 'already imported' : 'FAILED'}\n`,
          );
        }
        process.stdout.write(
          `\n${formatStatus(status)}\n\nTry: npx reviewbench --db ${options.demoDb} records --search cortex\n`,
        );
      } finally {
        await workbench.close();
      }
    });
}
