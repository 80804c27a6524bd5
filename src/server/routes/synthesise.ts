import { z } from 'zod';
import { DomainError } from '#core/errors';
import { CHART_FORMATS, renderChart } from '#engine/synthesise/charts';
import type { ChartRequest } from '#engine/synthesise/charts';
import { anyMember, defineRoute, figureResponse } from './define';

const reviewId = z.number().int().positive();
const field = z.string().trim().min(1).max(64);

/** Which chart: a field's frequencies, publications per year, or an evidence map. */
const chartInput = {
  kind: z.enum(['frequencies', 'timeline', 'map']),
  field: field.optional(),
  x: field.optional(),
  y: field.optional(),
  colour: field.optional(),
  panel: field.optional(),
  /** An evidence map's panels wrap onto further rows past this width (pixels). */
  maxWidth: z.coerce.number().int().min(300).max(5000).optional(),
};

function chartRequest(input: {
  kind: 'frequencies' | 'timeline' | 'map';
  field?: string | undefined;
  x?: string | undefined;
  y?: string | undefined;
  colour?: string | undefined;
  panel?: string | undefined;
  maxWidth?: number | undefined;
}): ChartRequest {
  if (input.kind === 'timeline') return { kind: 'timeline' };
  if (input.kind === 'frequencies') {
    if (!input.field) throw new DomainError('usage', 'A frequency chart names its field.');
    return { kind: 'frequencies', field: input.field };
  }
  if (!input.x || !input.y)
    throw new DomainError('usage', 'An evidence map names its x and y fields.');
  return {
    kind: 'map',
    x: input.x,
    y: input.y,
    ...(input.colour ? { colour: input.colour } : {}),
    ...(input.panel ? { panel: input.panel } : {}),
    ...(input.maxWidth ? { maxWidth: input.maxWidth } : {}),
  };
}

/**
 * Synthesise: read-only tables over the settled charting (agreed or resolved values only, as
 * settled screening outcomes are shown to every member); every member may read them.
 */
export const synthesiseRoutes = [
  defineRoute({
    name: 'synthesise.frequencies',
    summary: 'How many studies fall in each value of a field',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, field }),
    scope: 'review',
    allow: anyMember,
    returns: '{ value, count, recordIds }[]',
    handle: ({ input, access }) => access.review.synthesise.frequencies(input.field),
  }),
  defineRoute({
    name: 'synthesise.crosstab',
    summary: 'Two fields against each other, with the studies behind every cell',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, rows: field, cols: field }),
    scope: 'review',
    allow: anyMember,
    returns: '{ rows, cols, cells: [{ row, col, count, recordIds }] }',
    handle: ({ input, access }) => access.review.synthesise.crosstab(input.rows, input.cols),
  }),
  defineRoute({
    name: 'synthesise.stratify',
    summary:
      'For each value of a field: its studies, the tally of another, risk of bias and quotes',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, by: field, tally: field }),
    scope: 'review',
    allow: anyMember,
    returns: 'Stratum[]',
    handle: ({ input, access }) => access.review.synthesise.stratify(input.by, input.tally),
  }),
  defineRoute({
    name: 'synthesise.map',
    summary: 'Evidence-map data: bubbles of two fields, coloured by a third, panels by a fourth',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      x: field,
      y: field,
      colour: field.optional(),
      panel: field.optional(),
    }),
    scope: 'review',
    allow: anyMember,
    returns: 'EvidenceMap',
    handle: ({ input, access }) =>
      access.review.synthesise.map({
        x: input.x,
        y: input.y,
        ...(input.colour ? { colour: input.colour } : {}),
        ...(input.panel ? { panel: input.panel } : {}),
      }),
  }),
  defineRoute({
    name: 'synthesise.timeline',
    summary: 'Publications per year',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: '{ year, count, recordIds }[]',
    handle: ({ access }) => access.review.synthesise.timeline(),
  }),
  defineRoute({
    name: 'synthesise.table',
    summary: 'The characteristics table: chosen fields, a row per settled study',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, fields: z.array(field).min(1).max(40) }),
    scope: 'review',
    allow: anyMember,
    returns: '{ columns, rows }',
    handle: ({ input, access }) => access.review.synthesise.table(input.fields),
  }),
  defineRoute({
    name: 'synthesise.chart',
    summary: 'A chart spec (frequencies, publications per year, evidence map) to draw as SVG',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, ...chartInput }),
    scope: 'review',
    allow: anyMember,
    returns: 'ChartSpec { kind, title, width, height, option }',
    handle: ({ input, access }) => access.review.synthesise.chart(chartRequest(input)),
  }),
  defineRoute({
    name: 'synthesise.chartFile',
    summary: 'A synthesis chart as a file (SVG, PNG or PDF)',
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      ...chartInput,
      format: z.enum(CHART_FORMATS).default('svg'),
    }),
    scope: 'review',
    allow: anyMember,
    returns: 'the figure',
    async handle({ input, access }) {
      const spec = await access.review.synthesise.chart(chartRequest(input));
      const figure = await renderChart(spec, input.format);
      return figureResponse(
        figure.bytes,
        figure.contentType,
        `${spec.kind}.${input.format}`,
        'attachment',
      );
    },
  }),
];
