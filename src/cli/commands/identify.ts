import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import cliProgress from 'cli-progress';
import { FORMAT_IDS } from '#core/formats/index';
import type { FormatId } from '#core/formats/index';
import { EXPORT_FORMATS, SOURCE_KINDS, assertSourceKind, parseBytes } from '#engine/index';
import type { ExportFormat, ImportFileResult, ReviewStatus } from '#engine/index';
import type { BibRecord } from '#core/domain/index';
import { EXIT, formatIssue, formatTable, printJson, usageError, writeChunks } from '#cli/output';
import { globalOptions, withReview, withWorkbench } from '#cli/context';
import { requireFiles } from '#cli/paths';
import { SCREEN_STAGES } from '#core/screen/workflow/index';
import type { ScreenStage } from '#core/screen/workflow/index';
import { RECORD_STATUSES } from '#engine/records/browse';
import type { RecordStatus } from '#engine/records/browse';

const formatOption = (): Option =>
  new Option('--format <id>', 'input format (default: detected from content)').choices([
    ...FORMAT_IDS,
    'xlsx',
  ]);

/** identify-stage commands: parse, init, import, records, export, status. */
export function registerIdentifyCommands(program: Command): void {
  program
    .command('parse')
    .description('parse an export file and print its records (no database)')
    .argument('<file>')
    .addOption(formatOption())
    .action(async (file: string, options: { format?: FormatId }, command: Command) => {
      const { json } = globalOptions(command);
      requireFiles([file]);
      const bytes = await readFile(file);
      const parsed = await parseBytes({ bytes, fileName: basename(file), format: options.format });
      if (json) {
        await writeChunks(parseJsonChunks(parsed.format, parsed.records, parsed.issues));
      } else {
        process.stdout.write(
          `${file}: ${parsed.format}, ${parsed.records.length} records, ${parsed.issues.length} issues\n`,
        );
        for (const issue of parsed.issues) process.stderr.write(`${formatIssue(file, issue)}\n`);
      }
      if (parsed.issues.some((i) => i.severity === 'error')) process.exitCode = EXIT.failed;
    });

  program
    .command('init')
    .description('create a review')
    .requiredOption('--title <title>', 'review title')
    .addOption(
      new Option('--type <type>', 'review type')
        .choices(['scoping', 'systematic'])
        .default('scoping'),
    )
    .option('--question <text>', 'review question')
    .action(
      async (options: { title: string; type: string; question?: string }, command: Command) => {
        await withWorkbench(
          command,
          async (workbench, global) => {
            const review = await workbench.createReview({
              title: options.title,
              type: options.type,
              protocol: options.question ? { question: options.question } : {},
            });
            if (global.json) printJson(review);
            else
              process.stdout.write(`Created ${review.type} review ${review.id}: ${review.title}\n`);
          },
          { create: true },
        );
      },
    );

  program
    .command('import')
    .description('import database export files into the review (one batch per file)')
    .argument('<files...>')
    .addOption(formatOption())
    .option('--source <name>', 'database searched, e.g. Embase (default: from the file)')
    .option('--platform <name>', 'platform or interface, e.g. Ovid')
    .option('--searched-on <date>', 'date the search was run (YYYY-MM-DD)')
    .option('--query-file <file>', 'file holding the search string as run')
    .addOption(
      new Option('--source-kind <kind>', 'PRISMA source kind')
        .choices([...SOURCE_KINDS])
        .default('database'),
    )
    .action(
      async (
        files: string[],
        options: {
          format?: FormatId | 'xlsx';
          source?: string;
          platform?: string;
          searchedOn?: string;
          queryFile?: string;
          sourceKind: string;
        },
        command: Command,
      ) => {
        requireFiles(files);
        if (options.searchedOn && !/^\d{4}-\d{2}-\d{2}$/.test(options.searchedOn))
          throw usageError(
            `--searched-on must be a date as YYYY-MM-DD, got "${options.searchedOn}"`,
          );
        const query = options.queryFile
          ? (await readFile(options.queryFile, 'utf8')).trim()
          : undefined;
        await withReview(command, async (review, _summary, _workbench, global) => {
          const showProgress = !global.json && process.stderr.isTTY && files.length > 1;
          const bar = showProgress
            ? new cliProgress.SingleBar(
                { format: 'importing [{bar}] {value}/{total} {file}' },
                cliProgress.Presets.shades_classic,
              )
            : undefined;
          bar?.start(files.length, 0, { file: '' });
          const results: ImportFileResult[] = [];
          for (const file of files) {
            bar?.update(results.length, { file: basename(file) });
            results.push(
              await review.identify.importPath(file, {
                format: options.format,
                source: options.source,
                platform: options.platform,
                searchedOn: options.searchedOn,
                query,
                sourceKind: assertSourceKind(options.sourceKind),
              }),
            );
          }
          bar?.update(files.length, { file: '' });
          bar?.stop();
          if (global.json) printJson({ files: results });
          else {
            for (const result of results) {
              const what =
                result.status === 'imported'
                  ? `added ${result.added} records (${result.format}, ${result.sourceDatabase}, batch ${result.batchId})`
                  : result.status === 'already-imported'
                    ? `already imported as batch ${result.batchId}: nothing added`
                    : 'FAILED: nothing imported';
              process.stdout.write(`${result.fileName}: ${what}\n`);
              for (const issue of result.issues)
                process.stderr.write(`${formatIssue(result.fileName, issue)}\n`);
            }
          }
          if (results.some((r) => r.status === 'failed')) process.exitCode = EXIT.failed;
        });
      },
    );

  program
    .command('retract')
    .description(
      'retract an import batch (the wrong file or search): its records leave every stage; refused once any has a screening decision, note or tag',
    )
    .argument('<batch>', 'batch id, as `status` lists them')
    .requiredOption('--reason <text>', 'why, kept in the event log')
    .action(async (batch: string, options: { reason: string }, command: Command) => {
      const batchId = Number(batch);
      if (!Number.isInteger(batchId) || batchId <= 0)
        throw usageError(`<batch> must be a batch id (a whole number), got "${batch}"`);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.identify.retract(batchId, options.reason);
        if (global.json) printJson(result);
        else
          process.stdout.write(
            `Retracted batch ${result.batchId} (${result.fileName}): ${result.records} records removed, with ${result.dedupPairs} de-duplication pairs and ${result.dedupDecisions} decisions.\n`,
          );
      });
    });

  program
    .command('records')
    .description('list the records of the review')
    .option('--search <text>', 'match title, abstract, authors, DOI or PMID')
    .option('--limit <n>', 'at most this many', (v) => Number.parseInt(v, 10))
    .action(async (options: { search?: string; limit?: number }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const records = await review.records(options);
        if (global.json) {
          printJson(records.map(({ raw: _raw, originals: _o, extra: _e, ...rest }) => rest));
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['id', 'year', 'first author', 'title', 'doi'],
            records.map((r) => [
              r.id,
              r.year,
              r.authors[0]?.family,
              truncate(r.title ?? '', 70),
              r.doi,
            ]),
          )}\n`,
        );
      });
    });

  program
    .command('export')
    .description("export the review's records")
    .addOption(
      new Option('--format <id>', 'output format')
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .requiredOption('-o, --output <file>', 'output file')
    .option(
      '--all',
      'every imported record, those de-duplication removed too (duplicate_of says which)',
    )
    .option('--unique', 'only the records de-duplication kept (the default)')
    .addOption(
      new Option('--stage <stage>', 'the stage --outcome reads').choices([...SCREEN_STAGES]),
    )
    .addOption(
      new Option('--outcome <status>', 'records in this state at --stage (default ti-ab)').choices([
        ...RECORD_STATUSES,
      ]),
    )
    .option('--tag <tag>', 'records carrying this tag')
    .option('--batch <id>', 'records of this import batch', (v) => Number.parseInt(v, 10))
    .option('--search <text>', 'records whose title, authors, DOI or tags hold these words')
    .action(async (options: ExportCommandOptions, command: Command) => {
      if (options.all && options.unique) throw usageError('Give --all or --unique, not both.');
      if (options.batch !== undefined && !(options.batch > 0))
        throw usageError('--batch takes a batch id, as `status` lists them.');
      await withReview(command, async (review, _summary, _workbench, global) => {
        const count = await review.export(options.format, options.output, {
          duplicates: options.all === true,
          stage: options.stage,
          status: options.outcome,
          tag: options.tag,
          batchId: options.batch,
          search: options.search,
        });
        if (global.json) printJson({ format: options.format, output: options.output, count });
        else process.stdout.write(`Wrote ${count} records to ${options.output}\n`);
      });
    });

  program
    .command('status')
    .description("the review's counts so far")
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const status = await review.status();
        if (global.json) printJson(status);
        else process.stdout.write(`${formatStatus(status)}\n`);
      });
    });
}

interface ExportCommandOptions {
  format: ExportFormat;
  output: string;
  all?: boolean;
  unique?: boolean;
  stage?: ScreenStage;
  outcome?: RecordStatus;
  tag?: string;
  batch?: number;
  search?: string;
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The human form of `status`. */
export function formatStatus(status: ReviewStatus): string {
  const lines = [
    `Review ${status.review.id}: ${status.review.title} (${status.review.type})`,
    `Records: ${status.records}`,
    '',
  ];
  lines.push(
    formatTable(
      ['source', 'batches', 'records'],
      status.bySource.map((s) => [s.source, s.batches, s.records]),
    ),
  );
  lines.push(
    '',
    formatTable(
      ['batch', 'file', 'format', 'records', 'issues', 'searched on'],
      status.batches.map((b) => [b.id, b.fileName, b.format, b.records, b.issues, b.searchedOn]),
    ),
  );
  return lines.join('\n');
}

function* parseJsonChunks(
  format: string,
  records: BibRecord[],
  issues: unknown[],
): Iterable<string> {
  yield `{"format":${JSON.stringify(format)},"count":${records.length},"records":[`;
  for (let i = 0; i < records.length; i += 1) {
    yield `${i === 0 ? '\n' : ',\n'}${JSON.stringify(records[i])}`;
  }
  yield `\n],"issues":${JSON.stringify(issues)}}\n`;
}
