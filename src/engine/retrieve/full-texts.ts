import { DomainError } from '#core/errors';
import { checkPdfBytes, matchFullTexts } from '#core/retrieve/index';
import type { FullTextClues, FullTextMatch, MatchedBy, PdfProblem } from '#core/retrieve/index';
import { blobStoreFor, sha256Of } from '#store/index';
import type { BlobStore, Database } from '#store/index';
import type { Kysely } from 'kysely';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readPdfInWorker } from '#engine/jobs/run-job';
import { applyEvent, reportsSought, requireSought } from './retrieve';
import type { RetrievalStatus } from '#core/retrieve/index';

// Full texts: PDFs checked, read (in the job worker) and stored by hash, attached to reports
// sought one at a time or matched from a folder; their text per page, for quotes and search.

/** The full text attached to a report, as `retrieve status` shows it. */
export interface FullTextSummary {
  sha256: string;
  fileName: string;
  pages: number;
  textChars: number;
  /** `upload` (attached to this report by hand), `doi`, `pmid` or `title` (matched in a folder). */
  matchedBy: string;
  /** True when the PDF has (almost) no text: a scan, which needs OCR before it can be searched. */
  scanned: boolean;
}

/** What `attach-dir` did with each file. */
export interface AttachManyResult {
  attached: {
    file: string;
    recordId: number;
    matchedBy: MatchedBy;
    score: number;
    evidence: string;
    /** True when this file was attached to this report already (nothing changed). */
    unchanged: boolean;
  }[];
  /** Files without a confident match: attach them by hand (`retrieve attach ID FILE`). */
  unmatched: string[];
  /** The best candidate for each unmatched file that has one, and why it was not taken. */
  suggestions: { file: string; recordId?: number; score?: number; why: string }[];
  errors: { file: string; code: string; message: string }[];
}

/**
 * A file to attach: its name (as the user chose it) and its bytes, or how to read them (a
 * folder of 1,000 PDFs is read one file at a time, twice, rather than held whole).
 */
export type FullTextFile =
  { fileName: string; bytes: Uint8Array } | { fileName: string; read: () => Promise<Uint8Array> };

const bytesOf = (file: FullTextFile): Promise<Uint8Array> =>
  'bytes' in file ? Promise.resolve(file.bytes) : file.read();

/** PDFs read at once by `attachFullTexts`: as many as the reading threads (run-job.ts). */
const READ_AT_ONCE = 2;

/** Characters per page under which a PDF counts as a scan without a text layer. */
const SCANNED_BELOW_CHARS_PER_PAGE = 50;

/** Pages are joined with one blank line in the whole text; offsets count it. */
const PAGE_GAP = '\n\n';

/** The full text attached to a report, if any. */
async function heldFullText(
  db: Kysely<Database>,
  reviewId: number,
  recordId: number,
): Promise<{ sha256: string; file_name: string } | undefined> {
  return db
    .selectFrom('full_texts')
    .select(['sha256', 'file_name'])
    .where('review_id', '=', reviewId)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
}

/** The full text attached to a report, or a `retrieve/no-full-text` error saying there is none. */
async function requireFullText(
  db: Kysely<Database>,
  reviewId: number,
  recordId: number,
): Promise<{ sha256: string; file_name: string }> {
  const held = await heldFullText(db, reviewId, recordId);
  if (!held)
    throw new DomainError('retrieve/no-full-text', `Record ${recordId} has no full text attached.`);
  return held;
}

/** A PDF checked and read: its hash, text per page and what matching needs. */
export interface ReadFullText {
  /** The file again, when it is stored. */
  file: FullTextFile;
  bytes: number;
  sha256: string;
  pages: string[];
  clues: FullTextClues;
}

/** Why a file is not taken as a full text. */
export interface FullTextProblem {
  code: PdfProblem['code'] | 'retrieve/encrypted' | 'retrieve/unreadable';
  message: string;
}

/** Characters of text, and whether so few per page that the PDF is a scan without a text layer. */
function textStats(pages: readonly string[]): { textChars: number; scanned: boolean } {
  const textChars = pages.reduce((n, page) => n + page.length, 0);
  return { textChars, scanned: textChars < SCANNED_BELOW_CHARS_PER_PAGE * pages.length };
}

/**
 * Checks the bytes are a whole PDF and reads its text and metadata (in the PDF threads), or
 * says why not. Read every time, even when its pages are stored already: matching needs the
 * metadata (a DOI may be there only), which is not stored.
 */
