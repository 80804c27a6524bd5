import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { DATABASE_IDS, QUERY_SYNTAXES, translateSearch } from '#core/identify/index';
import type { DatabaseId, QuerySyntax } from '#core/identify/index';
import { globalOptions, withReview } from '#cli/context';
import { EXIT, formatTable, printJson, usageError } from '#cli/output';
import { registerSearchRunCommands } from './search-run';

/** `reviewbench search ...`: translate strategies, run live searches, keep the search log. */
export function registerSearchCommands(program: Command): void {
  const search = program
    .command('search')
    .description('identify: search strategies, translation, live searches and the search log');

  search
    .command('translate')
    .description(
      'translate a PubMed or Ovid query (or a numbered strategy with --file) to another database',
    )
    .argument('[query]', 'the query; omit with --file')
    .addOption(
      new Option('--from <syntax>', 'input syntax').choices([...QUERY_SYNTAXES]).default('pubmed'),
    )
    .addOption(
      new Option('--to <database>', 'target database')
        .choices([...DATABASE_IDS])
        .makeOptionMandatory(),
    )
    .option('--file <file>', 'a multi-line strategy (numbered lines, line references)')
    .action(
      async (
        query: string | undefined,
        options: { from: QuerySyntax; to: DatabaseId; file?: string },
        command: Command,
      ) => {
        const { json } = globalOptions(command);
        if (!query && !options.file) throw usageError('Give a query or --file STRATEGY.');
        const text = options.file ? await readFile(options.file, 'utf8') : query!;
        // The one path the web takes too: a pasted strategy is read as numbered lines.
        const result = translateSearch(text, { from: options.from, to: options.to });
        if (result.lines.length > 0) {
          if (json)
            printJson({
              lines: result.lines,
              combined: result.query,
              warnings: result.warnings,
              errors: result.errors,
            });
          else {
            for (const line of result.lines)
              process.stdout.write(
                `${String(line.number).padStart(3)}  ${line.query || `(error: ${line.errors.map((e) => e.message).join('; ')})`}\n`,
              );
            for (const w of result.warnings)
              process.stderr.write(
                `warning: line ${w.line ?? '?'}: ${w.message} [${w.fragment}]\n`,
              );
          }
          if (result.errors.length > 0) process.exitCode = EXIT.failed;
          return;
        }
        if (json)
          printJson({ query: result.query, warnings: result.warnings, errors: result.errors });
        else {
          if (result.query) process.stdout.write(`${result.query}\n`);
          for (const w of result.warnings)
            process.stderr.write(`warning: ${w.message} [${w.fragment}]\n`);
          for (const e of result.errors) process.stderr.write(`error: ${e.message}\n`);
        }
        if (result.errors.length > 0) process.exitCode = EXIT.failed;
      },
    );

  search
    .command('log')
    .description(
      'every search of the review: database, platform, date, query as run, limits, hits, records (PRISMA-S)',
    )
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const log = await review.identify.log();
        if (global.json) printJson(log);
        else
          process.stdout.write(
            `${formatTable(
              ['batch', 'database', 'platform', 'date', 'hits', 'records', 'query'],
              log.map((e) => [
                e.batchId,
                e.database,
                e.platform,
                e.searchedOn,
                e.hits,
                e.recordsImported,
                (e.query ?? '').replace(/\s+/g, ' ').slice(0, 60),
              ]),
            )}\n`,
          );
      });
    });

  registerSearchRunCommands(search);
}
