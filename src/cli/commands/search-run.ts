import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { withReview } from '#cli/context';
import { printJson, usageError } from '#cli/output';
import type { RunSearchResult } from '#engine/identify/search-run';

/** `search run` and `search rerun`: live searches imported as batches. */
export function registerSearchRunCommands(search: Command): void {
  search
    .command('run')
    .description(
      'run a live search and import its results (pubmed | europepmc | openalex | crossref)',
    )
    .argument('<source>', 'pubmed | europepmc | openalex | crossref')
    .option('--query <query>', 'the query as run')
    .option('--query-file <file>', 'file holding the query')
    .option('--limits <text>', 'limits applied, for the search log')
    .option('--max <n>', 'stop after this many records', (v) => Number.parseInt(v, 10))
    .action(
      async (
        source: string,
        options: { query?: string; queryFile?: string; limits?: string; max?: number },
        command: Command,
      ) => {
        const query = options.queryFile ? await readFile(options.queryFile, 'utf8') : options.query;
        if (!query) throw usageError('Give the query with --query or --query-file.');
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await withProgress(global.json === true, (onProgress) =>
            review.identify.search({
              source,
              query,
              limits: options.limits,
              maxRecords: options.max,
              onProgress,
            }),
          );
          report(result, global.json === true);
        });
      },
    );

  search
    .command('rerun')
    .description(
      're-run a stored live search (living review): only records not already in the review are added',
    )
    .argument('<batch>', 'batch id of the earlier search (see `search log`)')
    .action(async (batch: string, _options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await withProgress(global.json === true, (onProgress) =>
          review.identify.rerun(Number(batch), { onProgress }),
        );
        report(result, global.json === true);
      });
    });
}

async function withProgress<T>(
  json: boolean,
  run: (onProgress: (fetched: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const bar =
    !json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'fetching [{bar}] {value}/{total} records' },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let started = false;
  try {
    return await run((fetched, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(total);
      bar.update(fetched);
    });
  } finally {
    bar?.stop();
  }
}

function report(result: RunSearchResult, json: boolean): void {
  if (json) {
    printJson(result);
    return;
  }
  process.stdout.write(
    `${result.database}: ${result.hits} hits, ${result.fetched} fetched, ${result.added} new records added${result.batchId ? ` as batch ${result.batchId}` : ''}, ${result.alreadyInReview} already in the review.\n`,
  );
}
