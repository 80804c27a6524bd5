import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { FORM_TEMPLATES } from '#core/extract/index';
import type { ChartingForm } from '#core/extract/index';
import type { ReviewForm } from '#engine/index';
import { globalOptions, withReview } from '../context';
import { formatTable, printJson, usageError } from '../output';
import { registerExtractionCommands } from './extract-data';

function template(id: string): ChartingForm {
  const found = FORM_TEMPLATES.find((t) => t.id === id);
  if (!found)
    throw usageError(
      `Unknown form template "${id}". Available: ${FORM_TEMPLATES.map((t) => t.id).join(', ')}`,
    );
  return found;
}

/** `reviewbench extract ...`: charting forms, and (extract-data.ts) the charting itself. */
export function registerExtractCommands(program: Command): void {
  const extract = program
    .command('extract')
    .description(
      'extract: charting forms, dual extraction, reconciliation and exports of the charted data',
    );
  registerExtractionCommands(extract);
  const form = extract
    .command('form')
    .description("charting forms: the shipped templates and the review's own, versioned");

  form
    .command('templates')
    .description('the charting-form templates shipped with ReviewBench')
    .action((_options: unknown, command: Command) => {
      const list = FORM_TEMPLATES.map(({ id, title, version }) => ({ id, title, version }));
      if (globalOptions(command).json) printJson(list);
      else
        process.stdout.write(
          `${formatTable(
            ['id', 'version', 'title'],
            list.map((t) => [t.id, t.version, t.title]),
          )}\n`,
        );
    });

  form
    .command('show')
    .description(
      "a form: its sections and fields (types, options, units, conditions); without an id, the review's form",
    )
    .argument('[id]', 'template id, as `extract form templates` lists them')
    .action(async (id: string | undefined, _options: unknown, command: Command) => {
      const global = globalOptions(command);
      const shown = id
        ? (FORM_TEMPLATES.find((t) => t.id === id) ??
          // Not a template: the review's own form, if it has that id (and there is a review).
          (await withReview(command, async (review) => {
            const current = await review.extract.form();
            return current?.form.id === id ? current.form : undefined;
          }).catch(() => undefined)) ??
          template(id))
        : await withReview(command, async (review) => {
            const current = await review.extract.form();
            if (!current)
              throw usageError(
                'This review has no charting form yet: `extract form use contralesional_m1`, or name a template.',
              );
            return current.form;
          });
      if (global.json) {
        printJson(shown);
        return;
      }
      process.stdout.write(describeForm(shown));
    });

  form
    .command('use')
    .description("start the review's form from a template (a pilot version until published)")
    .argument('<template>', 'template id')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const saved = await review.extract.useTemplate(id);
        if (global.json) printJson(summaryOf(saved));
        else
          process.stdout.write(
            `The review charts with "${saved.form.title}", version ${saved.version} (pilot: try it on a few sources, then \`extract form publish\`).\n`,
          );
      });
    });

  form
    .command('import')
    .description(
      "the review's form from a JSON file: replaces a pilot, or makes the next version after a published one (answers carried forward)",
    )
    .argument('<file>', 'the form as JSON (as `extract form export` writes it)')
    .action(async (file: string, _options: unknown, command: Command) => {
      let definition: unknown;
      try {
        definition = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      } catch (error) {
        throw usageError(
          existsSync(file)
            ? `${file} is not JSON: ${(error as Error).message}`
            : `There is no file at ${file}; nothing was imported.`,
        );
      }
      await withReview(command, async (review, _summary, _workbench, global) => {
        const saved = await review.extract.importForm(definition, `file:${basename(file)}`);
        if (global.json) printJson(summaryOf(saved));
        else
          process.stdout.write(
            `Imported "${saved.form.title}" as version ${saved.version} (pilot).\n`,
          );
      });
    });

  form
    .command('export')
    .description("the review's form as JSON (to edit, share or import into another review)")
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .action(async (options: { output?: string }, command: Command) => {
      await withReview(command, async (review) => {
        const current = await review.extract.form();
        if (!current) throw usageError('This review has no charting form yet.');
        const text = `${JSON.stringify(current.form, null, 2)}\n`;
        if (options.output) writeFileSync(options.output, text);
        else process.stdout.write(text);
      });
    });

  form
    .command('publish')
    .description('publish the pilot version: extractors chart with it, and it never changes')
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const published = await review.extract.publishForm();
        if (global.json) printJson(summaryOf(published));
        else
          process.stdout.write(
            `Published "${published.form.title}", version ${published.version}.\n`,
          );
      });
    });
}

function summaryOf(form: ReviewForm): {
  id: string;
  title: string;
  version: number;
  status: string;
} {
  return { id: form.form.id, title: form.form.title, version: form.version, status: form.status };
}

/** A form as text: sections, fields with their types, options, units and conditions. */
function describeForm(shown: ChartingForm): string {
  const lines = [`${shown.title} (${shown.id}, version ${shown.version})`];
  for (const section of shown.sections) {
    lines.push('', `${section.title}${section.repeats ? ` (per ${section.repeats})` : ''}`);
    for (const field of section.fields) {
      const options =
        'options' in field
          ? `: ${[...field.options, ...(field.other ? ['Other (specify)'] : [])].join(' | ')}`
          : '';
      const unit = 'unit' in field && field.unit ? ` [${field.unit}]` : '';
      const when = field.showIf
        ? ` (when ${field.showIf.field} is ${field.showIf.equals.join(' or ')})`
        : '';
      lines.push(
        `  ${field.required ? '*' : ' '} ${field.id}  ${field.label} <${field.type}>${unit}${options}${when}`,
      );
    }
  }
  lines.push('', '* required');
  return `${lines.join('\n')}\n`;
}
