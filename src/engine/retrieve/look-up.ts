import { MAX_FULL_TEXT_BYTES } from '#core/retrieve/index';
import type { OpenAccessConfig, OpenAccessService } from '#sources/index';
import { createOpenAccessClient } from '#sources/index';
import { blobStoreFor } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readFullText, storeFullText } from './full-texts';
import { moveReport, reportsSought, retrievalStates } from './retrieve';

/** What an open-access look-up did for the reports it asked about. */
export interface LookUpResult {
  /** Reports asked about (sought, found or needing a hand, without a full text, with a DOI or PMID). */
  asked: number;
  retrieved: {
    recordId: number;
    service: OpenAccessService;
    pdfUrl: string;
    licence?: string;
    version?: string;
  }[];
  /** A copy was located but none could be downloaded as a PDF: found by hand next. */
  failed: { recordId: number; pdfUrl: string; reason: string }[];
  /** No service knew an open-access PDF: found by hand next. */
  notFound: number[];
}

/**
 * `retrieve lookup`: asks Europe PMC, Unpaywall and OpenAlex for an open-access PDF of every
 * report still to find (off by default: the user gives a contact email). Every answer is kept
 * as received; a located PDF is downloaded with the upload's checks and attached
 * (`open-access`, the service and licence as evidence); a report with nothing usable needs
 * finding by hand.
 */
export async function lookUpFullTexts(
  context: EngineContext,
  reviewId: number,
  config: OpenAccessConfig & { recordIds?: readonly number[] },
): Promise<LookUpResult> {
  const client = createOpenAccessClient(config);
  const [sought, states, held] = await Promise.all([
    reportsSought(context, reviewId),
    retrievalStates(context, reviewId),
    context.store.db
      .selectFrom('full_texts')
      .select('record_id')
      .where('review_id', '=', reviewId)
      .execute(),
  ]);
  const attached = new Set(held.map((h) => h.record_id));
  const wanted = config.recordIds ? new Set(config.recordIds) : undefined;
  const reports = sought.filter(
    (r) =>
      (r.doi || r.pmid) &&
      !attached.has(r.id) &&
      (!wanted || wanted.has(r.id)) &&
      ['sought', 'found', 'needs-manual'].includes(states.get(r.id)?.state ?? 'sought'),
  );
  const result: LookUpResult = { asked: reports.length, retrieved: [], failed: [], notFound: [] };
  const blobs = blobStoreFor(context.store, context.filesFolder);
  for (const report of reports) {
    const found = await client.lookUp({
      ...(report.doi ? { doi: report.doi } : {}),
      ...(report.pmid ? { pmid: report.pmid } : {}),
    });
    const at = nowIso(context);
    if (found.answers.length > 0)
      await context.store.db
        .insertInto('retrieval_lookups')
        .values(
          found.answers.map((a) => ({
            review_id: reviewId,
            record_id: report.id,
            service: a.service,
            url: a.url,
            status: a.status,
            body: a.body.slice(0, 1_000_000),
            created_at: at,
          })),
        )
        .execute();
    if (found.locations.length === 0) {
      await moveReport(
        context,
        reviewId,
        report.id,
        { type: 'not-located' },
        { services: found.answers.map((a) => a.service) },
      );
      result.notFound.push(report.id);
      continue;
    }
    await moveReport(
      context,
      reviewId,
      report.id,
      { type: 'located' },
      { locations: found.locations },
    );
    let done = false;
    for (const location of found.locations) {
      let reason: string;
      try {
        const bytes = await client.download(location.pdfUrl, MAX_FULL_TEXT_BYTES);
        const read = await readFullText({
          fileName: `${location.service}-${report.id}.pdf`,
          bytes,
        });
        if ('error' in read) reason = read.error.message;
        else {
          await storeFullText(
            context,
            reviewId,
            report.id,
            read,
            {
              matchedBy: 'open-access',
              evidence: `${location.service}: ${location.pdfUrl}${location.licence ? ` (${location.licence}${location.version ? `, ${location.version}` : ''})` : ''}`,
            },
            blobs,
          );
          result.retrieved.push({ recordId: report.id, ...location });
          done = true;
          break;
        }
      } catch (error) {
        reason = (error as Error).message;
      }
      result.failed.push({ recordId: report.id, pdfUrl: location.pdfUrl, reason });
    }
    if (!done)
      await moveReport(
        context,
        reviewId,
        report.id,
        { type: 'not-located' },
        { downloaded: false },
      );
  }
  return result;
}
