import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatCell, parseCell } from '#core/extract/index';
import type { AnswerValue, ChartingForm } from '#core/extract/index';
import type { ReviewApi } from '#engine/index';
import { withReview } from '#cli/context';
import { formatTable, parseRecordId, printJson, usageError } from '#cli/output';

/** A value typed on the command line, read as a sheet cell is (`extract import`'s cells). */
function valueFor(form: ChartingForm, fieldId: string, text: string): AnswerValue {
  const field = form.sections.flatMap((s) => s.fields).find((f) => f.id === fieldId);
  if (!field)
    throw usageError(
      `The form "${form.title}" (version ${form.version}) has no field "${fieldId}" (\`extract form show\` lists them).`,
    );
  const read = parseCell(field, text);
  if (!read) throw usageError(`"${field.label}" (${field.id}) needs a value.`);
  if (!read.ok) throw usageError(read.message);
  return read.value;
}

async function formOf(review: ReviewApi): Promise<ChartingForm> {
  const current = await review.extract.form();
  if (!current)
    throw usageError(
      'This review has no charting form yet: `extract form use contralesional_m1`, or import one.',
    );
  return current.form;
}

/** The resolver: as named, else the review's one lead. */
async function resolverOf(review: ReviewApi, named: string | undefined): Promise<string> {
  if (named) return named;
  const leads = (await review.team.members()).filter((m) => m.role === 'lead');
  if (leads.length === 1) return leads[0]!.name;
  throw usageError(
    `Name the resolver with --reviewer (this review has ${leads.length} leads${leads.length ? `: ${leads.map((l) => l.name).join(', ')}` : ''}).`,
  );
}

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`${name} is a whole number, got "${value}".`);
  return n;
}

