import type { Command } from 'commander';
import { FORM_TEMPLATES } from '#core/extract/index';
import type { ChartingForm } from '#core/extract/index';
import { globalOptions } from '../context';
import { formatTable, printJson, usageError } from '../output';

function template(id: string): ChartingForm {
  const found = FORM_TEMPLATES.find((t) => t.id === id);
  if (!found)
    throw usageError(
      `Unknown form template "${id}". Available: ${FORM_TEMPLATES.map((t) => t.id).join(', ')}`,
    );
  return found;
}

/** `reviewbench extract ...`: charting forms (the shipped templates so far). */
export function registerExtractCommands(program: Command): void {
  const extract = program
    .command('extract')
    .description('extract: charting forms (data extraction)');
  const form = extract.command('form').description('charting forms: the shipped templates');

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
    .description('a form: its sections and fields (types, options, units, conditions)')
    .argument('<id>', 'template id, as `extract form templates` lists them')
    .action((id: string, _options: unknown, command: Command) => {
      const shown = template(id);
      if (globalOptions(command).json) {
        printJson(shown);
        return;
      }
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
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
