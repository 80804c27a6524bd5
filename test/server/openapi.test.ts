import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '#core/errors';
import { ROUTES, statusForCode } from '#server/index';
import { buildOpenApiDocument } from '#server/openapi';

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument(ROUTES) as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          requestBody?: {
            content: Record<
              string,
              { schema: { properties?: Record<string, unknown>; required?: string[] } }
            >;
          };
        }
      >
    >;
  };

  it('lists every route once, with its method', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(ROUTES.map((r) => `/api/${r.name}`).sort());
    expect(Object.keys(document.paths['/api/report.prisma']!)).toEqual(['get']);
    expect(Object.keys(document.paths['/api/screen.decide']!)).toEqual(['post']);
  });

  it('describes request bodies from the zod schemas', () => {
    const decide =
      document.paths['/api/screen.decide']!.post!.requestBody!.content['application/json']!.schema;
    expect(decide.required?.sort()).toEqual(['decision', 'recordId', 'reviewId', 'stage']);
    expect(decide.properties?.stage).toEqual({ type: 'string', enum: ['ti-ab', 'full-text'] });
    const upload =
      document.paths['/api/identify.import']!.post!.requestBody!.content['multipart/form-data']!
        .schema;
    expect(upload.properties?.file).toEqual({
      type: 'array',
      items: { type: 'string', format: 'binary' },
    });
  });
});

describe('error codes to HTTP statuses (errors.ts)', () => {
  it.each([
    ['review/not-found', 404],
    ['deduplicate/pair-not-found', 404],
    ['screen/forbidden', 403],
    ['auth/forbidden', 403],
    ['auth/unauthenticated', 401],
    ['auth/rate-limited', 429],
    ['usage', 400],
    ['unknown-name', 400],
    ['validation', 400],
    ['screen/bad-tag', 400],
    ['screen/reason-required', 400],
    ['screen/unknown-reason', 400],
    ['screen/no-conflict', 409],
    ['screen/not-eligible', 409],
    ['screen/duplicate', 409],
    ['identify/not-rerunnable', 409],
    ['screen/nothing-to-undo', 409],
    ['screen/no-calibration', 409],
    ['team/last-lead', 409],
    ['team/invitation-wrong-user', 403],
    ['jobs/worker-stopped', 500],
  ])('%s -> %i', (code, status) => {
    expect(statusForCode(code)).toBe(status);
  });

  it('gives every code of the table a status other than 500 unless it is a failure on our side', () => {
    for (const [code, kind] of Object.entries(ERROR_CODES))
      expect(statusForCode(code) === 500, code).toBe(kind === 'failed');
  });
});
