import type { Command } from 'commander';
import { withReview } from '#cli/context';
import { formatTable, printJson, usageError } from '#cli/output';

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
    .action(async (options: { field: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const counts = await review.synthesise.frequencies(options.field);
        if (global.json) printJson(counts);
        else
          process.stdout.write(
            `${formatTable(
              ['value', 'studies'],
              counts.map((c) => [c.value, c.count]),
            )}\n`,
          );
      });
    });

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
    .action(
      async (
        options: { x: string; y: string; colour?: string; panel?: string },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
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
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const years = await review.synthesise.timeline();
        if (global.json) printJson(years);
        else
          process.stdout.write(
            `${formatTable(
              ['year', 'studies'],
              years.map((y) => [y.year, y.count]),
            )}\n`,
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
