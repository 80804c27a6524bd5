import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { readFile } from 'node:fs/promises';
import {
  checkPrismaCounts,
  exportPrismaCsv,
  formatPrismaJson,
  importPrismaCsv,
  parsePrismaJson,
  PRISMA_TEMPLATE_NAMES,
  renderPrismaSvg,
} from '#core/report/index';
import type { PrismaCounts } from '#core/report/index';
import type { ReviewType } from '#core/domain/index';
import { globalOptions } from '#cli/context';
import { formatIssue } from '#cli/output';
import type { PrismaDiagramOptions, PrismaTemplateName } from '#core/report/index';
import { withReview } from '#cli/context';
import { EXIT, printJson, usageError, writeWhole } from '#cli/output';

const FORMATS = ['svg', 'png', 'pdf', 'csv', 'json'] as const;
type PrismaFormat = (typeof FORMATS)[number];

async function emit(
  counts: PrismaCounts,
  diagram: PrismaDiagramOptions,
  options: { format: PrismaFormat; output?: string },
  title: string,
  json: boolean,
): Promise<void> {
  if (!options.output && process.stdout.isTTY && !['json', 'csv'].includes(options.format))
    throw usageError(
      `A ${options.format.toUpperCase()} diagram is not for reading in a terminal: write it with -o prisma.${options.format}, or pipe it (reviewbench prisma --format ${options.format} > prisma.${options.format}). --format json or csv print the counts here.`,
    );
  let body: string | Uint8Array;
  if (options.format === 'json') body = formatPrismaJson(counts);
  else if (options.format === 'csv')
    body = exportPrismaCsv(counts, { reviewType: diagram.reviewType, boxText: diagram.boxText });
  else if (options.format === 'svg') body = renderPrismaSvg(counts, diagram);
  else if (options.format === 'png') {
    const { renderPrismaPng } = await import('#engine/report/render');
    body = renderPrismaPng(counts, diagram);
  } else {
    const { renderPrismaPdf } = await import('#engine/report/render');
    body = await renderPrismaPdf(counts, { ...diagram, title });
  }
  if (options.output) {
    await writeFile(options.output, body);
    if (json) printJson({ format: options.format, output: options.output });
    else
      process.stdout.write(
        `Wrote ${options.format.toUpperCase()} flow diagram to ${options.output}\n`,
      );
  } else if (typeof body === 'string') {
    process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  } else {
    process.stdout.write(body);
  }
}

/** `reviewbench prisma`: the flow diagram and its counts, always from the review's history. */
export function registerReportCommands(program: Command): void {
  const prisma = program
    .command('prisma')
    .description(
      'report: the PRISMA 2020 / PRISMA-ScR flow diagram computed from the review history',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices([...FORMATS]).default('svg'),
    )
    .option(
      '-o, --output <file>',
      'write to a file (default: standard output; png/pdf need a file)',
    )
    .addOption(
      new Option('--template <name>', 'diagram template (default: from the counts)').choices([
        ...PRISMA_TEMPLATE_NAMES,
      ]),
    )
    .option('--no-detail', 'do not list per-database counts')
    .option(
      '--from <file>',
      'draw from a PRISMA2020 CSV template or counts JSON instead of a review (no database)',
    )
    .addOption(
      new Option('--review-type <type>', 'wording with --from')
        .choices(['scoping', 'systematic'])
        .default('systematic'),
    )
    .action(
      async (
        options: {
          format: PrismaFormat;
          output?: string;
          template?: PrismaTemplateName;
          detail: boolean;
          from?: string;
          reviewType: ReviewType;
        },
        command: Command,
      ) => {
        const global = globalOptions(command);
        if (options.from) {
          const text = await readFile(options.from, 'utf8');
          const imported = text.trimStart().startsWith('{')
            ? parsePrismaJson(text)
            : importPrismaCsv(text);
          for (const issue of imported.issues)
            process.stderr.write(`${formatIssue(options.from, issue)}\n`);
          if (imported.issues.some((i) => i.severity === 'error')) {
            process.exitCode = EXIT.failed;
            return;
          }
          await emit(
            imported.counts,
            {
              template: options.template,
              reviewType: options.reviewType,
              detailDatabases: options.detail,
              boxText: imported.boxText,
            },
            options,
            'PRISMA flow diagram',
            global.json === true,
          );
          return;
        }
        await withReview(command, async (review, summary) => {
          const { counts } = await review.report.prismaCounts();
          const settings = await review.settings();
          const diagram: PrismaDiagramOptions = {
            template: options.template,
            reviewType: summary.type,
            detailDatabases: options.detail,
            boxText: settings.report?.boxText,
          };
          await emit(
            counts,
            diagram,
            options,
            `PRISMA flow diagram: ${summary.title}`,
            global.json === true,
          );
        });
      },
    );

  prisma
    .command('close-version')
    .description(
      'living review: freeze the current totals; the next diagram is an update with a previous-version column',
    )
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const version = await review.report.closeVersion();
        if (global.json) printJson(version);
        else
          process.stdout.write(
            `Version ${version.version} closed: ${version.studies} studies in ${version.reports} reports. Records imported from now on count as new.\n`,
          );
      });
    });

  prisma
    .command('check')
    .description('check the PRISMA arithmetic (rules R1-R8); exit 1 when any rule is broken')
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.report.prismaCounts();
        const violations = checkPrismaCounts(result.counts, { acknowledge: result.acknowledge });
        const failing = violations.filter((v) => v.severity === 'error');
        if (global.json) printJson({ counts: result.counts, pending: result.pending, violations });
        else if (violations.length === 0)
          process.stdout.write('PRISMA arithmetic holds (R1-R8).\n');
        else
          for (const v of violations)
            process.stdout.write(
              `${v.severity.toUpperCase()} ${v.rule} [${v.boxes.join(', ')}]: ${v.message}\n`,
            );
        const { pending } = result;
        if (
          !global.json &&
          pending.awaitingScreening + pending.awaitingRetrieval + pending.awaitingFullTextDecision >
            0
        ) {
          process.stdout.write(
            `Still open: ${pending.awaitingScreening} records awaiting screening, ${pending.awaitingRetrieval} reports awaiting retrieval, ${pending.awaitingFullTextDecision} awaiting a full-text decision.\n`,
          );
        }
        if (failing.length > 0) process.exitCode = EXIT.failed;
      });
    });
}

