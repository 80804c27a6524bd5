import { CHECKLISTS, fillChecklist } from '#core/report/index';
import type { ChecklistType, FilledItem, ReviewFacts } from '#core/report/index';
import { getReview } from '#store/index';
import { DomainError } from '#core/errors';
import type { EngineContext } from '#engine/context';
import { readScreenSettings } from '#engine/settings';
import { readProtocol } from '#engine/protocol';
import { searchLog } from '#engine/identify/search-log';
import { computeAgreement } from '#engine/screen/agreement';
import { currentForm } from '#engine/extract/forms';
import { extractionOverview, readExtractSettings } from '#engine/extract/extractions';
import {
  appraisalOverview,
  appraisalTables,
  readAppraiseSettings,
} from '#engine/appraise/assessments';
import { computeReviewPrismaCounts } from './prisma';

/** Everything the checklist is filled from, read from the review's own records. */
export async function reviewFacts(context: EngineContext, reviewId: number): Promise<ReviewFacts> {
  const review = await getReview(context.store.db, reviewId);
  if (!review) throw new DomainError('review/not-found', `No review with id ${reviewId}.`);
  const [protocol, log, prisma, screen, form] = await Promise.all([
    readProtocol(context, reviewId),
    searchLog(context, reviewId),
    computeReviewPrismaCounts(context, reviewId),
    readScreenSettings(context, reviewId),
    currentForm(context, reviewId),
  ]);
  let kappa: number | undefined;
  try {
    const agreement = await computeAgreement(context, reviewId, 'ti-ab');
    kappa = agreement.pairs.find((p) => p.stats)?.stats?.cohen.kappa;
  } catch {
    kappa = undefined;
  }
  const facts: ReviewFacts = {
    title: review.title,
    type: review.type,
    protocol: {
      ...protocol.protocol,
      amendments: protocol.versions
        .filter((v) => v.reason)
        .map((v) => ({ version: v.version, date: v.createdAt.slice(0, 10), reason: v.reason! })),
    },
    searches: log
      .filter((entry) => entry.database)
      .map((entry) => ({
        database: entry.database!,
        ...(entry.platform ? { platform: entry.platform } : {}),
        ...(entry.searchedOn ? { searchedOn: entry.searchedOn } : {}),
        ...(entry.query ? { query: entry.query } : {}),
        records: entry.recordsImported,
      })),
    deduplication: {
      duplicates: prisma.counts.duplicates ?? 0,
      automatic: prisma.duplicatesBy.automatic,
      manual: prisma.duplicatesBy.manual,
    },
    screening: {
      reviewersPerRecord: screen.reviewersPerRecord,
      blinded: screen.blinded,
      ...(kappa !== undefined ? { kappa } : {}),
    },
    counts: prisma.counts,
  };
  if (form) {
    const [settings, overview] = await Promise.all([
      readExtractSettings(context, reviewId),
      extractionOverview(context, reviewId),
    ]);
    facts.charting = {
      form: form.form.title,
      version: form.version,
      published: form.status === 'published',
      extractorsPerStudy: settings.extractorsPerStudy,
      fields: form.form.sections.flatMap((s) => s.fields.map((f) => f.label)),
      studies: overview.length,
    };
  }
  const appraised = (await appraisalOverview(context, reviewId)).filter((r) => r.toolId);
  if (appraised.length) {
    const [settings, tables] = await Promise.all([
      readAppraiseSettings(context, reviewId),
      appraisalTables(context, reviewId),
    ]);
    const judgements: Record<string, Record<string, number>> = {};
    for (const table of tables) {
      const tally: Record<string, number> = {};
      for (const row of table.rows)
        if (row.overall) tally[row.overall] = (tally[row.overall] ?? 0) + 1;
      judgements[table.tool.id] = tally;
    }
    facts.appraisal = {
      tools: tables.map(({ tool }) => ({
        id: tool.id,
        name: tool.name.split(':')[0]!,
        overall: tables.find((t) => t.tool.id === tool.id)?.hasOverall ?? true,
        studies: new Set(appraised.filter((r) => r.toolId === tool.id).map((r) => r.recordId)).size,
      })),
      assessorsPerStudy: settings.assessorsPerStudy,
      judgements,
    };
  }
  return facts;
}

/** `report checklist --type prisma-scr|prisma-2020`: every item with its status and text. */
export async function reviewChecklist(
  context: EngineContext,
  reviewId: number,
  type: string,
): Promise<FilledItem[]> {
  if (!(type in CHECKLISTS))
    throw new DomainError(
      'report/unknown-checklist',
      `Unknown checklist "${type}". Available: ${Object.keys(CHECKLISTS).join(', ')}.`,
    );
  return fillChecklist(type as ChecklistType, await reviewFacts(context, reviewId));
}
