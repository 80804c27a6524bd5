import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('dist/cli.mjs');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

/** Runs the bundled CLI as a user would, in its own process. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    // A process that does not exit (a handle left open) fails the test instead of hanging it.
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: undefined, ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    status: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    json: <T>() => JSON.parse(result.stdout) as T,
  };
}

/** A CLI bound to one fresh database (SQLite file, or a PostgreSQL url). */
export function cliFor(url?: string): (args: string[]) => CliResult {
  const db = url ?? join(mkdtempSync(join(tmpdir(), 'rb-cli-')), 'review.db');
  const isPostgres = db.startsWith('postgres');
  return (args) =>
    runCli(isPostgres ? args : ['--db', db, ...args], {
      env: isPostgres ? { DATABASE_URL: db } : {},
    });
}