/** `reviewbench report checklist`: the reporting checklist filled from the review's records. */
export function registerReportChecklist(program: Command): void {
  const report = program
    .command('report')
    .description(
      'report: the checklist filled from the review and the report package (the PRISMA diagram is `prisma`)',
    );
  registerReportFiles(report);
  report
    .command('checklist')
    .description(
      'every PRISMA-ScR or PRISMA 2020 item: filled from the review, a draft to finish, or to write',
    )
    .option('--type <type>', 'prisma-scr | prisma-2020', 'prisma-scr')
    .option('-o, --output <file>', 'write it as a document: .docx, .pdf, .html or .md')
    .action(async (options: { type: string; output?: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        if (options.output) {
          const file = await review.report.checklistFile(options.type, extensionOf(options.output));
          await writeWhole(options.output, file.bytes);
          if (global.json) printJson({ file: options.output, format: file.format });
          else process.stdout.write(`Wrote the ${options.type} checklist to ${options.output}.\n`);
          return;
        }
        const items = await review.report.checklist(options.type);
        if (global.json) {
          printJson(items);
          return;
        }
        for (const item of items)
          process.stdout.write(
            `${String(item.item).padStart(2)} ${item.section} / ${item.title} [${item.status}]\n   ${item.text}\n`,
          );
        const done = items.filter((i) => i.status === 'filled').length;
        process.stdout.write(
          `\n${done} of ${items.length} items filled from the review's records.\n`,
        );
      });
    });
}

/** The format a file name asks for: its extension. */
function extensionOf(file: string): string {
  const extension = /\.([a-z]+)$/i.exec(file)?.[1];
  if (!extension)
    throw usageError(`Name the file with its format's extension: ${file}.docx, .pdf, ...`);
  return extension;
}

/** A comma list of field ids: "a,b,c". */
const fieldList = (text: string): string[] =>
  text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);

/** `reviewbench report docx|pdf|html|md|xlsx -o FILE`: the report package. */
export function registerReportFiles(report: Command): void {
  const describe: Record<string, string> = {
    docx: 'the report as Word: methods from the protocol and logs, flow diagram, tables, map, risk of bias, references',
    pdf: 'the same report as PDF',
    html: 'the same report as one HTML page (figures inline)',
    md: 'the same report as Markdown, its figures as SVG files beside it',
    xlsx: 'the workbook: settled charting, every charted value, appraisals, searches, checklist',
  };
  for (const format of ['docx', 'pdf', 'html', 'md', 'xlsx'] as const) {
    const sub = report
      .command(format)
      .description(describe[format]!)
      .requiredOption('-o, --output <file>', 'where to write it');
    if (format !== 'xlsx')
      sub
        .option('--style <name>', 'reference style: apa | vancouver | ama', 'vancouver')
        .option(
          '--fields <ids>',
          'columns of the characteristics table (field ids, comma separated)',
        )
        .option('--map <ids>', 'evidence map fields: x,y[,colour[,panel]]')
        .option('--stratify <ids>', 'stratified summary: by,tally');
    else sub.option('--checklist <type>', 'prisma-scr | prisma-2020 (default: by review type)');
    sub.action(
      async (
        options: {
          output: string;
          style?: string;
          fields?: string;
          map?: string;
          stratify?: string;
          checklist?: string;
        },
        command: Command,
      ) => {
        const map = options.map ? fieldList(options.map) : undefined;
        if (map && (map.length < 2 || map.length > 4))
          throw usageError('--map takes x,y and optionally colour and panel field ids.');
        const strata = options.stratify ? fieldList(options.stratify) : undefined;
        if (strata && strata.length !== 2) throw usageError('--stratify takes by,tally field ids.');
        await withReview(command, async (review, _summary, _workbench, global) => {
          const folder = `${basename(options.output).replace(/\.[^.]+$/, '')}-figures`;
          const file = await review.report.file(format, {
            ...(options.style ? { style: options.style } : {}),
            ...(options.fields ? { fields: fieldList(options.fields) } : {}),
            ...(map
              ? {
                  map: {
                    x: map[0]!,
                    y: map[1]!,
                    ...(map[2] ? { colour: map[2] } : {}),
                    ...(map[3] ? { panel: map[3] } : {}),
                  },
                }
              : {}),
            ...(strata ? { stratify: { by: strata[0]!, tally: strata[1]! } } : {}),
            ...(options.checklist ? { checklist: options.checklist } : {}),
            figureFolder: folder,
          });
          for (const figure of file.figures ?? []) {
            const target = join(dirname(options.output), figure.path);
            await mkdir(dirname(target), { recursive: true });
            await writeWhole(target, figure.bytes);
          }
          await writeWhole(options.output, file.bytes);
          if (global.json)
            printJson({
              file: options.output,
              format: file.format,
              bytes: file.bytes.length,
              figures: (file.figures ?? []).map((f) => join(dirname(options.output), f.path)),
            });
          else
            process.stdout.write(
              `Wrote the ${format.toUpperCase()} report to ${options.output}${file.figures?.length ? ` (figures in ${join(dirname(options.output), folder)})` : ''}.\n`,
            );
        });
      },
    );
  }
}
