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
];
