import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { applySettings, PROTOCOL_FIELDS } from '#core/protocol/index';
import type { ReviewProtocol } from '#core/protocol/index';
import { withReview } from '#cli/context';
import { printJson, usageError } from '#cli/output';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The protocol from a JSON file, or the current one changed by `--set key=value`. */
function nextProtocol(current: ReviewProtocol, options: { file?: string; set: string[] }): unknown {
  if (options.file) {
    if (!existsSync(options.file)) throw usageError(`There is no file at ${options.file}.`);
    try {
      return JSON.parse(readFileSync(options.file, 'utf8')) as unknown;
    } catch (error) {
      throw usageError(`${options.file} is not JSON: ${(error as Error).message}`);
    }
  }
  if (options.set.length === 0)
    throw usageError('Give the protocol as --file FILE.json, or changes as --set key=value.');
  return applySettings(current, options.set);
}

function describe(protocol: ReviewProtocol): string {
  const lines: string[] = [];
  const line = (label: string, value: string | undefined) => {
    if (value) lines.push(`${label}: ${value}`);
  };
  line('Question', protocol.question);
  line('Framework', protocol.framework);
  line('Population', protocol.population);
  line('Concept', protocol.concept);
  line('Context', protocol.context);
  line('Intervention', protocol.intervention);
  line('Comparator', protocol.comparator);
  line('Outcomes', protocol.outcomes);
  for (const c of protocol.inclusionCriteria ?? []) lines.push(`Include: ${c}`);
  for (const c of protocol.exclusionCriteria ?? []) lines.push(`Exclude: ${c}`);
  line('Databases', protocol.databases?.join(', '));
  line('Search dates', protocol.searchDates);
  line(
    'Registration',
    protocol.registration
      ? `${protocol.registration.registry} ${protocol.registration.id}`
      : undefined,
  );
  line('Charting', protocol.charting);
  line('Appraisal', protocol.appraisal);
  return lines.join('\n');
}

/** `reviewbench protocol show|edit|amend`. */
export function registerProtocolCommands(program: Command): void {
  const protocol = program
    .command('protocol')
    .description(
      'the review protocol: question, PCC or PICO, criteria, plans; amendments versioned with a reason',
    );

  protocol
    .command('show')
    .description('the protocol as it stands (or as a version read), with its amendments')
    .option('--version <n>', 'an earlier version')
    .action(async (options: { version?: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const state = await review.protocol.show();
        const shown = options.version
          ? await review.protocol.version(Number(options.version))
          : state.protocol;
        if (global.json) {
          printJson({ ...state, protocol: shown });
          return;
        }
        process.stdout.write(
          `${describe(shown) || '(empty: `protocol edit --set question=...`)'}\n\n`,
        );
        for (const v of state.versions)
          process.stdout.write(
            `version ${v.version}, ${v.createdAt.slice(0, 10)} by ${v.createdBy}${v.reason ? `: ${v.reason}` : ''}\n`,
          );
      });
    });

  for (const [name, description] of [
    ['edit', 'change the protocol as first written (before any amendment)'],
    ['amend', 'amend the protocol: the next version, with its reason and date'],
  ] as const)
    protocol
      .command(name)
      .description(description)
      .option('--file <file>', 'the whole protocol as JSON')
      .option(
        '--set <key=value>',
        `change one field (repeatable; fields: ${PROTOCOL_FIELDS.join(', ')}; lists separated by ;)`,
        collect,
        [],
      )
      .option('--reason <text>', 'why the protocol changes (amend)')
      .action(
        async (options: { file?: string; set: string[]; reason?: string }, command: Command) => {
          if (name === 'amend' && !options.reason) throw usageError('An amendment needs --reason.');
          await withReview(command, async (review, _summary, _workbench, global) => {
            const current = (await review.protocol.show()).protocol;
            const next = nextProtocol(current, options);
            const state =
              name === 'edit'
                ? await review.protocol.edit(next)
                : await review.protocol.amend(next, options.reason!);
            if (global.json) printJson(state);
            else
              process.stdout.write(
                `Protocol version ${state.version}${name === 'amend' ? ` (amended: ${options.reason})` : ''}.\n`,
              );
          });
        },
      );
}
