import type { Command } from 'commander';
import { Option } from 'commander';
import { withReview } from '#cli/context';
import { formatTable, printJson } from '#cli/output';

/** `reviewbench reviewer add|role|remove|invite|list`: the review's team. */
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
  reviewer
    .command('role')
    .description('change a member’s role (the last lead stays a lead)')
    .argument('<name>')
    .argument('<role>')
    .action(async (name: string, role: string, _options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const changed = await review.team.changeRole(name, role);
        if (global.json) printJson(changed);
        else process.stdout.write(`${changed.name} is now a ${changed.role} of this review.\n`);
      });
    });
  reviewer
    .command('remove')
    .description('remove a member; their decisions stay, named (never the last lead)')
    .argument('<name>')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const removed = await review.team.remove(name);
        if (global.json) printJson(removed);
        else process.stdout.write(`${removed.name} is no longer a member of this review.\n`);
      });
    });
  reviewer
    .command('invite')
    .description('make a single-use invitation link for the web workbench')
    .addOption(
      new Option('--role <role>', 'role')
        .choices(['lead', 'reviewer', 'viewer'])
        .default('reviewer'),
    )
    .option('--email <email>', 'only an account with this email may accept')
    .option('--days <n>', 'days the link stays valid', '7')
    .option('--origin <url>', 'where the server is reached', 'http://127.0.0.1:4173')
    .action(
      async (
        options: { role: string; email?: string; days: string; origin: string },
        command: Command,
      ) => {
        await withReview(command, async (review, _summary, _workbench, global) => {
          const made = await review.team.invite({
            role: options.role,
            email: options.email,
            days: Number(options.days),
          });
          const link = `${new URL(options.origin).origin}/#/invite/${made.token}`;
          if (global.json) printJson({ ...made, link });
          else
            process.stdout.write(
              `Invitation ${made.id} (${made.role}${made.email ? `, for ${made.email}` : ''}), valid until ${made.expiresAt}:\n  ${link}\nIt works once; send it to one person.\n`,
            );
        });
      },
    );
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
