import { z } from 'zod';
import { SCREEN_DECISIONS, SCREEN_STAGES } from '#core/screen/workflow/index';
import { presentOutcome } from '#server/presenters';
import type { AccessRule } from './define';
import { allowedTo, anyMember, defineRoute, memberName } from './define';

const reviewId = z.number().int().positive();
const recordId = z.number().int().positive();
const stage = z.enum(SCREEN_STAGES);
const decision = z.enum(SCREEN_DECISIONS);
const reason = z.string().trim().min(1).max(500).optional();

/** Conflicts show every vote: resolvers only while blinded (the engine checks the resolver list too). */
const mayListConflicts: AccessRule = (access) =>
  access.policies.can.resolve || (access.role !== undefined && !access.settings.blinded);

export const screenRoutes = [
  defineRoute({
    name: 'screen.next',
    summary:
      'The next record for the signed-in reviewer (calibration first, then by model rank); skip: records passed over for now, offered again once nothing else is open',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, stage, skip: z.array(recordId).max(1000).default([]) }),
    scope: 'review',
    allow: allowedTo('screen'),
    returns: 'NextResult { item?, progress, ranking? }',
    handle: ({ input, access }) =>
      access.review.screen.next(memberName(access), input.stage, input.skip),
  }),
  defineRoute({
    name: 'screen.decide',
    summary:
      'Records the signed-in reviewer’s decision (a changed mind supersedes the earlier one)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, stage, decision, reason }),
    scope: 'review',
    allow: allowedTo('screen'),
    returns: 'DecideResult { decisionId, recordId, stage, supersedes?, outcome }',
    async handle({ input, access }) {
      const result = await access.review.screen.decide({
        recordId: input.recordId,
        stage: input.stage,
        reviewer: memberName(access),
        decision: input.decision,
        reason: input.reason,
      });
      return { ...result, outcome: presentOutcome(result.outcome, access, memberName(access)) };
    },
  }),
  defineRoute({
    name: 'screen.undo',
    summary: 'Re-opens the signed-in reviewer’s latest decision at a stage',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, stage }),
    scope: 'review',
    allow: allowedTo('screen'),
    returns: '{ recordId, undone }',
    handle: ({ input, access }) => access.review.screen.undo(memberName(access), input.stage),
  }),
  defineRoute({
    name: 'screen.note',
    summary: 'Adds a note to a record',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, text: z.string().trim().min(1).max(5000) }),
    scope: 'review',
    allow: allowedTo('screen'),
    returns: 'NoteView',
    handle: ({ input, access }) =>
      access.review.screen.note(input.recordId, memberName(access), input.text),
  }),
  defineRoute({
    name: 'screen.tag',
    summary: 'Tags a record with a short label',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, tag: z.string().trim().min(1).max(40) }),
    scope: 'review',
    allow: allowedTo('screen'),
    returns: 'NoteView',
    handle: ({ input, access }) =>
      access.review.screen.tag(input.recordId, memberName(access), input.tag),
  }),
  defineRoute({
    name: 'screen.conflicts',
    summary:
      'Records where independent decisions disagree, with the whole record, every vote, notes and history (show: resolved lists those already settled)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, stage, show: z.enum(['open', 'resolved']).default('open') }),
    scope: 'review',
    allow: mayListConflicts,
    returns:
      "[{ recordId, title, status, record, decisions, resolution?, notes, history: [{ reviewer, action: 'voted' | 'withdrew' | 'resolved' | 'unresolved', decision?, reason?, at }] }]",
    handle: ({ input, access }) =>
      access.review.screen.conflicts(input.stage, memberName(access), input.show),
  }),
  defineRoute({
    name: 'screen.unresolve',
    summary: 'Undoes a conflict’s resolution: the record is a conflict again (history kept)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, stage }),
    scope: 'review',
    allow: allowedTo('resolve'),
    returns: '{ recordId, stage, undone, outcome }',
    handle: ({ input, access }) =>
      access.review.screen.unresolve({
        recordId: input.recordId,
        stage: input.stage,
        reviewer: memberName(access),
      }),
  }),
  defineRoute({
    name: 'screen.resolve',
    summary: 'Settles a conflict with a resolver’s decision',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, stage, decision, reason }),
    scope: 'review',
    allow: allowedTo('resolve'),
    returns: 'DecideResult',
    handle: ({ input, access }) =>
      access.review.screen.resolve({
        recordId: input.recordId,
        stage: input.stage,
        reviewer: memberName(access),
        decision: input.decision,
        reason: input.reason,
      }),
  }),
  defineRoute({
    name: 'screen.agreement',
    summary:
      'Inter-rater agreement per reviewer pair and overall (hidden from screeners while blinded)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, stage, calibration: z.boolean().optional() }),
    scope: 'review',
    allow: allowedTo('viewAgreement'),
    returns:
      'AgreementReport { stage, categories, raters, pairs, overall?, itemsRatedTwice, calibration }',
    handle: ({ input, access }) =>
      access.review.screen.agreement(input.stage, { calibration: input.calibration }),
  }),
  defineRoute({
    name: 'screen.settings',
    summary: 'How the review screens',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: 'ScreenSettings',
    handle: ({ access }) => access.review.screen.settings(),
  }),
  defineRoute({
    name: 'screen.configure',
    summary: 'Changes screening settings (leads)',
    method: 'POST',
    body: 'json',
    input: z
      .object({
        reviewId,
        reviewersPerRecord: z.number().int().min(1).max(10).optional(),
        blinded: z.boolean().optional(),
        resolvers: z.array(z.string().trim().min(1)).optional(),
        exclusionReasons: z.array(z.string().trim().min(1)).min(1).optional(),
        highlight: z
          .object({ include: z.array(z.string()), exclude: z.array(z.string()) })
          .optional(),
      })
      .strict(),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: 'ScreenSettings',
    async handle({ input, access }) {
      const { reviewId: _id, ...change } = input;
      await access.review.screen.configure(change);
      return access.review.screen.settings();
    },
  }),
];
