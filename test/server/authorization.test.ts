import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#server/index';
import { storeTargets } from '#test/support/stores';
import { callRoute, createTestApp, importForm, join, signUp, signUpAdmin } from './harness';
import type { TestApp, TestUser } from './harness';
import { madePdf } from '#test/support/pdf';

/** A multipart form attaching `pdf` to a report (retrieve.attach) or to none (retrieve.attachMany). */
function pdfForm(reviewId: number, pdf: Uint8Array, recordId?: number): FormData {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  if (recordId !== undefined) form.append('recordId', String(recordId));
  form.append(
    'file',
    new File([pdf as Uint8Array<ArrayBuffer>], 'report.pdf', { type: 'application/pdf' }),
  );
  return form;
}

/** A small charting form with nothing required, so every extractor may finish. */
const MATRIX_FORM = {
  id: 'matrix',
  title: 'Matrix charting form',
  version: 1,
  sections: [
    {
      id: 'study',
      title: 'The study',
      fields: [{ id: 'sample_size', label: 'Sample size', type: 'integer', min: 0 }],
    },
  ],
};

/** A charting sheet with its header alone: imports nothing, changes nothing. */
function sheetForm(reviewId: number): FormData {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  form.append('file', new File(['record_id,sample_size\n'], 'sheet.csv', { type: 'text/csv' }));
  return form;
}

type Who = 'lead' | 'reviewer' | 'viewer' | 'outsider' | 'admin' | 'anonymous';
const WHO: Who[] = ['lead', 'reviewer', 'viewer', 'outsider', 'admin', 'anonymous'];

/**
 * Every route x every kind of caller, with the status each gets. The review is
 * blinded (the default) with no named resolvers, so only the lead resolves and
 * sees conflicts, agreement and the report. `admin` is the first account, not a
 * member. Routes run in this order against one review, so later rows see the
 * state earlier rows made (a decision to undo, a conflict to resolve).
 */
