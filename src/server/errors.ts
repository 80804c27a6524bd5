import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { DomainError } from '#core/errors';

/** The JSON body of every error answer: a stable code the UI can switch on, and a message for people. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

// Codes are `<area>/<what>`; the `<what>` decides the status, so a new engine error needs no entry here.
const EXACT: Record<string, ContentfulStatusCode> = {
  'auth/unauthenticated': 401,
  'auth/forbidden': 403,
  'auth/cross-site': 403,
  'auth/rate-limited': 429,
  usage: 400,
  'unknown-name': 400,
  validation: 400,
  'http/not-found': 404,
};

const BY_SUFFIX: [RegExp, ContentfulStatusCode][] = [
  [/\/not-found$|-not-found$/, 404],
  [/\/forbidden$/, 403],
  [/\/(bad-|unknown-|empty-)[\w-]*$|\/reason-required$|\/[\w-]*-required$/, 400],
  [/\/(no-conflict|not-eligible|duplicate|not-rerunnable|nothing-to-undo|none)$/, 409],
];

/** The HTTP status for a DomainError code: the one place codes meet statuses. */
export function statusForCode(code: string): ContentfulStatusCode {
  const exact = EXACT[code];
  if (exact) return exact;
  for (const [pattern, status] of BY_SUFFIX) if (pattern.test(code)) return status;
  return 500;
}

/** Turns anything thrown in a route into a status and an error body; unexpected errors hide their message. */
export function describeError(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ZodError) {
    const message = error.issues
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; ');
    return {
      status: 400,
      body: {
        error: {
          code: 'validation',
          message,
          details: error.issues.map((i) => ({ path: i.path, message: i.message })),
        },
      },
    };
  }
  if (error instanceof DomainError) {
    const status = statusForCode(error.code);
    if (status === 500)
      return { status, body: { error: { code: error.code, message: 'Internal error.' } } };
    return { status, body: { error: { code: error.code, message: error.message } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error.' } } };
}

/** Hono's `onError` handler: logs what was not expected, answers the mapped error. */
export function handleError(error: unknown, c: Context): Response {
  const { status, body } = describeError(error);
  if (status === 500) console.error(error);
  return c.json(body, status);
}
