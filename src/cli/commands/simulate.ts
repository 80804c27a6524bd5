import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { PRESETS, simulate } from '#core/screen/learning/index';
import { DEFAULT_SCREENING_PRESET } from '#core/screen/workflow/index';
import { decodeBytes, readRecords } from '#core/formats/index';
import { globalOptions } from '#cli/context';
import { EXIT, formatIssue, printJson, usageError } from '#cli/output';

function positions(value: string | undefined, name: string): number[] {
  if (!value) throw usageError(`${name} is required: comma-separated 0-based row positions`);
  return value.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 0)
      throw usageError(`${name}: "${part}" is not a 0-based row position`);
    return n;
  });
}

/** `reviewbench simulate`: replay active-learning screening on a labelled dataset. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'simulate active-learning screening on a labelled CSV (title, abstract, label_included)',
    )
    .argument('<dataset>', 'labelled CSV')
    .option(
      '--model <preset>',
      `model preset (${Object.keys(PRESETS).join(', ')})`,
      DEFAULT_SCREENING_PRESET,
    )
    .option('--prior-included <rows>', 'rows labelled relevant before the model runs')
    .option('--prior-excluded <rows>', 'rows labelled irrelevant before the model runs')
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 1)
    .option('--all', 'screen every record instead of stopping at the last relevant one')
    .action(
      async (
        dataset: string,
        options: {
          model: string;
          priorIncluded?: string;
          priorExcluded?: string;
          seed: number;
          all?: boolean;
        },
        command: Command,
      ) => {
        const { json } = globalOptions(command);
        const started = performance.now();
        const priorIncluded = positions(options.priorIncluded, '--prior-included');
        const priorExcluded = positions(options.priorExcluded, '--prior-excluded');
        const text = decodeBytes(new Uint8Array(await readFile(dataset))).text;
        const parsed = readRecords(text, { format: 'csv', fileName: basename(dataset) });
        const errors = parsed.issues.filter((i) => i.severity === 'error');
        const unlabelled = parsed.records.findIndex((r) => r.label === undefined);
        if (errors.length > 0 || unlabelled >= 0) {
          for (const issue of errors) process.stderr.write(`${formatIssue(dataset, issue)}\n`);
          if (unlabelled >= 0)
            process.stderr.write(
              `${dataset}:${parsed.records[unlabelled]!.location.line}: error simulate/unlabelled every row needs label_included (0 or 1)\n`,
            );
          process.exitCode = EXIT.failed;
          return;
        }
        for (const row of priorIncluded)
          if (parsed.records[row]?.label !== 1)
            throw usageError(`--prior-included row ${row} is not an included record`);
        for (const row of priorExcluded)
          if (parsed.records[row]?.label !== 0)
            throw usageError(`--prior-excluded row ${row} is not an excluded record`);
        const result = simulate({
          texts: parsed.records.map((r) => `${r.title ?? ''} ${r.abstract ?? ''}`),
          labels: parsed.records.map((r) => r.label as 0 | 1),
          priorIncluded,
          priorExcluded,
          preset: options.model,
          seed: options.seed,
          screenAll: options.all === true,
        });
        const seconds = (performance.now() - started) / 1000;
        const { wss95, wss100, rrf10, loss, atd } = result.metrics;
        if (json)
          printJson({ order: result.order, metrics: { wss95, wss100, rrf10, loss, atd }, seconds });
        else
          process.stdout.write(
            `${basename(dataset)} with ${options.model}, seed ${options.seed}: WSS@95 ${wss95.toFixed(3)}, WSS@100 ${wss100.toFixed(3)}, RRF@10 ${rrf10.toFixed(3)}, loss ${loss.toFixed(3)}, ATD ${atd.toFixed(1)}; ${result.order.length} records screened in ${seconds.toFixed(1)} s\n`,
          );
      },
    );
}
