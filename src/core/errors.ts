/**
 * A broken invariant or a refused command, with a stable `code`. Only
 * `server/errors.ts` maps codes to HTTP statuses and only `cli/output.ts` maps
 * them to exit codes.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
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
