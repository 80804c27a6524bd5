import { z } from 'zod';
import { APPRAISAL_TOOLS, exportRobvisCsv, genericTool, toolSummary } from '#core/appraise/index';
import { renderScene } from '#engine/appraise/render';
import { allowedTo, anyMember, defineRoute, figureResponse, memberName } from './define';

const reviewId = z.number().int().positive();
const recordId = z.number().int().positive();
const unit = z.string().trim().max(200).optional();
const domainId = z.string().trim().min(1).max(40);
const word = z.string().trim().min(1).max(120);

/**
 * Appraise: the tools, each study's tool (from charting or the lead), the assessors' judgements
 * (always under the signed-in member's name, blind to each other), the lead's reconciliation,
 * agreement, and the robvis figures and table.
 */
export const appraiseRoutes = [
  defineRoute({
    name: 'appraise.tools',
    summary:
      "The appraisal tools (the shipped ones, then the review's own when its lead defined one): domains, signalling questions, answers, judgement levels",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: 'ToolSummary[]',
    handle: async ({ access }) => {
      const { tool } = await access.review.appraise.settings();
      return [...APPRAISAL_TOOLS, ...(tool ? [genericTool(tool)] : [])].map(toolSummary);
    },
  }),
  defineRoute({
    name: 'appraise.settings',
    summary: 'Assessors per study and blinding',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: '{ assessorsPerStudy, blinded }',
    handle: async ({ access }) => {
      const { assessorsPerStudy, blinded } = await access.review.appraise.settings();
      return { assessorsPerStudy, blinded };
    },
  }),
  defineRoute({
    name: 'appraise.configure',
    summary: "Sets assessors per study (1 or 2), blinding and the review's own tool (leads)",
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      assessorsPerStudy: z.number().int().optional(),
      blinded: z.boolean().optional(),
      tool: z.unknown().optional(),
    }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ assessorsPerStudy, blinded }',
    handle: async ({ input, access }) => {
      const { assessorsPerStudy, blinded } = await access.review.appraise.configure({
        ...(input.assessorsPerStudy !== undefined
          ? { assessorsPerStudy: input.assessorsPerStudy }
          : {}),
        ...(input.blinded !== undefined ? { blinded: input.blinded } : {}),
        ...(input.tool !== undefined ? { tool: input.tool } : {}),
      });
      return { assessorsPerStudy, blinded };
    },
  }),
  defineRoute({
    name: 'appraise.studies',
    summary: "The included studies with their tool and the caller's own progress",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('appraise'),
    returns: 'MyAppraisal[]',
    handle: ({ access }) => access.review.appraise.myStudies(memberName(access)),
  }),
  defineRoute({
    name: 'appraise.assign',
    summary: "Chooses a study's tool (leads)",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, toolId: word }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ recordId, toolId }',
    handle: ({ input, access }) => access.review.appraise.assign(input.recordId, input.toolId),
  }),
  defineRoute({
    name: 'appraise.view',
    summary: 'One study as the caller appraises it: their judgements; the consensus once closed',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, unit }),
    scope: 'review',
    allow: allowedTo('appraise'),
    returns: 'AppraisalView',
    handle: ({ input, access }) =>
      access.review.appraise.view(input.recordId, memberName(access), input.unit),
  }),
  defineRoute({
    name: 'appraise.judge',
    summary:
      "Records the caller's signalling answers for a domain (or overall); the proposal follows, an override needs a justification",
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      recordId,
      unit,
      domainId,
      answers: z.record(z.string().max(20), z.string().max(40)).optional(),
      judgement: word.nullable().optional(),
      justification: z.string().max(4000).optional(),
      quotes: z.record(z.string().max(20), z.unknown()).optional(),
    }),
    scope: 'review',
    allow: allowedTo('appraise'),
    returns: 'JudgedDomain',
    handle: ({ input, access }) =>
      access.review.appraise.judge({
        recordId: input.recordId,
        assessor: memberName(access),
        domainId: input.domainId,
        ...(input.unit ? { unit: input.unit } : {}),
        ...(input.answers ? { answers: input.answers } : {}),
        ...(input.judgement !== undefined ? { judgement: input.judgement } : {}),
        ...(input.justification ? { justification: input.justification } : {}),
        ...(input.quotes ? { quotes: input.quotes } : {}),
      }),
  }),
  defineRoute({
    name: 'appraise.finish',
    summary: 'The caller has judged every domain of the study',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, unit }),
    scope: 'review',
    allow: allowedTo('appraise'),
    returns: '{ recordId, unit, closed }',
    handle: ({ input, access }) =>
      access.review.appraise.finish(input.recordId, memberName(access), input.unit),
  }),
  defineRoute({
    name: 'appraise.overview',
    summary: "Every study's tool, assessors, status and disagreements (leads, viewers)",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('viewAppraisal'),
    returns: 'AppraisalOverview[]',
    handle: ({ access }) => access.review.appraise.overview(),
  }),
  defineRoute({
    name: 'appraise.agreement',
    summary: "Agreement between assessors per domain (percent, Cohen's kappa)",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, toolId: word.optional() }),
    scope: 'review',
    allow: allowedTo('viewAppraisal'),
    returns: '{ toolId, domainId, n, agreed, percent, kappa }[]',
    handle: ({ input, access }) => access.review.appraise.agreement(input.toolId),
  }),
  defineRoute({
    name: 'appraise.reconcile',
    summary: 'The disagreements waiting, domain by domain, with every judgement and its reason',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('resolve'),
    returns: 'AppraisalConflict[]',
    handle: ({ access }) => access.review.appraise.reconcile(),
  }),
  defineRoute({
    name: 'appraise.resolve',
    summary: "Settles a domain's disagreement",
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      recordId,
      unit,
      domainId,
      judgement: word,
      justification: z.string().max(4000).optional(),
    }),
    scope: 'review',
    allow: allowedTo('resolve'),
    returns: '{ recordId, unit, domainId, judgement }',
    handle: ({ input, access }) =>
      access.review.appraise.resolve({
        recordId: input.recordId,
        domainId: input.domainId,
        judgement: input.judgement,
        resolver: memberName(access),
        ...(input.unit ? { unit: input.unit } : {}),
        ...(input.justification ? { justification: input.justification } : {}),
      }),
  }),
  defineRoute({
    name: 'appraise.plot',
    summary: "A tool's traffic-light or summary plot of the settled judgements (SVG, PNG or PDF)",
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      toolId: word,
      type: z.enum(['traffic', 'summary']).default('traffic'),
      format: z.enum(['svg', 'png', 'pdf']).default('svg'),
      palette: z.enum(['cochrane', 'colourblind']).default('cochrane'),
    }),
    scope: 'review',
    allow: allowedTo('viewAppraisal'),
    returns: 'the figure',
    async handle({ input, access }) {
      const scene = await access.review.appraise.plot({
        toolId: input.toolId,
        type: input.type,
        palette: input.palette,
      });
      const figure = await renderScene(scene, input.format);
      return figureResponse(
        figure.bytes,
        figure.contentType,
        `${input.toolId}-${input.type}.${input.format}`,
      );
    },
  }),
  defineRoute({
    name: 'appraise.export',
    summary: "A tool's settled judgements as robvis's CSV",
    method: 'GET',
    body: 'query',
    input: z.object({ reviewId: z.coerce.number().int().positive(), toolId: word }),
    scope: 'review',
    allow: allowedTo('viewAppraisal'),
    returns: 'text/csv',
    async handle({ input, access }) {
      const text = exportRobvisCsv(await access.review.appraise.table(input.toolId));
      return new Response(text, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${input.toolId}-robvis.csv"`,
          'x-content-type-options': 'nosniff',
        },
      });
    },
  }),
];
