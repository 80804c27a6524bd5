import type { Command } from 'commander';
import { Option } from 'commander';
import { withReview } from '#cli/context';
import { formatTable, printJson } from '#cli/output';

/** `reviewbench reviewer add|list`: reviewer identities of a review. */
export function registerReviewerCommands(program: Command): void {
  const reviewer = program
    .command('reviewer')
    .description('reviewers of the review (identities; login comes with the server)');
  reviewer
    .command('add')
    .argument('<name>')
    .addOption(
      new Option('--role <role>', 'role')
        .choices(['lead', 'reviewer', 'viewer'])
        .default('reviewer'),
    )
    .action(async (name: string, options: { role: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const added = await review.screen.addReviewer(name, options.role);
        if (global.json) printJson(added);
        else process.stdout.write(`${added.name} is a ${added.role} of this review.\n`);
      });
    });
  reviewer.command('list').action(async (_options: unknown, command: Command) => {
    await withReview(command, async (review, _summary, _workbench, global) => {
      const list = await review.screen.reviewers();
      if (global.json) printJson(list);
      else
        process.stdout.write(
          `${formatTable(
            ['name', 'role', 'added'],
            list.map((r) => [r.name, r.role, r.addedAt]),
          )}\n`,
        );
    });
  });
}
