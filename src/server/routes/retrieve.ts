import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DomainError } from '#core/errors';
import type { FullTextFile, ReviewApi } from '#engine/index';
import { OPEN_ACCESS_SERVICES } from '#engine/index';
import type { UploadedFile } from '../uploads';
import { allowedTo, anyMember, defineRoute } from './define';

const reviewId = z.number().int().positive();
const recordId = z.number().int().positive();
const upload = z.custom<UploadedFile>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<UploadedFile>).path === 'string',
  'expected a file',
);

const oneReport = z.object({ reviewId, recordId });

/** A JSON route acting on one report sought, for screeners (the `retrieve` policy). */
function reportAction<const Name extends string, Output>(
  name: Name,
  summary: string,
  returns: string,
  act: (review: ReviewApi, recordId: number) => Promise<Output>,
) {
  return defineRoute({
    name,
    summary,
    method: 'POST',
    body: 'json',
    input: oneReport,
    scope: 'review',
    allow: allowedTo('retrieve'),
    returns,
    handle: ({ input, access }) => act(access.review, input.recordId),
  });
}

/**
 * An uploaded file as the engine takes it: read from the temporary file it was streamed to
 * when it is needed (a batch of PDFs is not held in memory at once).
 */
function uploaded(file: UploadedFile): FullTextFile {
  return { fileName: file.name, read: async () => new Uint8Array(await readFile(file.path)) };
}

/**
 * Retrieve: the reports sought, their full texts (PDFs, attached one by one or matched from
 * many at once), why some were not retrieved, and reports grouped into studies. Members read;
 * screeners (leads and reviewers) do the retrieving.
 */
