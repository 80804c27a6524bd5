import { z } from 'zod';
import { FORMAT_IDS } from '#core/formats/index';
import { DATABASE_IDS, QUERY_SYNTAXES, translateSearch } from '#core/identify/index';
import type { ImportFileResult } from '#engine/index';
import type { UploadedFile } from '../uploads';
import { allowedTo, anyMember, defineRoute } from './define';

const reviewId = z.number().int().positive();
const upload = z.custom<UploadedFile>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<UploadedFile>).path === 'string',
  'expected a file',
);

export const identifyRoutes = [
  defineRoute({
    name: 'identify.import',
    summary:
      'Imports one or more export files (multipart/form-data: reviewId, file..., source, platform, searchedOn, query, format)',
    method: 'POST',
    body: 'multipart',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      file: z.array(upload).min(1, 'attach at least one file'),
      source: z.string().trim().min(1).optional(),
      platform: z.string().trim().min(1).optional(),
      searchedOn: z.string().trim().min(1).optional(),
      query: z.string().trim().min(1).optional(),
      /** The files' format when detection is in doubt; default: read from the content. */
      format: z.enum([...FORMAT_IDS, 'xlsx']).optional(),
    }),
    scope: 'review',
    allow: allowedTo('import'),
    returns: '{ files: ImportFileResult[] }',
    async handle({ input, access }) {
      const files: ImportFileResult[] = [];
      // Each file was streamed to disk as it arrived; it is read from there once.
      for (const file of input.file) {
        files.push(
          await access.review.identify.importPath(file.path, {
            fileName: file.name,
            source: input.source,
            platform: input.platform,
            searchedOn: input.searchedOn,
            query: input.query,
            format: input.format,
          }),
        );
      }
      return { files };
    },
  }),
  defineRoute({
    name: 'identify.retract',
    summary:
      'Retracts an import batch (its records leave every stage; refused while any has a screening decision, note or tag)',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      batchId: z.number().int().positive(),
      reason: z.string().trim().min(1, 'say why the batch is retracted').max(500),
    }),
    scope: 'review',
    allow: allowedTo('import'),
    returns: '{ batchId, fileName, source, records, dedupPairs, dedupDecisions }',
    handle: ({ input, access }) => access.review.identify.retract(input.batchId, input.reason),
  }),
  defineRoute({
    name: 'identify.log',
    summary: 'The PRISMA-S search log',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: 'SearchLogEntry[]',
    handle: ({ access }) => access.review.identify.log(),
  }),
  defineRoute({
    name: 'identify.translate',
    summary: 'Translates a search query or a numbered strategy between databases',
    method: 'POST',
    body: 'json',
    input: z.object({
      query: z.string().min(1).max(20_000),
      from: z.enum(QUERY_SYNTAXES),
      to: z.enum(DATABASE_IDS),
    }),
    scope: 'user',
    returns: '{ query, lines: [{ number, source, query, warnings, errors }], warnings, errors }',
    handle: async ({ input }) => translateSearch(input.query, { from: input.from, to: input.to }),
  }),
];