/** `reviewbench extract studies|status|answer|show|finish|reopen|import|reconcile|resolve|agreement|export|settings`. */
export function registerExtractionCommands(extract: Command): void {
  extract
    .command('settings')
    .description('extractors per study (1 or 2) and blinding; without options, shows them')
    .option('--extractors <n>', 'extractors who chart each study independently: 1 or 2')
    .option('--blinded <on|off>', 'extractors see nothing of each other until a study closes')
    .action(async (options: { extractors?: string; blinded?: string }, command: Command) => {
      if (options.blinded !== undefined && !['on', 'off'].includes(options.blinded))
        throw usageError(`--blinded is on or off, got "${options.blinded}".`);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const settings =
          options.extractors !== undefined || options.blinded !== undefined
            ? await review.extract.configure({
                ...(options.extractors !== undefined
                  ? { extractorsPerStudy: Number(options.extractors) }
                  : {}),
                ...(options.blinded !== undefined ? { blinded: options.blinded === 'on' } : {}),
              })
            : await review.extract.settings();
        if (global.json) printJson(settings);
        else
          process.stdout.write(
            `${settings.extractorsPerStudy} extractor${settings.extractorsPerStudy === 1 ? '' : 's'} per study, ${settings.blinded ? 'blinded' : 'not blinded'}.\n`,
          );
      });
    });

  extract
    .command('status')
    .description(
      "every included study's extraction: not started, in progress, complete (disagreements waiting) or consensus",
    )
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const studies = await review.extract.overview();
        if (global.json) {
          printJson(studies);
          return;
        }
        if (studies.length === 0) {
          process.stdout.write(
            'No study is included yet: extraction charts the studies included at full-text screening.\n',
          );
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['record', 'status', 'extractors', 'disagreements', 'pdf', 'study'],
            studies.map((s) => [
              s.recordId,
              s.status,
              s.extractors
                .map((e) => `${e.name}${e.state === 'complete' ? ' (done)' : ''}`)
                .join(', '),
              s.conflicts || '',
              s.fullText ? 'yes' : '',
              `${s.authors}${s.year ? ` (${s.year})` : ''} ${s.title}`.slice(0, 70),
            ]),
          )}\n`,
        );
        const tally = new Map<string, number>();
        for (const s of studies) tally.set(s.status, (tally.get(s.status) ?? 0) + 1);
        process.stdout.write(
          `\n${studies.length} studies: ${[...tally].map(([k, v]) => `${v} ${k}`).join(', ')}.\n`,
        );
      });
    });

  extract
    .command('answer')
    .description(
      "record one extractor's answer (a value as a sheet cell writes it: an option's text, several joined by '; ', yes/no, 'low - high'); an empty value clears it",
    )
    .argument('<record>', 'the study (its record id, as `extract status` lists)')
    .argument('<field>', 'field id')
    .argument('<value>', "the answer ('' clears it)")
    .requiredOption('--extractor <name>', 'who charts it')
    .option(
      '--entity <label>',
      "for a field asked per entity (arm, outcome...): the entity's label",
    )
    .option('--quote <text>', 'the passage that supports the value')
    .option('--page <n>', "the quote's page in the study's full text")
    .option('--start <n>', "the quote's first character in that page's text")
    .option('--end <n>', "the character after the quote's last")
    .action(
      async (
        record: string,
        fieldId: string,
        text: string,
        options: {
          extractor: string;
          entity?: string;
          quote?: string;
          page?: string;
          start?: string;
          end?: string;
        },
        command: Command,
      ) => {
        const recordId = parseRecordId(record);
        await withReview(command, async (review, _summary, _workbench, global) => {
          const form = await formOf(review);
          const value = text.trim() === '' ? null : valueFor(form, fieldId, text);
          const page = intOption(options.page, '--page');
          const start = intOption(options.start, '--start');
          const end = intOption(options.end, '--end');
          const saved = await review.extract.answer({
            recordId,
            extractor: options.extractor,
            fieldId,
            value,
            ...(options.entity ? { entity: options.entity } : {}),
            ...(options.quote
              ? {
                  quote: {
                    text: options.quote,
                    ...(page !== undefined ? { page } : {}),
                    ...(start !== undefined ? { start } : {}),
                    ...(end !== undefined ? { end } : {}),
                  },
                }
              : {}),
          });
          if (global.json) printJson(saved);
          else
            process.stdout.write(
              saved.value === null
                ? `Cleared ${fieldId} of study ${recordId} for ${options.extractor}.\n`
                : `Study ${recordId}, ${fieldId}${options.entity ? ` (${options.entity})` : ''}: ${formatCell(saved.value)}${saved.quote ? ` - "${saved.quote.text}"${saved.quote.page ? `, p. ${saved.quote.page}` : ''}` : ' (no quote)'}\n`,
            );
        });
      },
    );

  extract
    .command('show')
    .description(
      'one study as an extractor sees it: their answers (and the consensus once it closed)',
    )
    .argument('<record>', 'the study')
    .requiredOption('--extractor <name>', 'whose answers')
    .action(async (record: string, options: { extractor: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const view = await review.extract.view(parseRecordId(record), options.extractor);
        if (global.json) {
          printJson(view);
          return;
        }
        const labels = new Map(
          view.form.form.sections.flatMap((s) => s.fields).map((f) => [f.id, f.label]),
        );
        process.stdout.write(
          `${view.study.authors}${view.study.year ? ` (${view.study.year})` : ''} ${view.study.title}\n${options.extractor}: ${view.mine}\n\n`,
        );
        process.stdout.write(
          `${formatTable(
            ['field', 'entity', 'value', 'quote'],
            view.answers.map((a) => [
              labels.get(a.fieldId) ?? a.fieldId,
              a.entity.slice(a.entity.indexOf(':') + 1),
              formatCell(a.value).slice(0, 60),
              a.quote
                ? `${a.quote.page ? `p. ${a.quote.page}: ` : ''}${a.quote.text.slice(0, 50)}`
                : '(none)',
            ]),
          )}\n`,
        );
        for (const r of view.retired)
          process.stdout.write(
            `kept from an earlier form: ${r.label}: ${JSON.stringify(r.value)} (${r.why})\n`,
          );
      });
    });

  for (const [name, description] of [
    ['finish', 'the extractor has finished the study (every required field answered)'],
    ['reopen', 'take a finished study back to edit it (not once it closed under blinding)'],
  ] as const)
    extract
      .command(name)
      .description(description)
      .argument('<record>', 'the study')
      .requiredOption('--extractor <name>', 'who charts it')
      .action(async (record: string, options: { extractor: string }, command: Command) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const recordId = parseRecordId(record);
          const result =
            name === 'finish'
              ? await review.extract.finish(recordId, options.extractor)
              : await review.extract.reopen(recordId, options.extractor);
          if (global.json) printJson(result);
          else
            process.stdout.write(
              name === 'reopen'
                ? `Study ${recordId} is open again for ${options.extractor}.\n`
                : `${options.extractor} finished study ${recordId}${'closed' in result && result.closed ? '; every required extractor has, and its disagreements (if any) wait in `extract reconcile`' : ''}.\n`,
            );
        });
      });

  extract
    .command('import')
    .description(
      "one extractor's charting from a sheet (CSV or XLSX): one row per study, columns record_id plus field ids; checked whole, all or nothing",
    )
    .argument('<sheet>', 'the CSV or XLSX file')
    .requiredOption('--extractor <name>', 'whose charting the sheet holds')
    .option(
      '--no-finish',
      'leave the studies in progress (default: finish those with every required field)',
    )
    .action(
      async (sheet: string, options: { extractor: string; finish: boolean }, command: Command) => {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(sheet));
        } catch {
          throw usageError(`There is no file at ${sheet}; nothing was imported.`);
        }
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.extract.importSheet({
            bytes,
            fileName: basename(sheet),
            extractor: options.extractor,
            finish: options.finish,
          });
          if (global.json) printJson(result);
          else {
            process.stdout.write(
              `${result.file}: ${result.answers} answers for ${result.studies} studies by ${result.extractor}; ${result.finished} finished${result.unchanged ? `, ${result.unchanged} rows unchanged` : ''}.\n`,
            );
            for (const u of result.unfinished)
              process.stdout.write(
                `  study ${u.recordId} stays in progress: ${u.missing.join(', ')} blank\n`,
              );
          }
        });
      },
    );

  extract
    .command('reconcile')
    .description(
      'the disagreements waiting for the lead, field by field, with every answer and quote',
    )
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const queue = await review.extract.reconcile();
        if (global.json) {
          printJson(queue);
          return;
        }
        if (queue.length === 0) {
          process.stdout.write('No disagreement waits.\n');
          return;
        }
        for (const item of queue) {
          const entity = item.entity ? ` [${item.entity.slice(item.entity.indexOf(':') + 1)}]` : '';
          process.stdout.write(
            `study ${item.recordId}  ${item.label} (${item.fieldId})${entity}\n`,
          );
          for (const a of item.answers)
            process.stdout.write(
              `  ${a.extractor}: ${a.value === null ? '(blank)' : formatCell(a.value)}${a.quote ? `  "${a.quote.text.slice(0, 60)}"${a.quote.page ? ` p. ${a.quote.page}` : ''}` : ''}\n`,
            );
        }
        process.stdout.write(
          `\n${queue.length} disagreement${queue.length === 1 ? '' : 's'}: \`extract resolve RECORD FIELD VALUE\` settles one.\n`,
        );
      });
    });

  extract
    .command('resolve')
    .description("settle a disagreement: the study's value for a field (as a sheet cell writes it)")
    .argument('<record>', 'the study')
    .argument('<field>', 'field id')
    .argument('<value>', 'the settled value')
    .option('--entity <label>', 'for a field asked per entity: its label')
    .option('--reviewer <name>', "the resolver (default: the review's lead, when it has one)")
    .action(
      async (
        record: string,
        fieldId: string,
        text: string,
        options: { entity?: string; reviewer?: string },
        command: Command,
      ) => {
        const recordId = parseRecordId(record);
        await withReview(command, async (review, _summary, _workbench, global) => {
          const form = await formOf(review);
          const resolved = await review.extract.resolve({
            recordId,
            fieldId,
            value: valueFor(form, fieldId, text),
            resolver: await resolverOf(review, options.reviewer),
            ...(options.entity ? { entity: options.entity } : {}),
          });
          if (global.json) printJson(resolved);
          else
            process.stdout.write(
              `Study ${recordId}, ${fieldId}${options.entity ? ` (${options.entity})` : ''} settled: ${formatCell(resolved.value)}.\n`,
            );
        });
      },
    );

  extract
    .command('agreement')
    .description(
      'agreement between extractors per field: percent, and kappa for categorical fields',
    )
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const agreement = await review.extract.agreement();
        if (global.json) {
          printJson(agreement);
          return;
        }
        const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(0)}%`);
        process.stdout.write(
          `${formatTable(
            ['field', 'type', 'compared', 'agreed', 'percent', 'kappa'],
            agreement.fields
              .filter((f) => f.n > 0)
              .map((f) => [
                f.fieldId,
                f.type,
                f.n,
                f.agreed,
                pct(f.percent),
                f.kappa === null ? '' : f.kappa.toFixed(2),
              ]),
          )}\n\nOver ${agreement.studies} studies both extractors finished.\n`,
        );
      });
    });

  extract
    .command('export')
    .description(
      'the charted data: long (study x entity x field x extractor, with quote and page) or wide (one row per study), as CSV, XLSX or JSON',
    )
    .option('--shape <shape>', 'long | wide', 'long')
    .option('--format <format>', 'csv | xlsx | json', 'csv')
    .option(
      '--extractor <name>',
      "one extractor's answers (default: every extractor and the consensus; wide: the consensus)",
    )
    .option(
      '-o, --output <file>',
      'write to this file (default: standard output; XLSX needs a file)',
    )
    .action(
      async (
        options: { shape: string; format: string; extractor?: string; output?: string },
        command: Command,
      ) => {
        if (options.format === 'xlsx' && !options.output)
          throw usageError('An XLSX export needs a file: add -o FILE.xlsx.');
        await withReview(command, async (review, _summary, _workbench, global) => {
          const exported = await review.extract.export({
            shape: options.shape,
            format: options.format,
            ...(options.extractor ? { extractor: options.extractor } : {}),
          });
          const content = exported.bytes ?? exported.text ?? '';
          if (!options.output) {
            process.stdout.write(content);
            return;
          }
          // Whole or not at all: a file beside the target, renamed over it once written.
          const partial = `${options.output}.partial`;
          try {
            await writeFile(partial, content);
            await rename(partial, options.output);
          } catch (error) {
            await rm(partial, { force: true });
            throw error;
          }
          if (global.json)
            printJson({
              file: options.output,
              rows: exported.rows,
              shape: options.shape,
              format: options.format,
            });
          else
            process.stdout.write(
              `Wrote ${exported.rows} rows (${options.shape}) to ${options.output}.\n`,
            );
        });
      },
    );
}
