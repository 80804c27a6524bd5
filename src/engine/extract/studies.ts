import { DomainError } from '#core/errors';
import { visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { loadDuplicateState } from '#engine/deduplicate/state';
import { readReviewVersions } from '#engine/versions';
import { outcomes } from '#engine/screen/screen';
import { reviewStudies } from '#engine/retrieve/studies';

/** A study to chart: included at full text, named by its study id (its lowest record id). */
export interface ExtractStudy {
  recordId: number;
  title: string;
  authors: string;
  year: number | null;
  /** Every included report of the study, lowest id first. */
  reports: number[];
  /** The report whose full text quotes point into (the primary report when it has one). */
  fullTextRecordId: number | null;
}

interface Cached {
  key: string;
  studies: ExtractStudy[];
  byId: Map<number, ExtractStudy>;
}

/** The studies of a review, per store and review, until screening, links or full texts change. */
const cache = new WeakMap<EngineContext['store'], Map<number, Cached>>();

async function cacheKey(context: EngineContext, reviewId: number): Promise<string> {
  const db = context.store.db;
  const [versions, marks] = await Promise.all([
    readReviewVersions(context, reviewId),
    db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('screen_decisions')
          .select((inner) => inner.fn.max('id').as('m'))
          .where('review_id', '=', reviewId)
          .as('decisions'),
        eb
          .selectFrom('report_links')
          .select((inner) => inner.fn.max('id').as('m'))
          .where('review_id', '=', reviewId)
          .as('links'),
        eb
          .selectFrom('full_texts')
          .select((inner) => inner.fn.max('id').as('m'))
          .where('review_id', '=', reviewId)
          .as('texts'),
        eb
          .selectFrom('full_texts')
          .select((inner) => inner.fn.countAll().as('n'))
          .where('review_id', '=', reviewId)
          .as('text_count'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const m = marks as Record<string, unknown>;
  return [
    versions.records,
    versions.batches,
    versions.dedupRuns,
    versions.dedupDecisions,
    versions.retrieval,
    Number(m.decisions ?? 0),
    Number(m.links ?? 0),
    Number(m.texts ?? 0),
    Number(m.text_count ?? 0),
  ].join(':');
}

/**
 * The studies extraction charts: reports included at full-text screening, not removed as
 * duplicates, grouped into studies by the retrieve stage's links; each named by its study id.
 */
export async function extractionStudies(
  context: EngineContext,
  reviewId: number,
): Promise<ExtractStudy[]> {
  return (await loadStudies(context, reviewId)).studies;
}

async function loadStudies(context: EngineContext, reviewId: number): Promise<Cached> {
  const key = await cacheKey(context, reviewId);
  let perStore = cache.get(context.store);
  if (!perStore) cache.set(context.store, (perStore = new Map()));
  const hit = perStore.get(reviewId);
  if (hit?.key === key) return hit;
  const [fullText, duplicates] = await Promise.all([
    outcomes(context, reviewId, 'full-text'),
    loadDuplicateState(context, reviewId),
  ]);
  const included = [...fullText]
    .filter(
      ([id, o]) =>
        o.status === 'decided' && o.decision === 'include' && !duplicates.removed.has(id),
    )
    .map(([id]) => id)
    .sort((a, b) => a - b);
  const groups = await reviewStudies(context, reviewId, included);
  const rows: { id: number; title: string | null; authors: string | null; year: number | null }[] =
    [];
  for (let i = 0; i < included.length; i += 500)
    rows.push(
      ...(await context.store.db
        .selectFrom('records')
        .select(['id', 'title', 'authors', 'year'])
        .where('review_id', '=', reviewId)
        .where('id', 'in', included.slice(i, i + 500))
        .where(visibleRecords(reviewId))
        .execute()),
    );
  const texts = new Set(
    (
      await context.store.db
        .selectFrom('full_texts')
        .select('record_id')
        .where('review_id', '=', reviewId)
        .execute()
    ).map((t) => t.record_id),
  );
  const recordOf = new Map(rows.map((r) => [r.id, r]));
  const byId = new Map<number, ExtractStudy>();
  const includedSet = new Set(included);
  for (const id of included) {
    const group = groups.get(id);
    const studyId = group?.studyId ?? id;
    if (byId.has(studyId)) continue;
    const reports = (group?.reports ?? [id]).filter((r) => includedSet.has(r));
    const primary = group && includedSet.has(group.primary) ? group.primary : id;
    const record = recordOf.get(primary) ?? recordOf.get(id);
    const withText = [primary, ...reports].find((r) => texts.has(r));
    byId.set(studyId, {
      recordId: studyId,
      title: record?.title ?? '(no title)',
      authors: firstAuthors(record?.authors ?? ''),
      year: record?.year ?? null,
      reports,
      fullTextRecordId: withText ?? null,
    });
  }
  const studies = [...byId.values()].sort((a, b) => a.recordId - b.recordId);
  const cached = { key, studies, byId };
  perStore.set(reviewId, cached);
  return cached;
}

/** "Smith and Lee" from "Smith, J.; Lee, K."; three or more authors as "Smith et al.". */
function firstAuthors(stored: string): string {
  const names = stored
    .split(';')
    .map((n) => (n.split(',')[0] ?? '').trim())
    .filter(Boolean);
  if (names.length === 0) return '';
  return names.length > 2 ? `${names[0]} et al.` : names.join(' and ');
}

/** The study `recordId` names, or a sentence saying it is not one of the review's. */
export async function requireStudy(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<ExtractStudy> {
  const study = (await loadStudies(context, reviewId)).byId.get(recordId);
  if (!study)
    throw new DomainError(
      'extract/not-a-study',
      `Record ${recordId} is not an included study of this review: extraction charts the studies included at full-text screening (\`extract studies\` lists them).`,
    );
  return study;
}