export const retrieveRoutes = [
  defineRoute({
    name: 'retrieve.status',
    summary: 'Every report sought with its retrieval state, study and full text',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: 'ReportStatus[]',
    handle: ({ access }) => access.review.retrieve.status(),
  }),
  defineRoute({
    name: 'retrieve.reasons',
    summary: 'The reasons this review offers for "not retrieved"',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: 'string[]',
    handle: ({ access }) => access.review.retrieve.reasons(),
  }),
  defineRoute({
    name: 'retrieve.setReasons',
    summary: 'Sets the reasons this review offers for "not retrieved" (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      reasons: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
    }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: 'string[]',
    handle: ({ input, access }) => access.review.retrieve.setReasons(input.reasons),
  }),
  defineRoute({
    name: 'retrieve.attach',
    summary:
      'Attaches one PDF to one report sought (multipart/form-data: reviewId, recordId, file)',
    method: 'POST',
    body: 'multipart',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      recordId: z.coerce.number().int().positive(),
      file: z.array(upload).length(1, 'attach exactly one PDF to a report'),
    }),
    scope: 'review',
    allow: allowedTo('retrieve'),
    returns: '{ recordId, sha256, pages, scanned, unchanged }',
    handle: async ({ input, access }) =>
      access.review.retrieve.attach(input.recordId, uploaded(input.file[0]!)),
  }),
  defineRoute({
    name: 'retrieve.attachMany',
    summary:
      'Matches many PDFs to reports sought (by DOI or PMID on page 1, else title) and attaches the confident matches (multipart/form-data: reviewId, file...)',
    method: 'POST',
    body: 'multipart',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      file: z.array(upload).min(1, 'attach at least one PDF'),
    }),
    scope: 'review',
    allow: allowedTo('retrieve'),
    returns: '{ attached, unmatched, suggestions, errors }',
    handle: ({ input, access }) => access.review.retrieve.attachMany(input.file.map(uploaded)),
  }),
  defineRoute({
    name: 'retrieve.pages',
    summary: "A report's full text, page by page, with each page's offset",
    method: 'POST',
    body: 'json',
    input: oneReport,
    scope: 'review',
    allow: anyMember,
    returns: '{ page, start, text }[]',
    handle: ({ input, access }) => access.review.retrieve.pages(input.recordId),
  }),
  defineRoute({
    name: 'retrieve.pdf',
    summary: "A report's full-text PDF",
    method: 'GET',
    body: 'query',
    input: z.object({
      reviewId: z.coerce.number().int().positive(),
      recordId: z.coerce.number().int().positive(),
    }),
    scope: 'review',
    allow: anyMember,
    returns: 'the PDF (application/pdf)',
    async handle({ input, access }) {
      const file = await access.review.retrieve.file(input.recordId);
      const name = file.fileName.replace(/[^\w.-]+/g, '_');
      return new Response(file.bytes as BodyInit, {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `inline; filename="${name}"`,
          // The viewer renders it with pdf.js; the browser never runs it as a page.
          'content-security-policy': "default-src 'none'; sandbox",
          'x-content-type-options': 'nosniff',
        },
      });
    },
  }),
  defineRoute({
    name: 'retrieve.search',
    summary: 'Where words occur in the full texts: record, page and a snippet',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, words: z.string().trim().min(2).max(200) }),
    scope: 'review',
    allow: anyMember,
    returns: '{ recordId, page, offset, snippet }[]',
    handle: ({ input, access }) => access.review.retrieve.search(input.words),
  }),
  defineRoute({
    name: 'retrieve.lookup',
    summary:
      'Asks Europe PMC, Unpaywall and OpenAlex for open-access PDFs of the reports still to find, downloads and attaches them (the caller gives a contact email)',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      email: z.email(),
      services: z.array(z.enum(OPEN_ACCESS_SERVICES)).min(1).optional(),
      /** Only these reports (default: every report still to find). */
      recordIds: z.array(recordId).max(10_000).optional(),
    }),
    scope: 'review',
    allow: allowedTo('retrieve'),
    returns: '{ asked, retrieved, failed, notFound }',
    handle: ({ input, access }) =>
      access.review.retrieve.lookup({
        email: input.email,
        ...(input.services ? { services: input.services } : {}),
        ...(input.recordIds ? { recordIds: input.recordIds } : {}),
        // A service's answer names the URL the server fetches: never one of the machines
        // behind it, unless the operator allows it (REVIEWBENCH_ALLOW_PRIVATE_FETCH=1).
        allowPrivateAddresses: process.env.REVIEWBENCH_ALLOW_PRIVATE_FETCH === '1',
      }),
  }),
  defineRoute({
    name: 'retrieve.notRetrieved',
    summary: "Marks a report sought as not retrieved, with one of the review's reasons",
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, recordId, reason: z.string().trim().min(1).max(200) }),
    scope: 'review',
    allow: allowedTo('retrieve'),
    returns: '{ state, reason }',
    handle: ({ input, access }) =>
      access.review.retrieve.notRetrieved(input.recordId, input.reason),
  }),
  defineRoute({
    name: 'retrieve.linkReports',
    summary: 'Links two reports as one study',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, a: recordId, b: recordId }),
    scope: 'review',
    allow: allowedTo('retrieve'),
    returns: '{ studyId, primary, reports }',
    handle: ({ input, access }) => {
      if (input.a === input.b)
        throw new DomainError('usage', 'Name two different reports to link into one study.');
      return access.review.retrieve.linkReports(input.a, input.b);
    },
  }),
  reportAction(
    'retrieve.reopen',
    'Seeks a report marked not retrieved again',
    '{ state }',
    (review, id) => review.retrieve.reopen(id),
  ),
  reportAction(
    'retrieve.unlink',
    'Takes a report out of its study',
    '{ studyId, primary, reports }',
    (review, id) => review.retrieve.unlink(id),
  ),
  reportAction(
    'retrieve.primary',
    'Chooses the report that stands for its study',
    '{ studyId, primary, reports }',
    (review, id) => review.retrieve.primary(id),
  ),
  reportAction(
    'retrieve.detach',
    "Removes a report's full text (the wrong file)",
    '{ state }',
    (review, id) => review.retrieve.detach(id),
  ),
];
