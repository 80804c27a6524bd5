import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { DomainError, errorKind } from '#core/errors';
import type { ErrorKind } from '#core/errors';

/** The JSON body of every error answer: a stable code the UI can switch on, and a message for people. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The HTTP status of each kind of error: complete, or this does not compile. */
const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  'bad-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
  failed: 500,
};

/** The HTTP status for a DomainError code: the one place codes meet statuses. */
export function statusForCode(code: string): ContentfulStatusCode {
  return STATUS[errorKind(code)];
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