export async function readFullText(
  file: FullTextFile,
): Promise<ReadFullText | { error: FullTextProblem }> {
  const bytes = await bytesOf(file);
  const problem = checkPdfBytes(bytes);
  if (problem) return { error: problem };
  const read = await readPdfInWorker(bytes);
  if (!read.ok) return { error: { code: read.code, message: read.message } };
  if (read.pages.length === 0)
    return { error: { code: 'retrieve/unreadable', message: 'The PDF has no pages.' } };
  return {
    file,
    bytes: bytes.length,
    sha256: sha256Of(bytes),
    pages: read.pages,
    clues: {
      file: file.fileName,
      firstPage: read.pages[0] ?? '',
      ...(read.metaTitle ? { metaTitle: read.metaTitle } : {}),
      metaIdentifiers: read.metaIdentifiers,
    },
  };
}

/**
 * Stores a read PDF as `recordId`'s full text: the file (content-addressed, written first and
 * idempotent, so a failure after it leaves at most an unreferenced file), then its pages, the
 * full-text row and the state in one transaction. The same file again changes nothing.
 */
export async function storeFullText(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  read: ReadFullText,
  match: { matchedBy: string; score?: number; evidence?: string },
  blobs: BlobStore,
): Promise<{ unchanged: boolean; scanned: boolean }> {
  const { db } = context.store;
  const { textChars, scanned } = textStats(read.pages);
  const current = await heldFullText(db, reviewId, recordId);
  if (current?.sha256 === read.sha256) return { unchanged: true, scanned };
  const bytes = await bytesOf(read.file);
  if ((await blobs.put(bytes)) !== read.sha256)
    throw new DomainError(
      'retrieve/unreadable',
      `${read.file.fileName} changed while it was being attached; attach it again.`,
    );
  await db.transaction().execute(async (trx) => {
    let start = 0;
    const rows = read.pages.map((text, index) => {
      const row = { sha256: read.sha256, page: index + 1, start, text };
      start += text.length + PAGE_GAP.length;
      return row;
    });
    for (let i = 0; i < rows.length; i += 100)
      await trx
        .insertInto('pdf_pages')
        .values(rows.slice(i, i + 100))
        .onConflict((oc) => oc.columns(['sha256', 'page']).doNothing())
        .execute();
    await trx
      .deleteFrom('full_texts')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .execute();
    await trx
      .insertInto('full_texts')
      .values({
        review_id: reviewId,
        record_id: recordId,
        sha256: read.sha256,
        file_name: read.file.fileName,
        bytes: read.bytes,
        pages: read.pages.length,
        text_chars: textChars,
        scanned: scanned ? 1 : 0,
        matched_by: match.matchedBy,
        score: match.score ?? null,
        evidence: match.evidence ?? null,
        created_at: nowIso(context),
        created_by: context.actor,
      })
      .execute();
    await applyEvent(
      context,
      trx,
      reviewId,
      recordId,
      { type: 'attached' },
      {
        fileName: read.file.fileName,
        sha256: read.sha256,
        pages: read.pages.length,
        scanned,
        matchedBy: match.matchedBy,
        ...(current ? { replaced: current.sha256 } : {}),
      },
    );
  });
  return { unchanged: false, scanned };
}

/** `retrieve attach ID FILE`: attaches one PDF to one report sought. */
export async function attachFullText(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  file: FullTextFile,
): Promise<{
  recordId: number;
  sha256: string;
  pages: number;
  scanned: boolean;
  unchanged: boolean;
}> {
  await requireSought(context, reviewId, recordId);
  const read = await readFullText(file);
  if ('error' in read)
    throw new DomainError(read.error.code, `${file.fileName}: ${read.error.message}`);
  const { unchanged, scanned } = await storeFullText(
    context,
    reviewId,
    recordId,
    read,
    { matchedBy: 'upload' },
    blobStoreFor(context.store, context.filesFolder),
  );
  return { recordId, sha256: read.sha256, pages: read.pages.length, scanned, unchanged };
}

/**
 * `retrieve attach-dir`: reads every file, matches each to a report sought by a DOI or PMID
 * printed on its first page, else by title, and attaches the confident matches. A report that
 * already has another full text is not replaced: that file is listed for a person.
 */
