import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
// The serve command is the one place the CLI starts the server; it uses only the server's public entry.
import { globalOptions, storeUrl } from '#cli/context';
import { packageRoot } from '#cli/paths';
import { usageError } from '#cli/output';

/** How long a stopping server may take to finish what it is doing before the process ends. */
const STOP_GRACE_MS = 5000;

/** `reviewbench serve`: the web workbench (API + web app) on this machine. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the web workbench (API and web app) on http://127.0.0.1:4173')
    .option('--port <n>', 'port to listen on', '4173')
    .option(
      '--host <address>',
      'address to listen on (0.0.0.0 exposes it to the network)',
      '127.0.0.1',
    )
    .option('--origin <url>', 'public origin when behind a proxy, e.g. https://reviews.example.org')
    .addOption(
      new Option(
        '--sign-up <mode>',
        'who may create an account: invite-only (an invitation link) or open (default: REVIEWBENCH_SIGN_UP, else invite-only)',
      ).choices(['invite-only', 'open']),
    )
    .option(
      '--demo',
      'build the demo review and its accounts (into ./reviewbench-demo.db unless --db or DATABASE_URL)',
    )
    .action(
      async (
        options: {
          port: string;
          host: string;
          origin?: string;
          demo?: boolean;
          signUp?: 'invite-only' | 'open';
        },
        command: Command,
      ) => {
        const global = globalOptions(command);
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw usageError(`--port takes a port number, got "${options.port}".`);
        const url =
          options.demo && !global.db && !process.env.DATABASE_URL && !process.env.REVIEWBENCH_DB
            ? './reviewbench-demo.db'
            : storeUrl(global);
        const root = packageRoot();
        // Loaded on demand: the server, auth and their packages are for `serve` only, and every
        // other command starts faster without them.
        const { DEMO_ACCOUNTS, DEMO_PASSWORD, startServer } = await import('#server/index');
        const running = await startServer({
          url,
          host: options.host,
          port,
          publicOrigin: options.origin,
          webDist: join(root, 'web', 'dist'),
          demoSamplesDir: options.demo ? join(root, 'samples') : undefined,
          signUpMode: options.signUp,
        });
        process.stdout.write(
          `ReviewBench is serving ${running.workbench.store.location} at ${running.url}\n`,
        );
        if (running.demo) {
          process.stdout.write(
            `\nDemo review #${running.demo.review.id}: ${running.demo.review.title}\nSign in with password "${DEMO_PASSWORD}" as:\n`,
          );
          for (const account of DEMO_ACCOUNTS)
            process.stdout.write(`  ${account.email}  (${account.role})\n`);
        }
        if (running.setupUrl)
          process.stdout.write(
            `\nNo administrator yet. Create one by opening this one-time link:\n  ${running.setupUrl}\n(or stop the server and run \`reviewbench admin create --email ...\`)\n`,
          );
        process.stdout.write('\nPress Ctrl+C to stop.\n');
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            // Close gracefully, but a stop always stops: a retraining still running in the
            // ranking process or a pooled connection must not keep the process alive.
            setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
            void running.close().finally(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        process.exit(0);
      },
    );
}
