import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { withReview } from '#cli/context';
import { formatTable, printJson, usageError } from '#cli/output';
import type { PairView } from '#engine/deduplicate/run';
import { registerDedupEvaluate } from './deduplicate-evaluate';

/** `reviewbench dedup ...`: run, review, decide, undo, evaluate. */
export function registerDeduplicateCommands(program: Command): void {
  const dedup = program
    .command('dedup')
    .description('deduplicate: find duplicate records across imports (never deletes)');

  dedup
    .command('run')
    .description(
      'compare new records with everything in the review; merge sure duplicates, queue possible ones',
    )
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const bar =
          !global.json && process.stderr.isTTY
            ? new cliProgress.SingleBar(
                { format: 'comparing [{bar}] {percentage}% {value}/{total} pairs' },
                cliProgress.Presets.shades_classic,
              )
            : undefined;
        let started = false;
        const result = await review.deduplicate.run({
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        bar?.stop();
        if (global.json) {
          printJson(result);
          return;
        }
        const { counts } = result;
        process.stdout.write(
          `${result.newRecords} new records compared.\n${counts.records} records, ${counts.unique} unique, ${counts.duplicatesRemoved} duplicates removed in ${result.clusters.length} clusters, ${counts.possiblePairs} possible pairs to review.\n`,
        );
        if (counts.possiblePairs > 0)
          process.stdout.write(
            'Review them with `reviewbench dedup review` or `reviewbench dedup decide PAIR same|different`.\n',
          );
      });
    });

  dedup
    .command('review')
    .description(
      'decide possible pairs one by one (interactive on a terminal; lists them otherwise)',
    )
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const queue = await review.deduplicate.queue();
        if (global.json || !process.stdin.isTTY) {
          const pairs = await Promise.all(
            queue.map((p) => review.deduplicate.show(`${p.a}-${p.b}`)),
          );
          if (global.json)
            printJson(
              pairs.map(({ a, b, ...rest }) => ({ ...rest, a: a.recordId, b: b.recordId })),
            );
          else for (const pair of pairs) process.stdout.write(`${formatPair(pair)}\n`);
          return;
        }
        const prompts = await import('@clack/prompts');
        prompts.intro(`${queue.length} possible duplicate pairs to review`);
        for (const [index, item] of queue.entries()) {
          const pair = await review.deduplicate.show(`${item.a}-${item.b}`);
          process.stdout.write(
            `\n${pc.bold(`Pair ${index + 1}/${queue.length}`)}\n${formatPair(pair)}\n`,
          );
          const answer = await prompts.select({
            message: 'Same record?',
            options: [
              { value: 'same', label: 'Same (merge)' },
              { value: 'different', label: 'Different (keep both)' },
              { value: 'skip', label: 'Skip for now' },
              { value: 'quit', label: 'Quit' },
            ],
          });
          if (prompts.isCancel(answer) || answer === 'quit') break;
          if (answer === 'skip') continue;
          await review.deduplicate.decide(pair.id, answer as string);
        }
        prompts.outro('Decisions saved; they will not be asked again.');
      });
    });

  dedup
    .command('decide')
    .description('decide a possible pair: same (merge) or different (keep both)')
    .argument('<pair>', 'pair id, two record ids like 12-57')
    .argument('<decision>', 'same | different')
    .action(async (pair: string, decision: string, _options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.deduplicate.decide(pair, decision);
        if (global.json) printJson(result);
        else process.stdout.write(`Pair ${result.id}: ${result.decision}\n`);
      });
    });

  dedup
    .command('undo')
    .description('split a duplicate cluster back into separate records')
    .argument('<cluster>', 'cluster id, dup:<keeper record id>')
    .action(async (cluster: string, _options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.deduplicate.undo(cluster);
        if (global.json) printJson(result);
        else
          process.stdout.write(
            `Cluster ${result.id} split; records ${result.released.join(', ')} are separate again.\n`,
          );
      });
    });

  dedup
    .command('remove')
    .description(
      'take one record out of a duplicate cluster (not a duplicate); the rest stay one group',
    )
    .argument('<cluster>', 'cluster id, dup:<keeper record id>')
    .argument('<record>', 'the record id to take out')
    .action(async (cluster: string, record: string, _options: unknown, command: Command) => {
      const recordId = Number(record);
      if (!Number.isInteger(recordId) || recordId <= 0)
        throw usageError(`<record> must be a record id, got "${record}"`);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.deduplicate.removeMember(cluster, recordId);
        if (global.json) printJson(result);
        else
          process.stdout.write(
            `Record ${result.removed} is no longer in ${result.id}; ${result.remaining.length === 1 ? `record ${result.remaining[0]} stands alone` : `records ${result.remaining.join(', ')} stay one group`}.\n`,
          );
      });
    });

  registerDedupEvaluate(dedup);
}

/** Two records side by side with their differences marked. */
export function formatPair(pair: PairView): string {
  const rows = pair.fields
    .filter((f) => f.a !== undefined || f.b !== undefined)
    .map((f) => {
      const mark = f.mark === 'same' ? ' ' : pc.yellow('≠');
      return [mark, f.field, clip(f.a), clip(f.b)];
    });
  return `${pc.dim(`pair ${pair.id}  score ${pair.score.toFixed(3)}  ${pair.reasons.join('; ')}`)}\n${formatTable(['', 'field', `record ${pair.a.recordId}`, `record ${pair.b.recordId}`], rows)}`;
}

function clip(value: string | undefined): string {
  if (value === undefined) return pc.dim('—');
  return value.length > 60 ? `${value.slice(0, 59)}…` : value;
}
