import { z } from 'zod';
import { anyMember, defineRoute } from './define';

const reviewId = z.number().int().positive();
const field = z.string().trim().min(1).max(64);

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
];
