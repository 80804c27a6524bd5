import type { ErrorCode } from './error-codes';

export { ERROR_CODES, ERROR_KINDS, errorKind, isErrorCode } from './error-codes';
export type { ErrorCode, ErrorKind } from './error-codes';

/**
 * A broken invariant or a refused command, with a stable `code` from the one table
 * (error-codes.ts). Only `server/errors.ts` maps codes to HTTP statuses and only
 * `cli/output.ts` maps them to exit codes.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/** Builds the "Unknown X. Available: a, b, c" error used by every registry. */
export function unknownName(kind: string, name: string, available: readonly string[]): DomainError {
  return new DomainError(
    'unknown-name',
    `Unknown ${kind} "${name}". Available: ${available.join(', ')}`,
    { kind, name, available: [...available] },
  );
}
