import type { Command } from 'commander';
import { Option } from 'commander';
import pc from 'picocolors';
import { SCREEN_STAGES } from '#core/screen/workflow/index';
import type { NextResult } from '#engine/screen/screen';
import { withReview } from '#cli/context';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { registerAgreementCommands } from './screen-agreement';
import { EXIT, formatIssue, formatTable, parseRecordId, printJson, usageError } from '#cli/output';

const stageOption = (): Option =>
  new Option('--stage <stage>', 'screening stage').choices([...SCREEN_STAGES]).default('ti-ab');

/** `reviewbench screen ...`: blinded dual screening, conflicts, agreement, stopping. */
export function registerScreenCommands(program: Command): void {
  const screen = program
    .command('screen')
    .description('screen: title/abstract and full-text screening');

  screen
    .command('next')
    .description('the next record for a reviewer, ranked by the model')
    .requiredOption('--reviewer <name>')
    .addOption(stageOption())
    .action(async (options: { reviewer: string; stage: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.screen.next(options.reviewer, options.stage);
        if (global.json) printJson(result);
        else process.stdout.write(`${formatNext(result)}\n`);
      });
    });

  screen
    .command('decide')
    .description('record a decision (a changed mind supersedes the earlier one; history is kept)')
    .argument('<record>', 'record id')
    .argument('<decision>', 'include | exclude | maybe')
    .requiredOption('--reviewer <name>')
    .addOption(stageOption())
    .option('--reason <text>', 'exclusion reason (required for full-text exclusions)')
    .action(
      async (
        record: string,
        decision: string,
        options: { reviewer: string; stage: string; reason?: string },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.screen.decide({
            recordId: parseRecordId(record),
            stage: options.stage,
            reviewer: options.reviewer,
            decision,
            reason: options.reason,
          });
          if (global.json) printJson(result);
          else
            process.stdout.write(
              `Record ${result.recordId}: ${decision} by ${options.reviewer} (${result.stage}); record is now ${result.outcome.status}${result.outcome.decision ? ` (${result.outcome.decision})` : ''}.\n`,
            );
        });
      },
    );

  screen
    .command('export-sheet')
    .description(
      "a CSV sheet for screening offline (record_id, title, ..., decision, reason): the records waiting for the reviewer's vote; fill decision and read it back with import-decisions",
    )
    .requiredOption('--reviewer <name>')
    .addOption(stageOption())
    .option('--all', "every eligible record, the reviewer's current votes filled in")
    .requiredOption('-o, --output <file>', 'the sheet to write')
    .action(
      async (
        options: { reviewer: string; stage: string; all?: boolean; output: string },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const sheet = await review.screen.exportSheet(options);
          await writeFile(`${options.output}.partial`, sheet.text, 'utf8');
          await rename(`${options.output}.partial`, options.output);
          if (global.json) printJson({ output: options.output, records: sheet.count });
          else
            process.stdout.write(
              `Wrote ${sheet.count} records to ${options.output}: fill the decision column, then run \`reviewbench screen import-decisions ${options.output} --reviewer ${options.reviewer}\`.\n`,
            );
        });
      },
    );

  screen
    .command('import-decisions')
    .description(
      "record a reviewer's decisions from a CSV/TSV sheet (record_id, decision[, reason]); all rows are checked first",
    )
    .argument('<file>')
    .requiredOption('--reviewer <name>')
    .addOption(stageOption())
    .action(
      async (file: string, options: { reviewer: string; stage: string }, command: Command) => {
        const text = await readFile(file, 'utf8');
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.screen.importDecisions(text, options.reviewer, options.stage);
          if (global.json) printJson(result);
          else {
            process.stdout.write(
              result.status === 'imported'
                ? `${result.recorded} decisions recorded for ${options.reviewer}, ${result.unchanged} unchanged.\n`
                : 'FAILED: nothing recorded.\n',
            );
            for (const issue of result.issues)
              process.stderr.write(`${formatIssue(file, issue)}\n`);
          }
          if (result.status === 'failed') process.exitCode = EXIT.failed;
        });
      },
    );

  screen
    .command('conflicts')
    .description('records where independent decisions disagree (resolvers only while blinded)')
    .addOption(stageOption())
    .option('--reviewer <name>', 'the resolver looking')
    .option('--resolved', 'list the conflicts already resolved, latest first')
    .action(
      async (
        options: { stage: string; reviewer?: string; resolved?: boolean },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const list = await review.screen.conflicts(
            options.stage,
            options.reviewer,
            options.resolved ? 'resolved' : 'open',
          );
          if (global.json) printJson(list);
          else if (list.length === 0)
            process.stdout.write(options.resolved ? 'No resolved conflicts.\n' : 'No conflicts.\n');
          else
            process.stdout.write(
              `${formatTable(
                ['record', 'title', 'decisions', ...(options.resolved ? ['resolution'] : [])],
                list.map((c) => [
                  c.recordId,
                  (c.title ?? '').slice(0, 60),
                  c.decisions
                    .map((d) => `${d.reviewer}: ${d.decision}${d.reason ? ` (${d.reason})` : ''}`)
                    .join('; '),
                  ...(options.resolved && c.resolution
                    ? [`${c.resolution.reviewer}: ${c.resolution.decision}`]
                    : []),
                ]),
              )}\n`,
            );
        });
      },
    );

  screen
    .command('resolve')
    .description("settle a conflict with a resolver's decision")
    .argument('<record>', 'record id')
    .argument('<decision>', 'include | exclude | maybe')
    .requiredOption('--reviewer <name>', 'the resolver')
    .addOption(stageOption())
    .option('--reason <text>', 'exclusion reason (required for full-text exclusions)')
    .action(
      async (
        record: string,
        decision: string,
        options: { reviewer: string; stage: string; reason?: string },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.screen.resolve({
            recordId: parseRecordId(record),
            stage: options.stage,
            reviewer: options.reviewer,
            decision,
            reason: options.reason,
          });
          if (global.json) printJson(result);
          else
            process.stdout.write(
              `Record ${result.recordId} resolved as ${decision} by ${options.reviewer}.\n`,
            );
        });
      },
    );

  screen
    .command('unresolve')
    .description("undo a conflict's resolution: the record is a conflict again")
    .argument('<record>', 'record id')
    .requiredOption('--reviewer <name>', 'the resolver')
    .addOption(stageOption())
    .action(
      async (record: string, options: { reviewer: string; stage: string }, command: Command) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.screen.unresolve({
            recordId: parseRecordId(record),
            stage: options.stage,
            reviewer: options.reviewer,
          });
          if (global.json) printJson(result);
          else
            process.stdout.write(
              `Record ${result.recordId}'s resolution was undone; it is a conflict again.\n`,
            );
        });
      },
    );

  registerAgreementCommands(screen);

  screen
    .command('settings')
    .description('show or change how the review screens')
    .option('--reviewers-per-record <n>', 'independent decisions per record', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--blinded <on|off>', "hide reviewers' decisions from each other")
    .option('--resolvers <names>', 'comma-separated reviewers who may resolve conflicts')
    .option('--reasons <list>', 'semicolon-separated full-text exclusion reasons')
    .option('--include-terms <list>', 'comma-separated terms to highlight as include')
    .option('--exclude-terms <list>', 'comma-separated terms to highlight as exclude')
    .action(
      async (
        options: {
          reviewersPerRecord?: number;
          blinded?: string;
          resolvers?: string;
          reasons?: string;
          includeTerms?: string;
          excludeTerms?: string;
        },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const current = await review.screen.settings();
          const change: Record<string, unknown> = {};
          if (options.reviewersPerRecord !== undefined)
            change.reviewersPerRecord = options.reviewersPerRecord;
          if (options.blinded !== undefined) {
            if (!['on', 'off'].includes(options.blinded))
              throw usageError('--blinded takes on or off');
            change.blinded = options.blinded === 'on';
          }
          if (options.resolvers !== undefined) change.resolvers = split(options.resolvers, ',');
          if (options.reasons !== undefined) change.exclusionReasons = split(options.reasons, ';');
          if (options.includeTerms !== undefined || options.excludeTerms !== undefined) {
            change.highlight = {
              include:
                options.includeTerms !== undefined
                  ? split(options.includeTerms, ',')
                  : current.highlight.include,
              exclude:
                options.excludeTerms !== undefined
                  ? split(options.excludeTerms, ',')
                  : current.highlight.exclude,
            };
          }
          if (Object.keys(change).length > 0) await review.screen.configure(change);
          const settings = await review.screen.settings();
          if (global.json) printJson(settings);
          else process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
        });
      },
    );
}

