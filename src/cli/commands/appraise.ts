import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  APPRAISAL_TOOLS,
  exportRobvisCsv,
  findTool,
  importRobvisCsv,
  judge,
  summaryScene,
  toolSummary,
  trafficLightScene,
} from '#core/appraise/index';
import type { Palette } from '#core/appraise/index';
import { PLOT_FORMATS, renderScene } from '#engine/appraise/render';
import type { PlotFormat } from '#engine/appraise/render';
import type { ReviewApi } from '#engine/index';
import { globalOptions, withReview } from '#cli/context';
import { formatTable, parseRecordId, printJson, usageError, writeWhole } from '#cli/output';

/** JSON given inline or as @file. */
function jsonArgument(text: string, what: string): unknown {
  const source = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw usageError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

function answersArgument(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  const value = jsonArgument(text, '--answers');
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw usageError('--answers takes a JSON object: {"1.1":"Y","1.2":"PY"}');
  for (const [id, answer] of Object.entries(value))
    if (typeof answer !== 'string')
      throw usageError(`--answers: ${id} takes a word such as "Y", not ${JSON.stringify(answer)}`);
  return value as Record<string, string>;
}

async function resolverOf(review: ReviewApi, named: string | undefined): Promise<string> {
  if (named) return named;
  const leads = (await review.team.members()).filter((m) => m.role === 'lead');
  if (leads.length === 1) return leads[0]!.name;
  throw usageError(`Name the resolver with --reviewer (this review has ${leads.length} leads).`);
}

/** `reviewbench appraise ...`: risk of bias with the tools' algorithms, dual assessment, robvis figures. */
export function registerAppraiseCommands(program: Command): void {
  const appraise = program
    .command('appraise')
    .description(
      'appraise: risk of bias (SYRCLE, RoB 2, ROBINS-I/E, QUADAS-2, JBI) and robvis figures',
    );

  appraise
    .command('tools')
    .description('the appraisal tools: domains, signalling questions and their answers')
    .action((_options: unknown, command: Command) => {
      const json = globalOptions(command).json;
      if (json) printJson(APPRAISAL_TOOLS.map(toolSummary));
      else
        process.stdout.write(
          `${formatTable(
            ['id', 'unit', 'domains', 'name'],
            APPRAISAL_TOOLS.map((t) => [t.id, t.unit, t.domains.length, t.name]),
          )}\n`,
        );
    });

  appraise
    .command('judge')
    .description("a tool's proposed judgements from signalling answers, without a review")
    .requiredOption('--tool <id>', 'tool id (`appraise tools`)')
    .requiredOption(
      '--answers <json>',
      'answers by question id, e.g. {"1.1":"Y","1.2":"PY"} (or @file.json)',
    )
    .action((options: { tool: string; answers: string }, command: Command) => {
      const judged = judge(findTool(options.tool), answersArgument(options.answers));
      if (globalOptions(command).json) {
        printJson(judged);
        return;
      }
      const tool = findTool(options.tool);
      process.stdout.write(
        `${formatTable(
          ['domain', 'proposed', 'needs'],
          tool.domains.map((d) => [
            `${d.id} ${d.name}`.slice(0, 60),
            judged.domains[d.id] ?? '-',
            judged.missing[d.id]?.join(', ') ?? judged.notes[d.id] ?? '',
          ]),
        )}\n\nOverall: ${judged.overall ?? '(not yet)'}\n`,
      );
    });

  appraise
    .command('settings')
    .description("assessors per study (1 or 2), blinding, and the review's own generic tool")
    .option('--assessors <n>', 'assessors who appraise each study independently: 1 or 2')
    .option('--blinded <on|off>', 'assessors see nothing of each other until a study closes')
    .option(
      '--tool-file <file>',
      'define the review\'s generic tool: {"name","judgements":[...],"domains":[{"id","name"}]}',
    )
    .action(
      async (
        options: { assessors?: string; blinded?: string; toolFile?: string },
        command: Command,
      ) => {
        if (options.blinded !== undefined && !['on', 'off'].includes(options.blinded))
          throw usageError(`--blinded is on or off, got "${options.blinded}".`);
        await withReview(command, async (review, _summary, _workbench, global) => {
          const change = {
            ...(options.assessors !== undefined
              ? { assessorsPerStudy: Number(options.assessors) }
              : {}),
            ...(options.blinded !== undefined ? { blinded: options.blinded === 'on' } : {}),
            ...(options.toolFile
              ? { tool: jsonArgument(`@${options.toolFile}`, options.toolFile) }
              : {}),
          };
          const settings = Object.keys(change).length
            ? await review.appraise.configure(change)
            : await review.appraise.settings();
          if (global.json) printJson(settings);
          else
            process.stdout.write(
              `${settings.assessorsPerStudy} assessor${settings.assessorsPerStudy === 1 ? '' : 's'} per study, ${settings.blinded ? 'blinded' : 'not blinded'}.\n`,
            );
        });
      },
    );

  appraise
    .command('status')
    .description('every included study: its tool, assessors, status and disagreements')
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const rows = await review.appraise.overview();
        if (global.json) {
          printJson(rows);
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['record', 'tool', 'unit', 'status', 'assessors', 'disagreements', 'study'],
            rows.map((r) => [
              r.recordId,
              r.toolId ?? '(none)',
              r.unit,
              r.status,
              r.assessors
                .map((a) => `${a.name}${a.state === 'complete' ? ' (done)' : ''}`)
                .join(', '),
              r.conflicts || '',
              `${r.authors}${r.year ? ` (${r.year})` : ''} ${r.title}`.slice(0, 60),
            ]),
          )}\n`,
        );
      });
    });

  appraise
    .command('assign')
    .description(
      "choose a study's tool (by default it comes from the charting form's risk-of-bias field)",
    )
    .argument('<record>', 'the study')
    .requiredOption('--tool <id>', 'tool id')
    .action(async (record: string, options: { tool: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.appraise.assign(parseRecordId(record), options.tool);
        if (global.json) printJson(result);
        else process.stdout.write(`Study ${result.recordId} is appraised with ${result.toolId}.\n`);
      });
    });

  appraise
    .command('answer')
    .description(
      "an assessor's signalling answers for one domain (or `overall`); the proposal follows by the tool's algorithm",
    )
    .argument('<record>', 'the study')
    .argument('<domain>', 'domain id (D1...), or overall')
    .requiredOption('--assessor <name>', 'who appraises')
    .option('--answers <json>', 'answers by question id, e.g. {"1.1":"Y"} (or @file.json)')
    .option(
      '--judgement <word>',
      'override the proposal (or judge a domain the tool leaves to the assessor)',
    )
    .option('--justification <text>', 'why the judgement differs from the proposal')
    .option('--unit <label>', 'the result or outcome appraised (tools appraised per result)')
    .action(
      async (
        record: string,
        domainId: string,
        options: {
          assessor: string;
          answers?: string;
          judgement?: string;
          justification?: string;
          unit?: string;
        },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const judged = await review.appraise.judge({
            recordId: parseRecordId(record),
            assessor: options.assessor,
            domainId,
            answers: answersArgument(options.answers),
            ...(options.judgement ? { judgement: options.judgement } : {}),
            ...(options.justification ? { justification: options.justification } : {}),
            ...(options.unit ? { unit: options.unit } : {}),
          });
          if (global.json) printJson(judged);
          else
            process.stdout.write(
              `Study ${judged.recordId} ${judged.domainId}: ${judged.judgement ?? '(no judgement yet)'}${judged.proposal && judged.proposal !== judged.judgement ? ` (proposed ${judged.proposal})` : ''}${judged.missing.length ? `; the algorithm needs ${judged.missing.join(', ')}` : ''}\n${
                judged.overall
                  ? `Study ${judged.recordId} overall: ${judged.overall.judgement ?? '(no judgement yet)'}${judged.overall.proposal && judged.overall.proposal !== judged.overall.judgement ? ` (proposed ${judged.overall.proposal}; your override stands)` : ''}\n`
                  : ''
              }`,
            );
        });
      },
    );

  appraise
    .command('finish')
    .description('the assessor has judged every domain of the study (and its overall)')
    .argument('<record>', 'the study')
    .requiredOption('--assessor <name>', 'who appraises')
    .option('--unit <label>', 'the result or outcome')
    .action(
      async (record: string, options: { assessor: string; unit?: string }, command: Command) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.appraise.finish(
            parseRecordId(record),
            options.assessor,
            options.unit,
          );
          if (global.json) printJson(result);
          else
            process.stdout.write(
              `${options.assessor} finished study ${result.recordId}${result.closed ? '; it is closed' : ''}.\n`,
            );
        });
      },
    );

  appraise
    .command('show')
    .description('one study as an assessor sees it')
    .argument('<record>', 'the study')
    .requiredOption('--assessor <name>', 'whose judgements')
    .option('--unit <label>', 'the result or outcome')
    .action(
      async (record: string, options: { assessor: string; unit?: string }, command: Command) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const view = await review.appraise.view(
            parseRecordId(record),
            options.assessor,
            options.unit,
          );
          if (global.json) {
            printJson(view);
            return;
          }
          process.stdout.write(
            `${view.study.authors} ${view.study.title} (${view.toolId}); ${options.assessor}: ${view.mine}\n`,
          );
          process.stdout.write(
            `${formatTable(
              ['domain', 'proposed', 'judgement', 'justification'],
              view.judgements.map((j) => [
                j.domainId,
                j.proposal ?? '',
                j.judgement ?? '',
                j.justification ?? '',
              ]),
            )}\n`,
          );
        });
      },
    );

  appraise
    .command('reconcile')
    .description('the disagreements waiting for the lead, domain by domain')
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const queue = await review.appraise.reconcile();
        if (global.json) {
          printJson(queue);
          return;
        }
        if (queue.length === 0) process.stdout.write('No disagreement waits.\n');
        for (const item of queue) {
          process.stdout.write(
            `study ${item.recordId} ${item.toolId} ${item.domainId} ${item.domain}${item.unit ? ` [${item.unit}]` : ''}\n`,
          );
          for (const j of item.judgements)
            process.stdout.write(
              `  ${j.assessor}: ${j.judgement ?? '-'}${j.proposal && j.proposal !== j.judgement ? ` (proposed ${j.proposal}; ${j.justification ?? ''})` : ''}\n`,
            );
        }
      });
    });

  appraise
    .command('resolve')
    .description("settle a disagreement with the domain's judgement")
    .argument('<record>', 'the study')
    .argument('<domain>', 'domain id, or overall')
    .argument('<judgement>', 'the judgement')
    .option('--unit <label>', 'the result or outcome')
    .option('--reviewer <name>', "the resolver (default: the review's lead, when it has one)")
    .option('--justification <text>', 'why')
    .action(
      async (
        record: string,
        domainId: string,
        judgement: string,
        options: { unit?: string; reviewer?: string; justification?: string },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.appraise.resolve({
            recordId: parseRecordId(record),
            domainId,
            judgement,
            resolver: await resolverOf(review, options.reviewer),
            ...(options.unit ? { unit: options.unit } : {}),
            ...(options.justification ? { justification: options.justification } : {}),
          });
          if (global.json) printJson(result);
          else
            process.stdout.write(
              `Study ${result.recordId} ${result.domainId}: ${result.judgement}.\n`,
            );
        });
      },
    );

  appraise
    .command('agreement')
    .description("agreement between assessors per domain (percent, Cohen's kappa)")
    .option('--tool <id>', 'one tool only')
    .action(async (options: { tool?: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const rows = await review.appraise.agreement(options.tool);
        if (global.json) printJson(rows);
        else
          process.stdout.write(
            `${formatTable(
              ['tool', 'domain', 'compared', 'agreed', 'kappa'],
              rows.map((r) => [
                r.toolId,
                r.domainId,
                r.n,
                r.percent === null ? '' : `${Math.round(r.percent * 100)}%`,
                r.kappa === null ? '' : r.kappa.toFixed(2),
              ]),
            )}\n`,
          );
      });
    });

  appraise
    .command('plot')
    .description(
      'the traffic-light or summary plot of a tool, from the review or from a robvis CSV',
    )
    .requiredOption('--type <type>', 'traffic | summary')
    .requiredOption(
      '--tool <id>',
      'tool id (with --from: rob1 or generic for a table with named domains)',
    )
    .option('--format <format>', 'svg | png | pdf', 'svg')
    .option('--from <csv>', 'draw from a robvis table instead of the review (no database needed)')
    .option('--weighted', 'summary plot: weight each study by its Weight column')
    .option('--palette <palette>', 'cochrane | colourblind', 'cochrane')
    .requiredOption('-o, --output <file>', 'where to write the figure')
    .action(
      async (
        options: {
          type: string;
          tool: string;
          format: string;
          from?: string;
          weighted?: boolean;
          palette: string;
          output: string;
        },
        command: Command,
      ) => {
        if (!['traffic', 'summary'].includes(options.type))
          throw usageError(`--type is traffic or summary, got "${options.type}".`);
        if (!(PLOT_FORMATS as readonly string[]).includes(options.format))
          throw usageError(
            `--format is one of ${PLOT_FORMATS.join(', ')}, got "${options.format}".`,
          );
        if (!['cochrane', 'colourblind'].includes(options.palette))
          throw usageError(`--palette is cochrane or colourblind, got "${options.palette}".`);
        const palette = options.palette as Palette;
        const draw = async (table: Parameters<typeof trafficLightScene>[0]) => {
          const scene =
            options.type === 'traffic'
              ? trafficLightScene(table, palette)
              : summaryScene(table, { palette, weighted: Boolean(options.weighted) });
          const rendered = await renderScene(scene, options.format as PlotFormat);
          await writeWhole(options.output, rendered.bytes);
          return table.rows.length;
        };
        let studies: number;
        if (options.from) {
          if (!existsSync(options.from)) throw usageError(`There is no file at ${options.from}.`);
          const table = importRobvisCsv(
            await readFile(options.from, 'utf8'),
            options.tool,
            basename(options.from),
          );
          if (options.weighted && table.rows.some((r) => r.weight === undefined))
            throw usageError(`--weighted needs a Weight column in ${options.from}.`);
          studies = await draw(table);
        } else
          studies = await withReview(command, async (review) => {
            const table = await review.appraise.table(options.tool);
            if (table.rows.length === 0)
              throw usageError(
                `No study appraised with ${options.tool} is settled yet: nothing to plot.`,
              );
            return draw(table);
          });
        if (globalOptions(command).json)
          printJson({
            file: options.output,
            type: options.type,
            tool: options.tool,
            format: options.format,
            studies,
          });
        else
          process.stdout.write(
            `Wrote the ${options.type} plot of ${studies} studies to ${options.output}.\n`,
          );
      },
    );

  appraise
    .command('import')
    .description(
      "an assessor's judgements made elsewhere, from a robvis table (Study, D1..Dn, Overall): recorded as their finished appraisal; all or nothing",
    )
    .argument('<table>', 'the robvis CSV')
    .requiredOption('--tool <id>', 'tool id')
    .requiredOption('--assessor <name>', 'whose judgements the table holds')
    .action(async (file: string, options: { tool: string; assessor: string }, command: Command) => {
      if (!existsSync(file)) throw usageError(`There is no file at ${file}; nothing was imported.`);
      const text = await readFile(file, 'utf8');
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.appraise.importTable({
          text,
          fileName: basename(file),
          toolId: options.tool,
          assessor: options.assessor,
        });
        if (global.json) printJson(result);
        else
          process.stdout.write(
            `${result.file}: ${result.judgements} judgements for ${result.studies} studies by ${options.assessor}.\n`,
          );
      });
    });

  appraise
    .command('export')
    .description("a tool's settled judgements as robvis's CSV (Study, D1..Dn, Overall)")
    .option('--format <format>', 'robvis-csv', 'robvis-csv')
    .requiredOption('--tool <id>', 'tool id')
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .action(
      async (options: { format: string; tool: string; output?: string }, command: Command) => {
        if (options.format !== 'robvis-csv')
          throw usageError(`--format is robvis-csv, got "${options.format}".`);
        await withReview(command, async (review, _summary, _workbench, global) => {
          const table = await review.appraise.table(options.tool);
          const text = exportRobvisCsv(table);
          if (!options.output) process.stdout.write(text);
          else {
            await writeWhole(options.output, text);
            if (global.json) printJson({ file: options.output, studies: table.rows.length });
            else process.stdout.write(`Wrote ${table.rows.length} studies to ${options.output}.\n`);
          }
        });
      },
    );
}
