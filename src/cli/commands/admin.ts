import type { Command } from 'commander';
import { globalOptions, storeUrl } from '#cli/context';
import { printJson, usageError } from '#cli/output';

/** Reads all of standard input (a password piped in, never an argument in the process list). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `reviewbench admin create`: the server's administrator, made on purpose (nobody becomes one by signing up first). */
export function registerAdminCommands(program: Command): void {
  const admin = program.command('admin').description('server administrators');
  admin
    .command('create')
    .description(
      'create an administrator account (or make an existing account one); the password comes from standard input or REVIEWBENCH_ADMIN_PASSWORD',
    )
    .requiredOption('--email <email>', 'the account’s email')
    .option('--name <name>', 'display name', 'Administrator')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (
        options: { email: string; name: string; passwordStdin?: boolean },
        command: Command,
      ) => {
        const global = globalOptions(command);
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(options.email.trim()))
          throw usageError(`--email takes an email address, got "${options.email}".`);
        const password = options.passwordStdin
          ? await readStdin()
          : process.env.REVIEWBENCH_ADMIN_PASSWORD;
        if (password === undefined)
          throw usageError(
            'Give the password on standard input with --password-stdin, or in REVIEWBENCH_ADMIN_PASSWORD.',
          );
        const { createAdministrator } = await import('#server/index');
        const made = await createAdministrator({
          url: storeUrl(global),
          email: options.email,
          name: options.name,
          password,
        });
        if (global.json) printJson(made);
        else
          process.stdout.write(
            made.created
              ? `${made.email} is an administrator; sign in with the password given.\n`
              : `${made.email} already had an account; it is now an administrator (its password is unchanged).\n`,
          );
      },
    );
}
