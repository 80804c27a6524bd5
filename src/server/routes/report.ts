import { z } from 'zod';
import { exportPrismaCsv, formatPrismaJson, renderPrismaSvg } from '#core/report/index';
import type { PrismaDiagramOptions } from '#core/report/index';
import { checkPrismaCounts } from '#core/report/index';
import { renderPrismaPdf, renderPrismaPng } from '#engine/report/render';
import { allowedTo, defineRoute } from './define';

const PRISMA_FORMATS = ['svg', 'png', 'pdf', 'csv', 'json'] as const;
const CONTENT_TYPES: Record<(typeof PRISMA_FORMATS)[number], string> = {
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export const reportRoutes = [
  defineRoute({
    name: 'report.prismaCounts',
    summary:
      'PRISMA counts computed from the review history, what is still open, and arithmetic checks',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId: z.number().int().positive() }),
    scope: 'review',
    allow: allowedTo('viewReport'),
    returns: '{ counts, pending, violations }',
    async handle({ access }) {
      const result = await access.review.report.prismaCounts();
      return {
        counts: result.counts,
        pending: result.pending,
        violations: checkPrismaCounts(result.counts, { acknowledge: result.acknowledge }),
      };
    },
  }),
  defineRoute({
    name: 'report.prisma',
    summary: 'The PRISMA flow diagram as a file (svg, png, pdf, csv or json)',
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      format: z.enum(PRISMA_FORMATS).default('svg'),
    }),
    scope: 'review',
    allow: allowedTo('viewReport'),
    returns: 'the file, as an attachment',
    async handle({ input, access }) {
      const { counts } = await access.review.report.prismaCounts();
      const settings = await access.review.settings();
      const summary = (await access.review.status()).review;
      const diagram: PrismaDiagramOptions = {
        reviewType: summary.type,
        boxText: settings.report?.boxText,
      };
      let body: string | Uint8Array;
      if (input.format === 'json') body = formatPrismaJson(counts);
      else if (input.format === 'csv')
        body = exportPrismaCsv(counts, {
          reviewType: diagram.reviewType,
          boxText: diagram.boxText,
        });
      else if (input.format === 'svg') body = renderPrismaSvg(counts, diagram);
      else if (input.format === 'png') body = renderPrismaPng(counts, diagram);
      else
        body = await renderPrismaPdf(counts, {
          ...diagram,
          title: `PRISMA flow diagram: ${summary.title}`,
        });
      return new Response(body as BodyInit, {
        headers: {
          'content-type': CONTENT_TYPES[input.format],
          'content-disposition': `attachment; filename="prisma-review-${access.reviewId}.${input.format}"`,
        },
      });
    },
  }),
  defineRoute({
    name: 'report.checklist',
    summary:
      'A reporting checklist filled from the review: [{ item, section, title, status, text }]',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId: z.number().int().positive(),
      type: z.enum(['prisma-scr', 'prisma-2020']),
    }),
    scope: 'review',
    allow: allowedTo('viewReport'),
    returns: '{ item, section, title, status, text }[]',
    handle: ({ input, access }) => access.review.report.checklist(input.type),
  }),
  defineRoute({
    name: 'report.checklistFile',
    summary: 'The filled checklist as DOCX, PDF or HTML',
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      type: z.enum(['prisma-scr', 'prisma-2020']),
      format: z.enum(['docx', 'pdf', 'html']).default('docx'),
    }),
    scope: 'review',
    allow: allowedTo('viewReport'),
    returns: 'the file, as an attachment',
    async handle({ input, access }) {
      const file = await access.review.report.checklistFile(input.type, input.format);
      return attachment(file.bytes, file.contentType, `${input.type}-checklist.${input.format}`);
    },
  }),
  defineRoute({
    name: 'report.file',
    summary:
      'The report drafted from the review (DOCX, PDF, HTML) with its references in a CSL style',
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      format: z.enum(['docx', 'pdf', 'html']).default('docx'),
      style: z.string().trim().min(1).max(20).default('vancouver'),
    }),
    scope: 'review',
    allow: allowedTo('viewReport'),
    returns: 'the file, as an attachment',
    async handle({ input, access }) {
      const file = await access.review.report.file(input.format, { style: input.style });
      return attachment(
        file.bytes,
        file.contentType,
        `review-${access.reviewId}-report.${input.format}`,
      );
    },
  }),
  defineRoute({
    name: 'report.workbook',
    summary: "The workbook: settled charting, every member's charted values, appraisals, searches",
    method: 'GET',
    body: 'query',
    input: z.object({ reviewId: z.coerce.number().int().positive() }),
    scope: 'review',
    allow: allowedTo('exportReview'),
    returns: 'the .xlsx, as an attachment',
    async handle({ access }) {
      const file = await access.review.report.file('xlsx');
      return attachment(file.bytes, file.contentType, `review-${access.reviewId}-data.xlsx`);
    },
  }),
  defineRoute({
    name: 'report.bundle',
    summary:
      "The reproducibility bundle: every stage's data, full texts, figures, manifest of hashes",
    method: 'GET',
    body: 'query',
    input: z.object({ reviewId: z.coerce.number().int().positive() }),
    scope: 'review',
    allow: allowedTo('exportReview'),
    returns: 'the .zip, as an attachment',
    async handle({ access }) {
      const { bytes } = await access.review.report.bundle();
      return attachment(bytes, 'application/zip', `review-${access.reviewId}-bundle.zip`);
    },
  }),
];

function attachment(bytes: Uint8Array, contentType: string, fileName: string): Response {
  return new Response(bytes as BodyInit, {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${fileName}"`,
      'x-content-type-options': 'nosniff',
    },
  });
}
