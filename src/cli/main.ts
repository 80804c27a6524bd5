import { Command, CommanderError } from 'commander';
import { STAGES } from '#core/domain/stages';
import type { Stage } from '#core/domain/stages';
import { EXIT, exitCodeFor, printError } from './output';
import { registerIdentifyCommands } from './commands/identify';
import { registerDemoCommand } from './commands/demo';
import { registerDeduplicateCommands } from './commands/deduplicate';
import { registerReviewerCommands } from './commands/reviewers';
import { registerScreenCommands } from './commands/screen';
import { registerReportChecklist, registerReportCommands } from './commands/report';
import { registerRetrieveCommands } from './commands/retrieve';
import { registerExtractCommands } from './commands/extract';
import { registerAppraiseCommands } from './commands/appraise';
import { registerSynthesiseCommands } from './commands/synthesise';
import { registerProtocolCommands } from './commands/protocol';
import { registerSearchCommands } from './commands/search';
import { registerServeCommand } from './commands/serve';
import { registerAdminCommands } from './commands/admin';
import { registerSimulateCommand } from './commands/simulate';
import { registerBundleCommands } from './commands/bundle';

/**
 * Each pipeline stage's commands, by stage: a new stage's commands are one entry here, and
 * they take their place in `STAGES`' order in the help.
 */
export const STAGE_COMMANDS: { readonly [S in Stage]?: readonly ((program: Command) => void)[] } = {
  identify: [registerIdentifyCommands, registerSearchCommands],
  deduplicate: [registerDeduplicateCommands],
  screen: [registerScreenCommands, registerSimulateCommand],
  retrieve: [registerRetrieveCommands],
  extract: [registerExtractCommands],
  appraise: [registerAppraiseCommands],
  synthesise: [registerSynthesiseCommands],
  report: [registerReportCommands, registerReportChecklist, registerBundleCommands],
};

/** Builds the `reviewbench` command tree: the stages' commands in pipeline order, then the rest. */
export function buildProgram(): Command {
  const program = new Command('reviewbench')
    .description('ReviewBench: scoping and systematic reviews from protocol to PRISMA report')
    .option(
      '--db <path>',
      'SQLite database file (env REVIEWBENCH_DB; DATABASE_URL=postgres://... for PostgreSQL)',
    )
    .option('--review <id>', 'review id (default: the only or most recent review)')
    .option('--json', 'machine-readable JSON output')
    .option('--actor <name>', 'who is acting, recorded in the event log')
    .showHelpAfterError()
    .exitOverride();
  // The protocol comes before every stage.
  registerProtocolCommands(program);
  for (const stage of STAGES) for (const register of STAGE_COMMANDS[stage] ?? []) register(program);
  registerReviewerCommands(program);
  registerDemoCommand(program);
  registerServeCommand(program);
  registerAdminCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  // `reviewbench records | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    printError(error, argv.includes('--json'));
    process.exitCode = exitCodeFor(error);
  }
}

await main(process.argv);