function split(value: string, separator: string): string[] {
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Colours include terms green and exclude terms red (terminal only). */
function paint(
  text: string,
  spans: { start: number; end: number; kind: 'include' | 'exclude' }[],
): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out +=
      text.slice(at, span.start) +
      (span.kind === 'include' ? pc.green : pc.red)(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}

function formatNext(result: NextResult): string {
  const p = result.progress;
  const lines = [
    pc.dim(
      `${p.decidedByYou} screened by you, ${p.remainingForYou} left for you, ${p.complete}/${p.eligible} records complete`,
    ),
  ];
  if (result.ranking)
    lines.push(pc.dim(`model ${result.ranking.preset} trained on ${result.ranking.labels} labels`));
  if (!result.item) {
    lines.push('Nothing left for you to screen at this stage.');
    return lines.join('\n');
  }
  const { item } = result;
  const authors = item.record.authors
    .slice(0, 3)
    .map((a) => a.family)
    .join(', ');
  lines.push(
    '',
    pc.bold(
      `[${item.recordId}] ${paint(item.record.title ?? '(no title)', item.highlights.title)}`,
    ),
    pc.dim(
      `${authors}${item.record.authors.length > 3 ? ' et al.' : ''} · ${item.record.journal ?? ''} ${item.record.year ?? ''}`,
    ),
    '',
    item.record.abstract
      ? paint(item.record.abstract, item.highlights.abstract)
      : pc.dim('(no abstract)'),
  );
  if (item.criteria.inclusion.length > 0)
    lines.push('', pc.green('Include if:'), ...item.criteria.inclusion.map((c) => `  + ${c}`));
  if (item.criteria.exclusion.length > 0)
    lines.push(pc.red('Exclude if:'), ...item.criteria.exclusion.map((c) => `  - ${c}`));
  lines.push(
    '',
    pc.dim(
      `reviewbench screen decide ${item.recordId} include|exclude|maybe --reviewer NAME --stage ${item.stage}`,
    ),
  );
  return lines.join('\n');
}
