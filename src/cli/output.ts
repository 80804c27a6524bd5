import { rename, rm, writeFile } from 'node:fs/promises';
import pc from 'picocolors';
import { DomainError, errorKind } from '#core/errors';
import { isErrorCode } from '#core/error-codes';
import type { ParseIssue } from '#core/domain/index';

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Error codes that mean "you called it wrong" rather than "it failed". */
const USAGE_CODES = new Set([
  'unknown-name',
  'usage',
  'review/unknown-type',
  'identify/unknown-source-kind',
]);

/** Raised by commands for bad arguments the parser could not catch. */
export function usageError(message: string): DomainError {
  return new DomainError('usage', message);
}

/** The one place that maps errors to exit codes and messages. */
export function exitCodeFor(error: unknown): number {
  const known = explained(error);
  if (known instanceof DomainError)
    return USAGE_CODES.has(known.code) ||
      (isErrorCode(known.code) && errorKind(known.code) === 'bad-input')
      ? EXIT.usage
      : EXIT.failed;
  return EXIT.failed;
}

/** What a file the user named could not be read as, in a sentence. */
const FILE_ERRORS: Record<string, (path: string) => string> = {
  ENOENT: (path) => `There is no file at ${path}.`,
  EISDIR: (path) =>
    `${path} is a directory; name the export files in it instead (for example ${path.replace(/\/$/, '')}/*.ris).`,
  ENOTDIR: (path) => `${path} is not a path to a file: a part of it is not a directory.`,
  EACCES: (path) => `${path} may not be read (permission denied).`,
  EPERM: (path) => `${path} may not be read (operation not permitted).`,
};

/** A file-system error on a path the user gave, as a usage error with a sentence; others as they are. */
function explained(error: unknown): unknown {
  const errno = error as NodeJS.ErrnoException;
  const sentence = errno?.code ? FILE_ERRORS[errno.code] : undefined;
  if (sentence && typeof errno.path === 'string')
    return new DomainError('usage', sentence(errno.path));
  if (errno?.code === 'EISDIR')
    return new DomainError('usage', 'A directory was named where a file belongs; name a file.');
  return error;
}

export function printError(thrown: unknown, json: boolean): void {
  const error = explained(thrown);
  if (json) {
    const body =
      error instanceof DomainError
        ? {
            error: {
              code: error.code,
              message: error.message,
              ...(error.details ? { details: error.details } : {}),
            },
          }
        : { error: { code: 'internal', message: (error as Error).message ?? String(error) } };
    process.stdout.write(`${JSON.stringify(body)}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${pc.red('error')} ${message}\n`);
}

/** Writes a value as one JSON document. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `file:line: severity code message`, the form editors jump to. */
export function formatIssue(file: string, issue: ParseIssue): string {
  const colour =
    issue.severity === 'error' ? pc.red : issue.severity === 'warning' ? pc.yellow : pc.dim;
  return `${file}:${issue.line}: ${colour(issue.severity)} ${issue.code} ${issue.message}`;
}

/** A plain text table with padded columns. */
export function formatTable(
  headers: string[],
  rows: (string | number | null | undefined)[][],
): string {
  const cells = [
    headers,
    ...rows.map((row) =>
      row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))),
    ),
  ];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [pc.bold(line(cells[0]!)), ...cells.slice(1).map(line)].join('\n');
}

/** Writes a large JSON document piece by piece so memory stays flat. */
export async function writeChunks(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk))
      await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

/** A record id typed on the command line, or a usage error saying what one is. */
export function parseRecordId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1)
    throw usageError(`A record id is a positive whole number, got "${value}".`);
  return id;
}

/** Writes a file whole or not at all. */
export async function writeWhole(path: string, content: string | Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, content);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
