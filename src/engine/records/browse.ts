import type { BibRecord } from '#core/domain/index';
import { DomainError } from '#core/errors';
import type { DecisionFact, ScreenStage, StageOutcome } from '#core/screen/workflow/index';
import { deriveOutcome, passesToFullText, SCREEN_STAGES } from '#core/screen/workflow/index';
import { fromRecordRow, listRecords, visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { readScreenSettings } from '#engine/settings';
import { loadDuplicateState } from '#engine/deduplicate/state';
import { loadCurrentDecisions } from '#engine/screen/decisions';
import { describeDecisionRow } from '#engine/screen/conflicts';

/**
 * Every record of a review with where it stands at each screening stage, for the records
 * list: search, filters, sorting, paging, and one record's whole history. Under blinding a
 * screener who may not see others' decisions sees what `blindView` allows: settled
 * outcomes and their own votes, never a status that follows another's vote on an
 * unsettled record.
 */

/** Who is looking: their member name, and whether they may see other reviewers' votes. */
export interface Viewer {
  name: string | undefined;
  seeOthers: boolean;
}

/** A record's state at one stage, as this viewer may see it. */
export type RecordStatus =
  'not-eligible' | 'pending' | 'in-progress' | 'conflict' | 'included' | 'excluded' | 'maybe';

export const RECORD_STATUSES: readonly RecordStatus[] = [
  'not-eligible',
  'pending',
  'in-progress',
  'conflict',
  'included',
  'excluded',
  'maybe',
];

export interface StageView {
  status: RecordStatus;
  /** A resolver settled it. */
  resolved?: boolean;
  /** The settled decision's reason (a full-text exclusion's). */
  reason?: string;
  /** The viewer's own current vote. */
  mine?: string;
  /** Everyone who voted (only for viewers who may see others' votes). */
  voters?: string[];
}

export interface RecordListItem {
  id: number;
  title?: string;
  /** Authors as the record lists them (`Family, Given; ...`). */
  authors?: string;
  year?: number;
  journal?: string;
  doi?: string;
  batchId: number;
  source?: string;
  /** Set when de-duplication removed this record: the record kept in its place. */
  duplicateOf?: number;
  stages: Record<ScreenStage, StageView>;
  tags: string[];
}

export const RECORD_SORTS = ['id', 'title', 'year', 'status'] as const;
export type RecordSort = (typeof RECORD_SORTS)[number];

export interface RecordListOptions {
  /** Words found in the title, authors, DOI or tags (case-insensitive). */
  search?: string;
  /** The stage `status` and `reviewer` filter on, and `status` sorts by. */
  stage?: ScreenStage;
  status?: RecordStatus;
  /** Records this reviewer voted on at `stage`. */
  reviewer?: string;
  tag?: string;
  batchId?: number;
  /** Show records de-duplication removed (hidden by default). */
  duplicates?: boolean;
  sort?: RecordSort;
  direction?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export const MAX_PAGE = 200;

function statusOf(
  outcome: StageOutcome | undefined,
  facts: readonly DecisionFact[],
  viewer: Viewer,
): StageView {
  const mine = viewer.name
    ? facts.filter((f) => !f.resolution && f.reviewer === viewer.name).at(-1)?.decision
    : undefined;
  const settled: RecordStatus | undefined =
    outcome?.status === 'decided'
      ? outcome.decision === 'include'
        ? 'included'
        : outcome.decision === 'exclude'
          ? 'excluded'
          : 'maybe'
      : undefined;
  const base = {
    ...(mine ? { mine } : {}),
    ...(outcome?.resolved ? { resolved: true } : {}),
    ...(settled && outcome?.reason ? { reason: outcome.reason } : {}),
  };
  if (!viewer.seeOthers) return { status: settled ?? (mine ? 'in-progress' : 'pending'), ...base };
  return {
    status:
      settled ??
      (outcome?.status === 'conflict'
        ? 'conflict'
        : outcome?.status === 'in-progress'
          ? 'in-progress'
          : 'pending'),
    ...base,
    voters: outcome?.reviewers ?? [],
  };
}

/** Reads what the list needs for every record of the review, as this viewer may see it. */
async function loadItems(
  context: EngineContext,
  reviewId: number,
  viewer: Viewer,
): Promise<RecordListItem[]> {
  const { db } = context.store;
  const [rows, settings, duplicates, titleAbstract, fullText, tagRows] = await Promise.all([
    db
      .selectFrom('records')
      .select(['id', 'batch_id', 'title', 'authors', 'year', 'journal', 'doi', 'source_database'])
      .where('review_id', '=', reviewId)
      .where(visibleRecords(reviewId))
      .orderBy('id')
      .execute(),
    readScreenSettings(context, reviewId),
    loadDuplicateState(context, reviewId),
    loadCurrentDecisions(db, reviewId, 'ti-ab'),
    loadCurrentDecisions(db, reviewId, 'full-text'),
    db
      .selectFrom('record_notes')
      .select(['record_id', 'reviewer', 'text'])
      .where('review_id', '=', reviewId)
      .where('kind', '=', 'tag')
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute(),
  ]);
  const keeperOf = new Map<number, number>();
  for (const [keeper, members] of duplicates.clusters)
    for (const member of members) if (member !== keeper) keeperOf.set(member, keeper);
  const tags = new Map<number, string[]>();
  for (const row of tagRows) {
    // Under blinding a screener sees only their own tags, as on the screening page.
    if (!viewer.seeOthers && row.reviewer !== viewer.name) continue;
    const list = tags.get(row.record_id) ?? [];
    if (!list.includes(row.text)) list.push(row.text);
    tags.set(row.record_id, list);
  }
  return rows.map((row) => {
    const tiAbFacts = titleAbstract.get(row.id) ?? [];
    const tiAb = tiAbFacts.length ? deriveOutcome(tiAbFacts, settings) : undefined;
    const removed = duplicates.removed.has(row.id);
    const fullTextFacts = fullText.get(row.id) ?? [];
    const eligibleForFullText = !removed && tiAb !== undefined && passesToFullText(tiAb);
    return {
      id: row.id,
      ...(row.title ? { title: row.title } : {}),
      ...(row.authors ? { authors: row.authors } : {}),
      ...(row.year ? { year: row.year } : {}),
      ...(row.journal ? { journal: row.journal } : {}),
      ...(row.doi ? { doi: row.doi } : {}),
      batchId: row.batch_id,
      ...(row.source_database ? { source: row.source_database } : {}),
      ...(removed ? { duplicateOf: keeperOf.get(row.id) } : {}),
      stages: {
        'ti-ab': removed ? { status: 'not-eligible' } : statusOf(tiAb, tiAbFacts, viewer),
        'full-text': eligibleForFullText
          ? statusOf(
              fullTextFacts.length ? deriveOutcome(fullTextFacts, settings) : undefined,
              fullTextFacts,
              viewer,
            )
          : { status: 'not-eligible' },
      },
      tags: tags.get(row.id) ?? [],
    };
  });
}

/** One page of the review's records, filtered and sorted, with the total that matched. */
export async function listReviewRecords(
  context: EngineContext,
  reviewId: number,
  viewer: Viewer,
  options: RecordListOptions = {},
): Promise<{ total: number; records: RecordListItem[] }> {
  const limit = Math.min(options.limit ?? 50, MAX_PAGE);
  const offset = options.offset ?? 0;
  const items = await selectReviewRecords(context, reviewId, viewer, options);
  return { total: items.length, records: items.slice(offset, offset + limit) };
}

/** Every record the list's filters select, sorted (what a page and an export are cut from). */
export async function selectReviewRecords(
  context: EngineContext,
  reviewId: number,
  viewer: Viewer,
  options: Omit<RecordListOptions, 'limit' | 'offset'> = {},
): Promise<RecordListItem[]> {
  const stage = options.stage ?? 'ti-ab';
  if (!SCREEN_STAGES.includes(stage))
    throw new DomainError('records/bad-query', `Unknown stage "${stage}".`);
  if (options.reviewer && !viewer.seeOthers && options.reviewer !== viewer.name)
    throw new DomainError(
      'records/forbidden',
      'Screening is blinded: you may list only the records you voted on yourself.',
    );
  const words = (options.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  let items = await loadItems(context, reviewId, viewer);
  if (!options.duplicates) items = items.filter((item) => item.duplicateOf === undefined);
  if (options.batchId !== undefined) items = items.filter((i) => i.batchId === options.batchId);
  if (options.tag) {
    const tag = options.tag.toLowerCase();
    items = items.filter((i) => i.tags.some((t) => t.toLowerCase() === tag));
  }
  if (options.status) items = items.filter((i) => i.stages[stage].status === options.status);
  if (options.reviewer) {
    const reviewer = options.reviewer;
    items = items.filter((i) => {
      const view = i.stages[stage];
      return reviewer === viewer.name ? view.mine !== undefined : view.voters?.includes(reviewer);
    });
  }
  if (words.length > 0)
    items = items.filter((i) => {
      const haystack = [i.title, i.authors, i.doi, ...i.tags].join('\n').toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  const sort = options.sort ?? 'id';
  const sign = options.direction === 'desc' ? -1 : 1;
  const statusRank = (i: RecordListItem) => RECORD_STATUSES.indexOf(i.stages[stage].status);
  const compare: Record<RecordSort, (a: RecordListItem, b: RecordListItem) => number> = {
    id: (a, b) => a.id - b.id,
    title: (a, b) => (a.title ?? '').localeCompare(b.title ?? '', 'en', { sensitivity: 'base' }),
    year: (a, b) => (a.year ?? 0) - (b.year ?? 0),
    status: (a, b) => statusRank(a) - statusRank(b),
  };
  items.sort((a, b) => sign * compare[sort](a, b) || a.id - b.id);
  return items;
}

/** A step in a record's history, oldest first. */
export interface RecordHistoryStep {
  at: string;
  who: string;
  stage?: ScreenStage;
  action: 'voted' | 'withdrew' | 'resolved' | 'unresolved' | 'note' | 'tag';
  decision?: string;
  reason?: string;
  text?: string;
}

export interface RecordDetail {
  item: RecordListItem;
  record: Omit<BibRecord, 'raw' | 'originals' | 'extra'>;
  batch: { id: number; fileName: string; source?: string; importedAt: string };
  /** Other records de-duplication linked with this one (same record, or same study). */
  duplicates: number[];
  related: number[];
  history: RecordHistoryStep[];
}

/**
 * One record with its history: every vote, change, undo and resolution at each stage, and
 * the notes and tags. A screener under blinding sees only their own votes, notes and tags,
 * and the resolutions that settled the record.
 */
export async function reviewRecordDetail(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  viewer: Viewer,
): Promise<RecordDetail> {
  const { db } = context.store;
  const [row] = await listRecords(db, { reviewId, ids: [recordId] });
  if (!row) throw new DomainError('records/not-found', `Record ${recordId} is not in this review.`);
  const [items, batch, decisionRows, noteRows, duplicates] = await Promise.all([
    loadItems(context, reviewId, viewer),
    db
      .selectFrom('batches')
      .select(['id', 'file_name', 'source_database', 'created_at'])
      .where('id', '=', row.batch_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('screen_decisions')
      .select(['reviewer', 'stage', 'decision', 'reason', 'resolution', 'created_at'])
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('record_notes')
      .select(['reviewer', 'kind', 'text', 'created_at'])
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute(),
    loadDuplicateState(context, reviewId),
  ]);
  const item = items.find((i) => i.id === recordId)!;
  const history: RecordHistoryStep[] = [];
  for (const d of decisionRows) {
    const resolution = d.resolution === 1;
    // Blinded screeners see their own votes and the resolutions (which only settle).
    if (!viewer.seeOthers && !resolution && d.reviewer !== viewer.name) continue;
    history.push({ who: d.reviewer, stage: d.stage as ScreenStage, ...describeDecisionRow(d) });
  }
  for (const n of noteRows) {
    if (!viewer.seeOthers && n.reviewer !== viewer.name) continue;
    history.push({
      at: n.created_at,
      who: n.reviewer,
      action: n.kind as 'note' | 'tag',
      text: n.text,
    });
  }
  history.sort((a, b) => a.at.localeCompare(b.at));
  const cluster = [...duplicates.clusters.values()].find((members) => members.includes(recordId));
  const { raw: _raw, originals: _originals, extra: _extra, ...record } = fromRecordRow(row);
  return {
    item,
    record,
    batch: {
      id: batch.id,
      fileName: batch.file_name,
      ...(batch.source_database ? { source: batch.source_database } : {}),
      importedAt: batch.created_at,
    },
    duplicates: (cluster ?? []).filter((id) => id !== recordId),
    related: duplicates.related
      .filter(([a, b]) => a === recordId || b === recordId)
      .map(([a, b]) => (a === recordId ? b : a)),
    history,
  };
}
