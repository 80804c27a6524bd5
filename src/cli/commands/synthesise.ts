import type { Command } from 'commander';
import { withReview } from '#cli/context';
import { formatTable, printJson, usageError, writeWhole } from '#cli/output';
import { CHART_FORMATS } from '#engine/synthesise/charts';
import type { ChartFormat, ChartRequest } from '#engine/synthesise/charts';
import type { ReviewApi } from '#engine/index';

/** The chart format from --format, else the output file's extension, else SVG. */
function chartFormat(output: string, format?: string): ChartFormat {
  const chosen = format ?? /\.([a-z]+)$/i.exec(output)?.[1]?.toLowerCase() ?? 'svg';
  if (!(CHART_FORMATS as readonly string[]).includes(chosen))
    throw usageError(`A chart is written as ${CHART_FORMATS.join(', ')}; got "${chosen}".`);
  return chosen as ChartFormat;
}

/** Writes a chart when -o is given; true when it did. */
async function writeChart(
  review: ReviewApi,
  request: ChartRequest,
  options: { output?: string; format?: string },
  json: boolean | undefined,
): Promise<boolean> {
  if (!options.output) return false;
  const format = chartFormat(options.output, options.format);
  const chart = await review.synthesise.chartFile(request, format);
  await writeWhole(options.output, chart.bytes);
  if (json) printJson({ file: options.output, format, bytes: chart.bytes.length });
  else process.stdout.write(`Wrote the ${request.kind} chart to ${options.output}.\n`);
  return true;
}

/** A count per value as a table, or as JSON (`json` given: that instead of the rows). */
function printCounts(
  rows: readonly { value: string; count: number }[],
  heading: string,
  json: boolean | undefined,
  asJson: unknown = rows,
): void {
  if (json) printJson(asJson);
  else
    process.stdout.write(
      `${formatTable(
        [heading, 'studies'],
        rows.map((c) => [c.value, c.count]),
      )}\n`,
    );
}

const OUTPUT_HELP = 'write the chart to this file (.svg, .png or .pdf) instead of the table';

/** `reviewbench synthesise table|crosstab|map|stratify|timeline|frequencies`: read-only tables over the settled charting. */
export function registerSynthesiseCommands(program: Command): void {
  const synthesise = program
    .command('synthesise')
    .description(
      'synthesise: tables, cross-tabs, evidence maps and stratified summaries over the settled charting',
    );

  synthesise
    .command('frequencies')
    .description('how many studies fall in each value of a field')
    .requiredOption('--field <id>', 'field id')
    .option('-o, --output <file>', OUTPUT_HELP)
    .option('--format <format>', 'svg | png | pdf (default: from the file name)')
    .action(
      async (options: { field: string; output?: string; format?: string }, command: Command) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          if (
            await writeChart(
              review,
              { kind: 'frequencies', field: options.field },
              options,
              global.json,
            )
          )
            return;
          printCounts(await review.synthesise.frequencies(options.field), 'value', global.json);
        });
      },
    );

  synthesise
    .command('crosstab')
    .description('two fields against each other, with the studies behind every cell')
    .requiredOption('--rows <field>', 'field id for the rows')
    .requiredOption('--cols <field>', 'field id for the columns')
    .action(async (options: { rows: string; cols: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const table = await review.synthesise.crosstab(options.rows, options.cols);
        if (global.json) {
          printJson(table);
          return;
        }
        const count = (row: string, col: string) =>
          table.cells.find((c) => c.row === row && c.col === col)?.count ?? 0;
        process.stdout.write(
          `${formatTable(
            [`${options.rows} \\ ${options.cols}`, ...table.cols],
            table.rows.map((row) => [row, ...table.cols.map((col) => count(row, col) || '')]),
          )}\n`,
        );
      });
    });

  synthesise
    .command('stratify')
    .description(
      'for each value of one field: its studies, the tally of another, risk of bias, quotes',
    )
    .requiredOption('--by <field>', 'the field that makes the strata (e.g. severity_band)')
    .requiredOption('--tally <field>', 'the field counted in each stratum (e.g. role)')
    .action(async (options: { by: string; tally: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const strata = await review.synthesise.stratify(options.by, options.tally);
        if (global.json) {
          printJson(strata);
          return;
        }
        for (const s of strata) {
          process.stdout.write(
            `\n${s.stratum} (${s.studies.length} stud${s.studies.length === 1 ? 'y' : 'ies'})\n`,
          );
          for (const t of s.tally) process.stdout.write(`  ${t.value}: ${t.count}\n`);
          if (s.risk.length)
            process.stdout.write(
              `  risk of bias: ${s.risk.map((r) => `${r.value} ${r.count}`).join(', ')}\n`,
            );
          for (const q of s.quotes)
            process.stdout.write(
              `  ${q.label}: "${q.text.slice(0, 100)}"${q.page ? ` (p. ${q.page})` : ''}\n`,
            );
        }
      });
    });

  synthesise
    .command('map')
    .description(
      'an evidence map: bubbles of two fields, coloured by a third, one panel per value of a fourth',
    )
    .requiredOption('--x <field>', 'field id across')
    .requiredOption('--y <field>', 'field id down')
    .option('--colour <field>', 'field id that colours the bubbles')
    .option('--panel <field>', 'field id that makes the panels')
    .option('-o, --output <file>', OUTPUT_HELP.replace('table', 'bubbles as text'))
    .option('--format <format>', 'svg | png | pdf (default: from the file name)')
    .action(
      async (
        options: {
          x: string;
          y: string;
          colour?: string;
          panel?: string;
          output?: string;
          format?: string;
        },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const request: ChartRequest = {
            kind: 'map',
            x: options.x,
            y: options.y,
            ...(options.colour ? { colour: options.colour } : {}),
            ...(options.panel ? { panel: options.panel } : {}),
          };
          if (await writeChart(review, request, options, global.json)) return;
          const map = await review.synthesise.map(options);
          if (global.json) {
            printJson(map);
            return;
          }
          for (const panel of map.panels) {
            process.stdout.write(`\n${panel.panel}\n`);
            for (const b of panel.bubbles)
              process.stdout.write(
                `  ${b.x} x ${b.y}${map.colour ? ` [${b.colour}]` : ''}: ${b.count}\n`,
              );
          }
        });
      },
    );

  synthesise
    .command('timeline')
    .description('publications per year')
    .option('-o, --output <file>', OUTPUT_HELP)
    .option('--format <format>', 'svg | png | pdf (default: from the file name)')
    .action(async (options: { output?: string; format?: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        if (await writeChart(review, { kind: 'timeline' }, options, global.json)) return;
        const years = await review.synthesise.timeline();
        printCounts(
          years.map((y) => ({ ...y, value: y.year })),
          'year',
          global.json,
          years,
        );
      });
    });

  synthesise
    .command('table')
    .description(
      'the characteristics table of the included studies: chosen fields, a row per study',
    )
    .requiredOption('--fields <ids>', 'field ids, comma separated')
    .action(async (options: { fields: string }, command: Command) => {
      const fields = options.fields
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      if (fields.length === 0) throw usageError('--fields names at least one field id.');
      await withReview(command, async (review, _summary, _workbench, global) => {
        const table = await review.synthesise.table(fields);
        if (global.json) printJson(table);
        else
          process.stdout.write(
            `${formatTable(
              ['study', ...table.columns.map((c) => c.id)],
              table.rows.map((r) => [r.study, ...r.cells.map((c) => c.slice(0, 40))]),
            )}\n`,
          );
      });
    });
}