export async function attachFullTexts(
  context: EngineContext,
  reviewId: number,
  files: readonly FullTextFile[],
): Promise<AttachManyResult> {
  const result: AttachManyResult = { attached: [], unmatched: [], suggestions: [], errors: [] };
  const read: ReadFullText[] = [];
  // A few at a time, each on its own reading thread; results kept in the files' order.
  const outcomes: Awaited<ReturnType<typeof readFullText>>[] = new Array(files.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) outcomes[i] = await readFullText(files[i]!);
  };
  await Promise.all(Array.from({ length: READ_AT_ONCE }, reader));
  outcomes.forEach((outcome, i) => {
    if ('error' in outcome) result.errors.push({ file: files[i]!.fileName, ...outcome.error });
    else read.push(outcome);
  });
  const sought = await reportsSought(context, reviewId);
  const matching = matchFullTexts(
    read.map((r) => r.clues),
    sought.map((r) => ({
      recordId: r.id,
      ...(r.title ? { title: r.title } : {}),
      ...(r.doi ? { doi: r.doi } : {}),
      ...(r.pmid ? { pmid: r.pmid } : {}),
    })),
  );
  const existing = new Map(
    (
      await context.store.db
        .selectFrom('full_texts')
        .select(['record_id', 'sha256', 'file_name'])
        .where('review_id', '=', reviewId)
        .execute()
    ).map((t) => [t.record_id, t]),
  );
  const byFile = new Map(read.map((r) => [r.file.fileName, r]));
  const blobs = blobStoreFor(context.store, context.filesFolder);
  const leave = (file: string, why: string, suggestion?: FullTextMatch): void => {
    result.unmatched.push(file);
    result.suggestions.push({
      file,
      ...(suggestion ? { recordId: suggestion.recordId, score: suggestion.score } : {}),
      why,
    });
  };
  for (const match of matching.matches) {
    const file = byFile.get(match.file)!;
    const held = existing.get(match.recordId);
    if (held && held.sha256 !== file.sha256) {
      leave(
        match.file,
        `record ${match.recordId} already has a full text (${held.file_name}); attach by hand to replace it`,
        match,
      );
      continue;
    }
    const { unchanged } = await storeFullText(
      context,
      reviewId,
      match.recordId,
      file,
      match,
      blobs,
    );
    result.attached.push({
      file: match.file,
      recordId: match.recordId,
      matchedBy: match.matchedBy,
      score: match.score,
      evidence: match.evidence,
      unchanged,
    });
  }
  for (const left of matching.unmatched) leave(left.file, left.why, left.suggestion);
  return result;
}

/** Removes a report's full text (the wrong file): the report needs one found by hand again. */
export async function detachFullText(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<RetrievalStatus> {
  await requireSought(context, reviewId, recordId);
  return context.store.db.transaction().execute(async (trx) => {
    const held = await requireFullText(trx, reviewId, recordId);
    await trx
      .deleteFrom('full_texts')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .execute();
    return applyEvent(
      context,
      trx,
      reviewId,
      recordId,
      { type: 'detached' },
      { sha256: held.sha256, fileName: held.file_name },
    );
  });
}

/** A report's full text: the PDF's bytes and name, for the viewer or a download. */
export async function fullTextFile(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const held = await requireFullText(context.store.db, reviewId, recordId);
  const bytes = await blobStoreFor(context.store, context.filesFolder).get(held.sha256);
  if (!bytes)
    throw new DomainError(
      'retrieve/no-full-text',
      `The PDF of record ${recordId} (${held.file_name}) is missing from the files store.`,
    );
  return { fileName: held.file_name, bytes };
}

/** A report's text, page by page, with each page's offset in the whole text (for quotes). */
export async function fullTextPages(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<{ page: number; start: number; text: string }[]> {
  const held = await requireFullText(context.store.db, reviewId, recordId);
  return context.store.db
    .selectFrom('pdf_pages')
    .select(['page', 'start', 'text'])
    .where('sha256', '=', held.sha256)
    .orderBy('page')
    .execute();
}

/** Where `words` occur in the review's full texts: record, page and a snippet around each. */
export async function searchFullTexts(
  context: EngineContext,
  reviewId: number,
  words: string,
  limit = 50,
): Promise<{ recordId: number; page: number; offset: number; snippet: string }[]> {
  const needle = words.trim().toLowerCase();
  if (needle.length < 2) throw new DomainError('usage', 'Search for at least two characters.');
  const rows = await context.store.db
    .selectFrom('full_texts')
    .innerJoin('pdf_pages', 'pdf_pages.sha256', 'full_texts.sha256')
    .select(['full_texts.record_id', 'pdf_pages.page', 'pdf_pages.text'])
    .where('full_texts.review_id', '=', reviewId)
    .where((eb) => eb(eb.fn('lower', ['pdf_pages.text']), 'like', `%${needle}%`))
    .orderBy('full_texts.record_id')
    .orderBy('pdf_pages.page')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const offset = row.text.toLowerCase().indexOf(needle);
    const from = Math.max(0, offset - 60);
    return {
      recordId: row.record_id,
      page: row.page,
      offset,
      snippet: row.text.slice(from, offset + needle.length + 60).replace(/\s+/g, ' '),
    };
  });
}
