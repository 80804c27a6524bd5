import { join } from 'node:path';
import type { Command } from 'commander';
import { openWorkbench } from '#engine/index';
import { printJson } from '#cli/output';
import { globalOptions } from '#cli/context';
import { packageRoot } from '#cli/paths';
import { formatStatus } from './identify';

/** The shipped synthetic exports, in the order a team would import them. */
export const DEMO_FILES = [
  { file: 'pubmed-demo.nbib', source: 'PubMed', platform: 'PubMed', searchedOn: '2026-10-01' },
  { file: 'embase-demo.ris', source: 'Embase', platform: 'Ovid', searchedOn: '2026-10-01' },
  { file: 'wos-demo.txt', source: 'Web of Science', platform: 'Clarivate', searchedOn: '2026-10-02' },
  { file: 'scopus-demo.csv', source: 'Scopus', platform: 'Elsevier', searchedOn: '2026-10-02' },
] as const;

export const DEMO_TITLE = 'Contralesional primary motor cortex and upper-limb recovery after stroke (demo)';

/** `reviewbench demo`: builds the demo review from the shipped sample exports. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('create or refresh a demo review in ./reviewbench-demo.db from the shipped sample exports')
    .option('--demo-db <path>', 'where to write the demo database', './reviewbench-demo.db')
    .action(async (options: { demoDb: string }, command: Command) => {
      const { json } = globalOptions(command);
      const url = process.env.DATABASE_URL || options.demoDb;
      const workbench = await openWorkbench({ url, actor: 'demo' });
      try {
        const existing = (await workbench.listReviews()).find((r) => r.title === DEMO_TITLE);
        const review =
          existing ??
          (await workbench.createReview({
            title: DEMO_TITLE,
            type: 'scoping',
            protocol: {
              question: 'What is known about the role of the contralesional primary motor cortex in upper-limb motor recovery after stroke?',
              population: 'Adults after stroke (human studies) and animal models of stroke',
              concept: 'Contralesional (ipsilateral to the moving limb) primary motor cortex activity, excitability or stimulation',
              context: 'Upper-limb motor recovery, any setting',
              databases: DEMO_FILES.map((f) => f.source),
            },
          }));
        const api = workbench.review(review.id);
        const imports = [];
        for (const demo of DEMO_FILES) {
          imports.push(await api.identify.importPath(join(packageRoot(), 'samples', demo.file), { source: demo.source, platform: demo.platform, searchedOn: demo.searchedOn }));
        }
        const status = await api.status();
        if (json) {
          printJson({ database: url, imports, status });
          return;
        }
        process.stdout.write(`ReviewBench demo review in ${url}\n\n`);
        for (const result of imports) {
          process.stdout.write(`  ${result.fileName}: ${result.status === 'imported' ? `${result.added} records imported` : result.status === 'already-imported' ? 'already imported' : 'FAILED'}\n`);
        }
        process.stdout.write(`\n${formatStatus(status)}\n\nTry: npx reviewbench --db ${options.demoDb} records --search cortex\n`);
      } finally {
        await workbench.close();
      }
    });
}
