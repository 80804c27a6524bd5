import type { Command } from 'commander';
import { evaluateGold } from '#engine/deduplicate/evaluate';
import { globalOptions } from '#cli/context';
import { printJson } from '#cli/output';

/** `reviewbench dedup evaluate`: accuracy against a gold standard, over record pairs. */
export function registerDedupEvaluate(dedup: Command): void {
  dedup
    .command('evaluate')
    .description('score de-duplication against a gold standard (no database needed)')
    .requiredOption(
      '--gold <file>',
      'merged-ids CSV, labelled-pairs JSON, or a records file carrying its own duplicate labels',
    )
    .option('--records <file>', 'the records the merged-ids CSV refers to')
    .action(async (options: { gold: string; records?: string }, command: Command) => {
      const result = await evaluateGold(options);
      if (globalOptions(command).json) {
        printJson(result);
        return;
      }
      process.stdout.write(
        `${result.dataset} (${result.records} records, gold: ${result.goldSource})\n`,
      );
      for (const [key, value] of Object.entries(result.evaluation))
        process.stdout.write(
          `  ${key}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : JSON.stringify(value)}\n`,
        );
    });
}