const MATRIX: {
  route: string;
  input: (ids: Ids) => unknown;
  method?: 'GET';
  expect: Record<Who, number>;
}[] = [
  {
    route: 'me',
    input: () => ({}),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 200, admin: 200, anonymous: 401 },
  },
  {
    route: 'reviews.list',
    input: () => ({}),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 200, admin: 200, anonymous: 401 },
  },
  {
    route: 'reviews.create',
    input: () => ({ title: 'Another review', type: 'systematic', protocol: {} }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 200, admin: 200, anonymous: 401 },
  },
  {
    route: 'reviews.get',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 200, anonymous: 401 },
  },
  {
    route: 'policies',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 200, anonymous: 401 },
  },
  {
    route: 'members.list',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 200, anonymous: 401 },
  },
  {
    route: 'server.info',
    input: () => ({}),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 200, admin: 200, anonymous: 200 },
  },
  {
    route: 'members.invite',
    input: (ids) => ({ reviewId: ids.review, email: 'newcomer@example.org', role: 'viewer' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 200, anonymous: 401 },
  },
  {
    route: 'members.invitations',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 200, anonymous: 401 },
  },
  {
    route: 'members.revokeInvitation',
    input: (ids) => ({ reviewId: ids.review, invitationId: ids.revocable }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 200, anonymous: 401 },
  },
  {
    route: 'members.changeRole',
    input: (ids) => ({ reviewId: ids.review, member: 'spare@example.org', role: 'viewer' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'members.remove',
    input: (ids) => ({ reviewId: ids.review, member: 'spare@example.org' }),
    // The lead removes Spare; after that there is no Spare to remove (the others are refused first).
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'invitations.show',
    input: (ids) => ({ token: ids.token }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 200, admin: 200, anonymous: 200 },
  },
  {
    route: 'identify.import',
    input: (ids) => importForm(ids.review, ['Late addition one', 'Late addition two'], 'late.ris'),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'identify.retract',
    // Batch 2 is late.ris, just imported by the lead (batch 1 is the review's first import).
    input: (ids) => ({ reviewId: ids.review, batchId: 2, reason: 'Imported by mistake.' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'identify.log',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'identify.translate',
    input: () => ({ query: 'stroke[tiab] AND cortex[tiab]', from: 'pubmed', to: 'ovid-medline' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 200, admin: 200, anonymous: 401 },
  },
  {
    route: 'deduplicate.run',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'deduplicate.state',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'deduplicate.show',
    input: (ids) => ({ reviewId: ids.review, pairId: `${ids.records[0]}-${ids.records[1]}` }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'deduplicate.decide',
    input: (ids) => ({
      reviewId: ids.review,
      pairId: `${ids.records[0]}-${ids.records[1]}`,
      decision: 'different',
    }),
    // Reviewers judge only pairs de-duplication proposed (this one it did not); a lead may merge any two.
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'deduplicate.undo',
    input: (ids) => ({ reviewId: ids.review, clusterId: `dup:${ids.records[0]}` }),
    expect: { lead: 404, reviewer: 404, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'deduplicate.removeMember',
    input: (ids) => ({
      reviewId: ids.review,
      clusterId: `dup:${ids.records[0]}`,
      recordId: ids.records[1],
    }),
    expect: { lead: 404, reviewer: 404, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.next',
    input: (ids) => ({ reviewId: ids.review, stage: 'ti-ab' }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.decide',
    input: (ids) => ({
      reviewId: ids.review,
      stage: 'ti-ab',
      recordId: ids.records[2],
      decision: 'include',
    }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.undo',
    input: (ids) => ({ reviewId: ids.review, stage: 'ti-ab' }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.note',
    input: (ids) => ({
      reviewId: ids.review,
      recordId: ids.records[0],
      text: 'Check the methods section.',
    }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.tag',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.records[0], tag: 'animal' }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.conflicts',
    input: (ids) => ({ reviewId: ids.review, stage: 'ti-ab' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.resolve',
    input: (ids) => ({
      reviewId: ids.review,
      stage: 'ti-ab',
      recordId: ids.records[0],
      decision: 'include',
    }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.unresolve',
    input: (ids) => ({ reviewId: ids.review, stage: 'ti-ab', recordId: ids.records[0] }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'records.list',
    input: (ids) => ({ reviewId: ids.review, search: 'cortex' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'records.export',
    input: (ids) => ({ reviewId: ids.review, format: 'csv' }),
    method: 'GET',
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'records.show',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.records[0] }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'records.tag',
    input: (ids) => ({ reviewId: ids.review, recordIds: ids.records, tag: 'pilot' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'records.calibrate',
    input: (ids) => ({ reviewId: ids.review, recordIds: ids.records, stage: 'ti-ab' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'records.exclude',
    input: (ids) => ({ reviewId: ids.review, recordIds: ids.records, reason: 'off-topic' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.agreement',
    input: (ids) => ({ reviewId: ids.review, stage: 'ti-ab' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.settings',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'screen.configure',
    input: (ids) => ({ reviewId: ids.review, reviewersPerRecord: 3 }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'report.prismaCounts',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'report.prisma',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, format: 'csv' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.status',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.reasons',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.setReasons',
    input: (ids) => ({
      reviewId: ids.review,
      reasons: ['No access', 'Author did not reply', 'Not in English'],
    }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.attach',
    input: (ids) => pdfForm(ids.review, ids.pdf, ids.sought[0]),
    // The reviewer attaches the same file again: nothing changes, still 200.
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.attachMany',
    input: (ids) => pdfForm(ids.review, ids.pdf),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.pages',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[0] }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.pdf',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[0] }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.search',
    input: (ids) => ({ reviewId: ids.review, words: 'report' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.lookup',
    // No report named: nothing is asked of the services (tests never reach the internet).
    input: (ids) => ({ reviewId: ids.review, email: 'lead@example.org', recordIds: [] }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.notRetrieved',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1], reason: 'No access' }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.reopen',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    // Reopened by the lead, the report is sought again: the reviewer has nothing to reopen.
    expect: { lead: 200, reviewer: 409, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.linkReports',
    input: (ids) => ({ reviewId: ids.review, a: ids.sought[0], b: ids.sought[1] }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.primary',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.unlink',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'retrieve.detach',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[0] }),
    // Detached by the lead: the reviewer finds no full text to remove.
    expect: { lead: 200, reviewer: 404, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.templates',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.form',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.settings',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.configure',
    input: (ids) => ({ reviewId: ids.review, extractorsPerStudy: 2 }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.useTemplate',
    input: (ids) => ({ reviewId: ids.review, templateId: 'jbi_scoping' }),
    // The review's form is published: a template would start it again, so the lead is refused.
    expect: { lead: 409, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.saveForm',
    input: (ids) => ({ reviewId: ids.review, form: MATRIX_FORM }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.publishForm',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.studies',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.answer',
    input: (ids) => ({
      reviewId: ids.review,
      recordId: ids.sought[1],
      fieldId: 'sample_size',
      value: 12,
    }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.view',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.finish',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.reopen',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    // Both extractors finished: under blinding their answers are final.
    expect: { lead: 409, reviewer: 409, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.importSheet',
    input: (ids) => sheetForm(ids.review),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.overview',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.agreement',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.export',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, shape: 'long', format: 'csv' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.reconcile',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'extract.resolve',
    // Study sought[0] was charted by the reviewer and Second, who disagree on its size.
    input: (ids) => ({
      reviewId: ids.review,
      recordId: ids.sought[0],
      fieldId: 'sample_size',
      value: 40,
    }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.tools',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.settings',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.configure',
    input: (ids) => ({ reviewId: ids.review, assessorsPerStudy: 2 }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.assign',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1], toolId: 'generic' }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.studies',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.judge',
    input: (ids) => ({
      reviewId: ids.review,
      recordId: ids.sought[1],
      domainId: 'D1',
      judgement: 'Low',
    }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.view',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.finish',
    input: (ids) => ({ reviewId: ids.review, recordId: ids.sought[1] }),
    // D1 (the tool's one domain) was judged above and the overall followed it: each assessor
    // finishes their own appraisal.
    expect: { lead: 200, reviewer: 200, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.overview',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.agreement',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.reconcile',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.resolve',
    // The reviewer and Second disagree on D1 of study sought[0]; the lead settles it.
    input: (ids) => ({
      reviewId: ids.review,
      recordId: ids.sought[0],
      domainId: 'D1',
      judgement: 'High',
    }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.plot',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, toolId: 'generic', type: 'traffic', format: 'svg' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'appraise.export',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, toolId: 'generic' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'protocol.show',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'protocol.edit',
    input: (ids) => ({
      reviewId: ids.review,
      protocol: { question: 'What is known?', framework: 'PCC' },
    }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'protocol.amend',
    input: (ids) => ({
      reviewId: ids.review,
      protocol: { question: 'What is known?', framework: 'PCC', searchDates: 'to 2024' },
      reason: 'Dates set.',
    }),
    expect: { lead: 200, reviewer: 403, viewer: 403, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.frequencies',
    input: (ids) => ({ reviewId: ids.review, field: 'sample_size' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.crosstab',
    input: (ids) => ({ reviewId: ids.review, rows: 'sample_size', cols: 'sample_size' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.stratify',
    input: (ids) => ({ reviewId: ids.review, by: 'sample_size', tally: 'sample_size' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.map',
    input: (ids) => ({ reviewId: ids.review, x: 'sample_size', y: 'sample_size' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.timeline',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.table',
    input: (ids) => ({ reviewId: ids.review, fields: ['sample_size'] }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.chart',
    input: (ids) => ({ reviewId: ids.review, kind: 'frequencies', field: 'sample_size' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'synthesise.chartFile',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, kind: 'timeline', format: 'svg' }),
    expect: { lead: 200, reviewer: 200, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'report.checklist',
    input: (ids) => ({ reviewId: ids.review, type: 'prisma-2020' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'report.checklistFile',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, type: 'prisma-scr', format: 'html' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'report.file',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review, format: 'html', style: 'apa' }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'report.workbook',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'report.bundle',
    method: 'GET',
    input: (ids) => ({ reviewId: ids.review }),
    expect: { lead: 200, reviewer: 403, viewer: 200, outsider: 403, admin: 403, anonymous: 401 },
  },
  {
    route: 'invitations.accept',
    input: (ids) => ({ token: ids.token }),
    // Members are refused (already members); the outsider joins; the link is then used up.
    expect: { lead: 409, reviewer: 409, viewer: 409, outsider: 200, admin: 409, anonymous: 401 },
  },
];

interface Ids {
  review: number;
  records: number[];
  /** A pending invitation's token (viewer role) and another invitation to revoke. */
  token: string;
  revocable: number;
  /** Two reports sought (settled includes at title/abstract) and a PDF to attach. */
  sought: number[];
  pdf: Uint8Array;
}

describe.each(storeTargets)('authorization matrix on $name', (target) => {
  let t: TestApp;
  const users = {} as Record<Exclude<Who, 'anonymous'>, TestUser>;
  let ids: Ids;

  beforeAll(async () => {
    t = await createTestApp(await target.fresh());
    users.admin = await signUpAdmin(t, 'admin@example.org');
    users.lead = await signUp(t.app, 'lead@example.org');
    users.reviewer = await signUp(t.app, 'reviewer@example.org');
    users.viewer = await signUp(t.app, 'viewer@example.org');
    users.outsider = await signUp(t.app, 'outsider@example.org');
    const created = await users.lead.call('reviews.create', {
      title: 'Motor cortex after stroke',
      type: 'scoping',
      protocol: { question: 'What is known?' },
    });
    const review = (created.body as { id: number }).id;
    await join(users.lead, review, users.reviewer, 'reviewer');
    await join(users.lead, review, users.viewer, 'viewer');
    const second = await signUp(t.app, 'second@example.org');
    await join(users.lead, review, second, 'reviewer');
    await join(users.lead, review, await signUp(t.app, 'spare@example.org'), 'reviewer');
    const pending = await users.lead.call('members.invite', { reviewId: review, role: 'viewer' });
    const revocable = await users.lead.call('members.invite', { reviewId: review, role: 'lead' });
    await callRoute(
      t.app,
      users.lead.cookie,
      'identify.import',
      importForm(review, [
        'Cortex and recovery',
        'Stimulation of M1',
        'Gait after stroke',
        'Hand function',
      ]),
    );
    const records = (await t.workbench.review(review).records()).map((r) => r.id);
    // Three votes per record, so the lead's and the reviewer's votes in the screen.decide row
    // leave the record open and the lead may still undo in the next row (under blinding a
    // closed record's votes are final).
    await users.lead.call('screen.configure', { reviewId: review, reviewersPerRecord: 3 });
    // A conflict for the lead to resolve: the two reviewers disagree on the first record (a
    // lead never settles a conflict they voted in).
    await second.call('screen.decide', {
      reviewId: review,
      stage: 'ti-ab',
      recordId: records[0],
      decision: 'include',
    });
    await users.reviewer.call('screen.decide', {
      reviewId: review,
      stage: 'ti-ab',
      recordId: records[0],
      decision: 'exclude',
    });
    // Two settled includes (three votes each): the reports sought the retrieve rows work on.
    const sought = [records[1]!, records[3]!];
    for (const voter of [users.lead, users.reviewer, second])
      for (const recordId of sought)
        await voter.call('screen.decide', {
          reviewId: review,
          stage: 'ti-ab',
          recordId,
          decision: 'include',
        });
    // Both reports included at full text: the studies the extract rows chart. The reviewer
    // and Second chart the first and disagree on its size; the lead settles it in the matrix.
    for (const voter of [users.lead, users.reviewer, second])
      for (const recordId of sought)
        await voter.call('screen.decide', {
          reviewId: review,
          stage: 'full-text',
          recordId,
          decision: 'include',
        });
    await users.lead.call('extract.saveForm', { reviewId: review, form: MATRIX_FORM });
    await users.lead.call('extract.publishForm', { reviewId: review });
    for (const [extractor, size] of [
      [users.reviewer, 40],
      [second, 41],
    ] as const) {
      await extractor.call('extract.answer', {
        reviewId: review,
        recordId: sought[0],
        fieldId: 'sample_size',
        value: size,
      });
      await extractor.call('extract.finish', { reviewId: review, recordId: sought[0] });
    }
    // Appraisal with the review's own one-domain tool: the reviewer and Second disagree on D1
    // of the first study and agree on its overall judgement.
    await users.lead.call('appraise.configure', {
      reviewId: review,
      tool: {
        name: 'One domain',
        judgements: ['Low', 'High'],
        domains: [{ id: 'D1', name: 'Everything' }],
      },
    });
    await users.lead.call('appraise.assign', {
      reviewId: review,
      recordId: sought[0],
      toolId: 'generic',
    });
    for (const [assessor, judgement] of [
      [users.reviewer, 'Low'],
      [second, 'High'],
    ] as const) {
      const study = { reviewId: review, recordId: sought[0] };
      await assessor.call('appraise.judge', { ...study, domainId: 'D1', judgement });
      await assessor.call('appraise.judge', {
        ...study,
        domainId: 'overall',
        judgement: 'High',
        justification: 'Judged as a whole.',
      });
      const finished = await assessor.call('appraise.finish', study);
      if (finished.status !== 200) throw new Error(`appraise.finish: ${finished.text}`);
    }
    ids = {
      review,
      records,
      sought,
      pdf: await madePdf('A report sought, attached in the matrix.'),
      token: (pending.body as { token: string }).token,
      revocable: (revocable.body as { id: number }).id,
    };
  });
  afterAll(async () => t?.close());

  it('covers every route of the API', () => {
    expect(MATRIX.map((row) => row.route).sort()).toEqual(ROUTES.map((r) => r.name).sort());
  });

  it.each(MATRIX)('$route answers each caller as declared', async (row) => {
    const got: Record<string, number> = {};
    for (const who of WHO) {
      const cookie = who === 'anonymous' ? '' : users[who].cookie;
      got[who] = (
        await callRoute(t.app, cookie, row.route, row.input(ids), row.method ?? 'POST')
      ).status;
    }
    expect(got).toEqual(row.expect);
  });

  it('sends the policies the UI uses to hide actions', async () => {
    const policies = async (user: TestUser) =>
      (
        (await user.call('policies', { reviewId: ids.review })).body as {
          can: Record<string, boolean>;
        }
      ).can;
    expect(await policies(users.lead)).toEqual({
      import: true,
      deduplicate: true,
      decidePairs: true,
      screen: true,
      retrieve: true,
      extract: true,
      viewExtraction: true,
      appraise: true,
      viewAppraisal: true,
      resolve: true,
      configure: true,
      invite: true,
      manageTeam: true,
      viewAgreement: true,
      viewReport: true,
      exportReview: true,
    });
    expect(await policies(users.reviewer)).toEqual({
      import: false,
      deduplicate: false,
      decidePairs: true,
      screen: true,
      retrieve: true,
      extract: true,
      viewExtraction: false,
      appraise: true,
      viewAppraisal: false,
      resolve: false,
      configure: false,
      invite: false,
      manageTeam: false,
      viewAgreement: false,
      viewReport: false,
      exportReview: false,
    });
    expect(await policies(users.viewer)).toEqual({
      import: false,
      deduplicate: false,
      decidePairs: false,
      screen: false,
      retrieve: false,
      extract: false,
      viewExtraction: true,
      appraise: false,
      viewAppraisal: true,
      resolve: false,
      configure: false,
      invite: false,
      manageTeam: false,
      viewAgreement: true,
      viewReport: true,
      exportReview: true,
    });
  });

  it('lists members with names and roles, and the caller’s reviews with their role', async () => {
    const members = (await users.viewer.call('members.list', { reviewId: ids.review })).body;
    // Spare was removed; the outsider joined with the last invitation; nobody became a
    // member by being named in an invitation (newcomer@) that nobody accepted.
    expect(members).toEqual([
      { email: 'lead@example.org', name: 'lead', role: 'lead', hasAccount: true },
      { email: 'reviewer@example.org', name: 'reviewer', role: 'reviewer', hasAccount: true },
      { email: 'viewer@example.org', name: 'viewer', role: 'viewer', hasAccount: true },
      { email: 'second@example.org', name: 'second', role: 'reviewer', hasAccount: true },
      { email: 'outsider@example.org', name: 'outsider', role: 'viewer', hasAccount: true },
    ]);
    const mine = (await users.reviewer.call('reviews.list')).body as { id: number; role: string }[];
    expect(mine.find((r) => r.id === ids.review)?.role).toBe('reviewer');
    const all = (await users.admin.call('reviews.list')).body as { role: string | null }[];
    expect(all.length).toBeGreaterThan(mine.length);
  });

  it('answers validation errors with 400 and the code `validation`, unknown reviews with 404', async () => {
    const bad = await users.lead.call('screen.decide', {
      reviewId: ids.review,
      stage: 'abstract',
      recordId: 'one',
      decision: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation' } });
    expect((bad.body as { error: { message: string } }).error.message).toContain('stage');
    const missing = await users.lead.call('reviews.get', { reviewId: 999_999 });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'review/not-found' } } });
    const reason = await users.lead.call('screen.configure', {
      reviewId: ids.review,
      unknownSetting: true,
    });
    expect(reason.status).toBe(400);
    const notJson = await t.app.request('/api/me', {
      method: 'POST',
      headers: { cookie: users.lead.cookie, 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('maps engine refusals through errors.ts (409 for a record that is not eligible)', async () => {
    const result = await users.lead.call('screen.decide', {
      reviewId: ids.review,
      stage: 'full-text',
      // Two votes of three: not yet included at title/abstract.
      recordId: ids.records[2],
      decision: 'include',
    });
    expect(result).toMatchObject({ status: 409, body: { error: { code: 'screen/not-eligible' } } });
  });
});
