import type { Command } from 'commander';
import { Option } from 'commander';
import { SCREEN_STAGES } from '#core/screen/workflow/index';
import type { AgreementReport, StopCheckResult } from '#engine/screen/agreement';
import { withReview } from '#cli/context';
import { formatTable, printJson } from '#cli/output';

const stageOption = (): Option =>
  new Option('--stage <stage>', 'screening stage').choices([...SCREEN_STAGES]).default('ti-ab');
const fixed = (value: number | undefined, digits = 3): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);

/** `screen agreement`, `screen stop-check`, `screen calibrate`. */
export function registerAgreementCommands(screen: Command): void {
  screen
    .command('agreement')
    .description(
      "inter-rater agreement: percent, Cohen's kappa (SE, 95% CI), PABAK, Gwet's AC1, Fleiss' kappa",
    )
    .addOption(stageOption())
    .option('--calibration', 'only the calibration sample')
    .action(async (options: { stage: string; calibration?: boolean }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const report = await review.screen.agreement(options.stage, {
          calibration: options.calibration,
        });
        if (global.json) printJson(report);
        else process.stdout.write(`${formatAgreement(report)}\n`);
      });
    });

  screen
    .command('stop-check')
    .description(
      'what the stopping rules say: statistical (recall target, confidence), consecutive irrelevant, SAFE',
    )
    .addOption(stageOption())
    .option('--recall <target>', 'recall target', (v) => Number.parseFloat(v), 0.95)
    .option('--confidence <level>', 'confidence', (v) => Number.parseFloat(v), 0.95)
    .option(
      '--consecutive <n>',
      'consecutive irrelevant records',
      (v) => Number.parseInt(v, 10),
      100,
    )
    .action(
      async (
        options: { stage: string; recall: number; confidence: number; consecutive: number },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.screen.stopCheck(options.stage, {
            recallTarget: options.recall,
            confidence: options.confidence,
            consecutive: options.consecutive,
          });
          if (global.json) printJson(result);
          else process.stdout.write(`${formatStopCheck(result)}\n`);
        });
      },
    );

  screen
    .command('calibrate')
    .description(
      'start a calibration round: a random sample everyone screens first (or --close it)',
    )
    .addOption(stageOption())
    .option('--sample <n>', 'records in the sample', (v) => Number.parseInt(v, 10), 20)
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 1)
    .option('--close', 'end the calibration round')
    .action(
      async (
        options: { stage: string; sample: number; seed: number; close?: boolean },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          if (options.close) {
            await review.screen.closeCalibration();
            if (global.json) printJson({ closed: true });
            else process.stdout.write('Calibration round closed.\n');
            return;
          }
          const result = await review.screen.calibrate(options.stage, options.sample, options.seed);
          if (global.json) printJson(result);
          else
            process.stdout.write(
              `Calibration round of ${result.recordIds.length} records at ${result.stage}: every reviewer sees them first. Then: reviewbench screen agreement --calibration\n`,
            );
        });
      },
    );
}

function formatAgreement(report: AgreementReport): string {
  const lines = [
    `Agreement at ${report.stage}${report.calibration ? ' (calibration sample)' : ''}: ${report.itemsRatedTwice} records rated by two or more reviewers`,
  ];
  const rows = report.pairs.map((p) => {
    const s = p.stats;
    return [
      `${p.raterA} × ${p.raterB}`,
      s?.n,
      fixed(s?.percentAgreement),
      s
        ? `${fixed(s.cohen.kappa)} (SE ${fixed(s.cohen.se)}; ${fixed(s.cohen.ci[0])}–${fixed(s.cohen.ci[1])})`
        : '—',
      fixed(s?.brennanPrediger),
      fixed(s?.gwetAc1),
      s?.band,
    ];
  });
  lines.push(
    formatTable(
      ['pair', 'n', 'agreement', "Cohen's kappa (SE; 95% CI)", 'PABAK', 'AC1', 'band'],
      rows,
    ),
  );
  if (report.overall)
    lines.push(
      `Fleiss' kappa over ${report.raters.length} reviewers: ${fixed(report.overall.kappa)} (95% CI ${fixed(report.overall.ci[0])}–${fixed(report.overall.ci[1])})`,
    );
  return lines.join('\n');
}

function formatStopCheck(result: StopCheckResult): string {
  const lines = [
    `${result.screened}/${result.eligible} records settled at ${result.stage}; ${result.relevantFound} relevant; ${result.trailingIrrelevant} irrelevant in a row.`,
  ];
  for (const advice of result.advice)
    lines.push(`${advice.stop ? 'STOP ' : 'go on'}  ${advice.stopper}: ${advice.reason}`);
  return lines.join('\n');
}
