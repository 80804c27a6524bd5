import { z } from 'zod';
import { SCREEN_STAGES } from '#core/screen/workflow/index';
import { MAX_BULK } from '#engine/records/bulk';
import { MAX_PAGE, RECORD_SORTS, RECORD_STATUSES } from '#engine/records/browse';
import { EXPORT_FORMATS } from '#engine/records/export';
import type { ExportFormat } from '#engine/records/export';
import type { RecordStatus } from '#engine/records/browse';
import type { ReviewAccess } from './define';
import { allowedTo, anyMember, defineRoute, memberName } from './define';

const reviewId = z.number().int().positive();
const recordIds = z.array(z.number().int().positive()).min(1).max(MAX_BULK);

/** Who is looking, as the records list needs it: blinded screeners see their own votes only. */
function viewerOf(access: Pick<ReviewAccess, 'member' | 'policies'>) {
  return { name: access.member?.name, seeOthers: access.policies.seeOthersDecisions };
}

const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ris: 'application/x-research-info-systems; charset=utf-8',
  bibtex: 'application/x-bibtex; charset=utf-8',
  'csl-json': 'application/vnd.citationstyles.csl+json; charset=utf-8',
};
const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  xlsx: 'xlsx',
  ris: 'ris',
  bibtex: 'bib',
  'csl-json': 'json',
};

/** A file's text parts as a response body, read as the client takes them. */
function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export const recordsRoutes = [
  defineRoute({
    name: 'records.list',
    summary:
      "The review's records with their state per screening stage: searched, filtered, sorted, a page at a time (blinded screeners see settled outcomes and their own votes only)",
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      search: z.string().max(300).optional(),
      stage: z.enum(SCREEN_STAGES).optional(),
      status: z.enum(RECORD_STATUSES as [RecordStatus, ...RecordStatus[]]).optional(),
      reviewer: z.string().max(200).optional(),
      tag: z.string().max(40).optional(),
      batchId: z.number().int().positive().optional(),
      duplicates: z.boolean().optional(),
      sort: z.enum(RECORD_SORTS).optional(),
      direction: z.enum(['asc', 'desc']).optional(),
      limit: z.number().int().min(1).max(MAX_PAGE).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    scope: 'review',
    allow: anyMember,
    returns:
      '{ total, records: [{ id, title?, authors?, year?, journal?, doi?, batchId, source?, duplicateOf?, stages: { ti-ab, full-text }: { status, resolved?, mine?, voters? }, tags }] }',
    handle: ({ input, access }) => {
      const { reviewId: _reviewId, ...options } = input;
      return access.review.browse.list(viewerOf(access), options);
    },
  }),
  defineRoute({
    name: 'records.export',
    summary:
      "The records the list filters select, as a file: a CSV or XLSX sheet (ReviewBench and source ids, each stage's outcome and reason) or RIS, BibTeX, CSL-JSON",
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      format: z.enum(EXPORT_FORMATS).default('csv'),
      search: z.string().max(300).optional(),
      stage: z.enum(SCREEN_STAGES).optional(),
      status: z.enum(RECORD_STATUSES as [RecordStatus, ...RecordStatus[]]).optional(),
      reviewer: z.string().max(200).optional(),
      tag: z.string().max(40).optional(),
      batchId: z.coerce.number().int().positive().optional(),
      duplicates: z
        .enum(['true', 'false'])
        .optional()
        .transform((value) => value === 'true'),
      sort: z.enum(RECORD_SORTS).optional(),
      direction: z.enum(['asc', 'desc']).optional(),
    }),
    scope: 'review',
    allow: anyMember,
    returns: 'the file, as an attachment',
    async handle({ input, access }) {
      const { reviewId: _reviewId, format, ...selection } = input;
      const exported = await access.review.browse.export(viewerOf(access), format, selection);
      const body = exported.bytes ?? (exported.chunks ? streamOf(exported.chunks) : '');
      return new Response(body as BodyInit, {
        headers: {
          'content-type': EXPORT_CONTENT_TYPES[format],
          'content-disposition': `attachment; filename="review-${access.reviewId}-records.${EXPORT_EXTENSIONS[format]}"`,
          'x-record-count': String(exported.count),
        },
      });
    },
  }),
  defineRoute({
    name: 'records.show',
    summary: 'One record in full with its import batch, duplicate links and history',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId: z.number().int().positive() }),
    scope: 'review',
    allow: anyMember,
    returns:
      '{ item, record, batch, duplicates, related, history: [{ at, who, stage?, action, decision?, reason?, text? }] }',
    handle: ({ input, access }) => access.review.browse.detail(input.recordId, viewerOf(access)),
  }),
  defineRoute({
    name: 'records.tag',
    summary: 'Tags many records at once (leads); records already tagged are left as they are',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordIds, tag: z.string().trim().min(1).max(40) }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ tagged, alreadyTagged }',
    handle: ({ input, access }) =>
      access.review.browse.tag({ ids: input.recordIds, tag: input.tag, by: memberName(access) }),
  }),
  defineRoute({
    name: 'records.exclude',
    summary:
      'Excludes many records at title/abstract as off-topic, with a reason (leads); settled records are skipped',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordIds, reason: z.string().trim().min(1).max(200) }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ excluded, alreadySettled }',
    handle: ({ input, access }) =>
      access.review.browse.exclude({
        ids: input.recordIds,
        reason: input.reason,
        by: memberName(access),
      }),
  }),
  defineRoute({
    name: 'records.calibrate',
    summary:
      'Puts records in the stage’s calibration round, which every reviewer screens first (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordIds, stage: z.enum(SCREEN_STAGES).default('ti-ab') }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ stage, recordIds, added }',
    handle: ({ input, access }) =>
      access.review.browse.calibrate({ ids: input.recordIds, stage: input.stage }),
  }),
];
