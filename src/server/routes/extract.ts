import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DomainError } from '#core/errors';
import { FORM_TEMPLATES } from '#core/extract/index';
import type { UploadedFile } from '../uploads';
import { allowedTo, anyMember, defineRoute, memberName } from './define';

const reviewId = z.number().int().positive();
const recordId = z.number().int().positive();
const oneStudy = z.object({ reviewId, recordId });
const upload = z.custom<UploadedFile>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<UploadedFile>).path === 'string',
  'expected a file',
);
const fieldId = z.string().trim().min(1).max(64);
const entity = z.string().trim().min(1).max(260).optional();
const quote = z
  .object({
    text: z.string().max(5000),
    page: z.number().int().positive().optional(),
    start: z.number().int().nonnegative().optional(),
    end: z.number().int().nonnegative().optional(),
  })
  .nullable()
  .optional();

/**
 * Extract: the charting form (leads shape it), the charting itself (screeners, each blind to
 * the others while the workflow says so), the lead's reconciliation, agreement and exports.
 * The extractor is always the signed-in member: nobody answers under another's name.
 */
export const extractRoutes = [
  defineRoute({
    name: 'extract.templates',
    summary: 'The charting-form templates shipped with ReviewBench',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: '{ id, title, version }[]',
    handle: () =>
      Promise.resolve(FORM_TEMPLATES.map(({ id, title, version }) => ({ id, title, version }))),
  }),
  defineRoute({
    name: 'extract.form',
    summary: "The review's charting form (latest version, pilot or published), or null",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: 'ReviewForm | null',
    handle: async ({ access }) => (await access.review.extract.form()) ?? null,
  }),
  defineRoute({
    name: 'extract.useTemplate',
    summary: "Starts the review's form from a template (a pilot version)",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, templateId: z.string().trim().min(1).max(64) }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: 'ReviewForm',
    handle: ({ input, access }) => access.review.extract.useTemplate(input.templateId),
  }),
  defineRoute({
    name: 'extract.saveForm',
    summary:
      "Saves the form builder's form: replaces a pilot, or makes the next version after a published one (answers carried forward)",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, form: z.unknown() }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: 'ReviewForm',
    handle: ({ input, access }) => access.review.extract.importForm(input.form, 'form builder'),
  }),
  defineRoute({
    name: 'extract.publishForm',
    summary: 'Publishes the pilot version: extractors chart with it and it never changes',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: 'ReviewForm',
    handle: ({ access }) => access.review.extract.publishForm(),
  }),
  defineRoute({
    name: 'extract.settings',
    summary: 'Extractors per study and blinding',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: '{ extractorsPerStudy, blinded }',
    handle: ({ access }) => access.review.extract.settings(),
  }),
  defineRoute({
    name: 'extract.configure',
    summary: 'Sets extractors per study (1 or 2) and blinding (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      extractorsPerStudy: z.number().int().optional(),
      blinded: z.boolean().optional(),
    }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ extractorsPerStudy, blinded }',
    handle: ({ input, access }) =>
      access.review.extract.configure({
        ...(input.extractorsPerStudy !== undefined
          ? { extractorsPerStudy: input.extractorsPerStudy }
          : {}),
        ...(input.blinded !== undefined ? { blinded: input.blinded } : {}),
      }),
  }),
  defineRoute({
    name: 'extract.studies',
    summary: "The included studies with the caller's own progress on each",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('extract'),
    returns: 'MyStudy[]',
    handle: ({ access }) => access.review.extract.myStudies(memberName(access)),
  }),
  defineRoute({
    name: 'extract.view',
    summary:
      'One study as the caller charts it: the form, their answers, the consensus once closed',
    method: 'POST',
    body: 'json',
    input: oneStudy,
    scope: 'review',
    allow: allowedTo('extract'),
    returns: 'ExtractorView',
    handle: ({ input, access }) => access.review.extract.view(input.recordId, memberName(access)),
  }),
  defineRoute({
    name: 'extract.answer',
    summary:
      "Saves (or with value null clears) one of the caller's answers, with an optional quote anchored to the full text",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, fieldId, entity, value: z.unknown(), quote }),
    scope: 'review',
    allow: allowedTo('extract'),
    returns: 'SavedAnswer',
    handle: ({ input, access }) =>
      access.review.extract.answer({
        recordId: input.recordId,
        extractor: memberName(access),
        fieldId: input.fieldId,
        value: input.value ?? null,
        ...(input.entity ? { entity: input.entity } : {}),
        ...(input.quote ? { quote: input.quote } : {}),
      }),
  }),
  defineRoute({
    name: 'extract.finish',
    summary: 'The caller has finished the study (every required field answered)',
    method: 'POST',
    body: 'json',
    input: oneStudy,
    scope: 'review',
    allow: allowedTo('extract'),
    returns: '{ recordId, state, closed }',
    handle: ({ input, access }) => access.review.extract.finish(input.recordId, memberName(access)),
  }),
  defineRoute({
    name: 'extract.reopen',
    summary:
      'The caller takes a finished study back to edit it (not once it closed under blinding)',
    method: 'POST',
    body: 'json',
    input: oneStudy,
    scope: 'review',
    allow: allowedTo('extract'),
    returns: '{ recordId, state }',
    handle: ({ input, access }) => access.review.extract.reopen(input.recordId, memberName(access)),
  }),
  defineRoute({
    name: 'extract.importSheet',
    summary:
      "Imports a charting sheet (CSV or XLSX; multipart: reviewId, file, extractor): one row per study, record_id plus field ids, all or nothing. Screeners import their own; leads anyone's",
    method: 'POST',
    body: 'multipart',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      file: z.array(upload).length(1, 'attach exactly one sheet'),
      extractor: z.string().trim().min(1).max(80).optional(),
      finish: z.enum(['true', 'false']).optional(),
    }),
    scope: 'review',
    allow: allowedTo('extract'),
    returns: 'SheetImportResult',
    async handle({ input, access }) {
      const self = memberName(access);
      const extractor = input.extractor ?? self;
      if (extractor !== self && !access.policies.can.configure)
        throw new DomainError(
          'extract/forbidden',
          "Only the review's leads import another extractor's sheet.",
        );
      const file = input.file[0]!;
      return access.review.extract.importSheet({
        bytes: new Uint8Array(await readFile(file.path)),
        fileName: file.name,
        extractor,
        finish: input.finish !== 'false',
      });
    },
  }),
  defineRoute({
    name: 'extract.overview',
    summary: "Every study's extraction status, extractors and open disagreements (leads, viewers)",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('viewExtraction'),
    returns: 'StudyOverview[]',
    handle: ({ access }) => access.review.extract.overview(),
  }),
  defineRoute({
    name: 'extract.agreement',
    summary: 'Agreement between extractors per field: percent, and kappa for categorical fields',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('viewExtraction'),
    returns: '{ studies, fields: FieldAgreement[] }',
    handle: ({ access }) => access.review.extract.agreement(),
  }),
  defineRoute({
    name: 'extract.reconcile',
    summary: 'The disagreements waiting, field by field, with every answer and its quote',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('resolve'),
    returns: 'ReconcileItem[]',
    handle: ({ access }) => access.review.extract.reconcile(),
  }),
  defineRoute({
    name: 'extract.resolve',
    summary: "Settles a disagreement with the study's value for the field",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, fieldId, entity, value: z.unknown(), quote }),
    scope: 'review',
    allow: allowedTo('resolve'),
    returns: '{ recordId, entity, fieldId, value }',
    handle: ({ input, access }) =>
      access.review.extract.resolve({
        recordId: input.recordId,
        fieldId: input.fieldId,
        value: input.value,
        resolver: memberName(access),
        ...(input.entity ? { entity: input.entity } : {}),
        ...(input.quote ? { quote: input.quote } : {}),
      }),
  }),
  defineRoute({
    name: 'extract.export',
    summary:
      'The charted data: long (study x entity x field x extractor, with quote and page) or wide (one row per study), as CSV, XLSX or JSON',
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      shape: z.enum(['long', 'wide']).default('long'),
      format: z.enum(['csv', 'xlsx', 'json']).default('csv'),
      extractor: z.string().trim().min(1).max(80).optional(),
    }),
    scope: 'review',
    allow: allowedTo('viewExtraction'),
    returns: 'the file (text/csv, XLSX or application/json)',
    async handle({ input, access }) {
      const exported = await access.review.extract.export({
        shape: input.shape,
        format: input.format,
        ...(input.extractor ? { extractor: input.extractor } : {}),
      });
      return new Response((exported.bytes ?? exported.text ?? '') as BodyInit, {
        headers: {
          'content-type': exported.contentType,
          'content-disposition': `attachment; filename="extraction-${input.shape}.${exported.extension}"`,
          'x-content-type-options': 'nosniff',
        },
      });
    },
  }),
];
