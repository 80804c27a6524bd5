/**
 * The numbers of a PRISMA 2020 flow diagram, keyed exactly like the `data` column of the
 * PRISMA2020 R package's CSV template (METHODS 1.4.1), and the builder that derives them from a
 * review's history so that no count is ever typed by hand.
 */
import type { RecordId } from '#core/domain/index';

/** Reason (or source name) -> count, in display order. */
export type PrismaReasons = Record<string, number>;

/** All counts of the diagram; an absent key is an absent line (the R package's NA). */
export interface PrismaCounts {
  previous_studies?: number;
  previous_reports?: number;
  database_results?: number;
  database_specific_results?: PrismaReasons;
  register_results?: number;
  register_specific_results?: PrismaReasons;
  website_results?: number;
  organisation_results?: number;
  citations_results?: number;
  duplicates?: number;
  excluded_automatic?: number;
  excluded_other?: number;
  records_screened?: number;
  records_excluded?: number;
  /** Split of `records_excluded` asked for by the template's footnote when automation was used. */
  records_excluded_human?: number;
  records_excluded_automation?: number;
  dbr_sought_reports?: number;
  dbr_notretrieved_reports?: number;
  other_sought_reports?: number;
  other_notretrieved_reports?: number;
  dbr_assessed?: number;
  /** Reports excluded at full text, per reason. */
  dbr_excluded?: PrismaReasons;
  /** A stated total of excluded reports, for sources that give no reasons (CSV `n` = "100"). */
  dbr_excluded_total?: number;
  other_assessed?: number;
  other_excluded?: PrismaReasons;
  other_excluded_total?: number;
  new_studies?: number;
  new_reports?: number;
  total_studies?: number;
  total_reports?: number;
}

/** Every key of `PrismaCounts`, in diagram order (used by the JSON and CSV writers). */
export const PRISMA_COUNT_KEYS = [
  'previous_studies',
  'previous_reports',
  'database_results',
  'database_specific_results',
  'register_results',
  'register_specific_results',
  'website_results',
  'organisation_results',
  'citations_results',
  'duplicates',
  'excluded_automatic',
  'excluded_other',
  'records_screened',
  'records_excluded',
  'records_excluded_human',
  'records_excluded_automation',
  'dbr_sought_reports',
  'dbr_notretrieved_reports',
  'other_sought_reports',
  'other_notretrieved_reports',
  'dbr_assessed',
  'dbr_excluded',
  'dbr_excluded_total',
  'other_assessed',
  'other_excluded',
  'other_excluded_total',
  'new_studies',
  'new_reports',
  'total_studies',
  'total_reports',
] as const satisfies readonly (keyof PrismaCounts)[];

export type PrismaCountKey = (typeof PRISMA_COUNT_KEYS)[number];

/** Keys whose value is a name -> count object rather than a number. */
export const PRISMA_REASON_KEYS = [
  'database_specific_results',
  'register_specific_results',
  'dbr_excluded',
  'other_excluded',
] as const satisfies readonly PrismaCountKey[];

export type PrismaReasonKey = (typeof PRISMA_REASON_KEYS)[number];
export type PrismaNumberKey = Exclude<PrismaCountKey, PrismaReasonKey>;

/** True for the keys holding a reasons object. */
export function isReasonKey(key: string): key is PrismaReasonKey {
  return (PRISMA_REASON_KEYS as readonly string[]).includes(key);
}

/** Sum of a reasons object (0 for an empty one). */
export function sumReasons(reasons: PrismaReasons | undefined): number {
  let total = 0;
  for (const n of Object.values(reasons ?? {})) total += n;
  return total;
}

/** Reports excluded in a column: the stated total if any, else the sum of the reasons. */
export function excludedTotal(counts: PrismaCounts, column: 'dbr' | 'other'): number | undefined {
  const stated = column === 'dbr' ? counts.dbr_excluded_total : counts.other_excluded_total;
  const reasons = column === 'dbr' ? counts.dbr_excluded : counts.other_excluded;
  return stated ?? (reasons === undefined ? undefined : sumReasons(reasons));
}

/** Where a record came from; the first two feed the databases & registers column. */
export const PRISMA_SOURCE_KINDS = [
  'database',
  'register',
  'website',
  'organisation',
  'citation',
] as const;
export type PrismaSourceKind = (typeof PRISMA_SOURCE_KINDS)[number];

/**
 * What the review's history says about one imported record. The engine fills one per record
 * from its tables (import batches, duplicate links, latest decisions); nothing here is a count.
 */
export interface PrismaRecordFact {
  recordId: RecordId;
  sourceKind: PrismaSourceKind;
  /** Database or register name, e.g. "MEDLINE (Ovid)"; feeds the per-source detail. */
  sourceName?: string;
  /** Set when the record was removed as a duplicate of another record (either way). */
  duplicate?: { of: RecordId; by: 'automatic' | 'manual' };
  /** Marked ineligible by an automation tool before screening. */
  excludedByAutomation?: boolean;
  /** Removed before screening for another stated reason (e.g. retracted, out of date range). */
  removedOtherReason?: string;
  /** Latest title/abstract decision; undefined while the record awaits screening. */
  tiAb?: { outcome: 'include' | 'exclude' | 'maybe'; by?: 'human' | 'automation' };
  /**
   * Full-text stage: `sought` defaults to "passed title/abstract"; `retrieved` is retrieval's
   * state (false: not retrieved), and a full-text decision implies it when it is unset.
   */
  fullText?: {
    sought?: boolean;
    retrieved?: boolean;
    outcome?: 'include' | 'exclude';
    reason?: string;
  };
  /** The study this report belongs to (a preprint and its article share one); default recordId. */
  studyId?: string;
}

/** A source that was searched, listed so that a search with no hits still shows "(n = 0)". */
export interface PrismaSearchedSource {
  kind: PrismaSourceKind;
  name: string;
}

/** Everything `computePrismaCounts` needs. */
export interface PrismaHistory {
  records: readonly PrismaRecordFact[];
  searchedSources?: readonly PrismaSearchedSource[];
  /** For an updated review: what the previous version included. */
  previous?: {
    studies: number;
    reports: number;
    /** Study ids of the previous version; when given, totals count a study found again once. */
    studyIds?: readonly string[];
  };
}

/** Work still open, so a diagram drawn mid-review can say why its arithmetic does not close. */
export interface PrismaPending {
  awaitingScreening: number;
  awaitingRetrieval: number;
  awaitingFullTextDecision: number;
}

/** Counts plus what they rest on. */
export interface PrismaCountsResult {
  counts: PrismaCounts;
  pending: PrismaPending;
  duplicatesBy: { automatic: number; manual: number };
  /** Full-text exclusions recorded without a reason (counted under `REASON_NOT_RECORDED`). */
  exclusionsWithoutReason: number;
  /**
   * Explanations for rules the derived counts break on purpose; pass as
   * `checkPrismaCounts(counts, { acknowledge })`. R8 is set when new reports belong to studies
   * of the previous version.
   */
  acknowledge: { R8?: string };
}

/** Label used for a full-text exclusion that carries no reason. */
export const REASON_NOT_RECORDED = 'Reason not recorded';

const isDbr = (kind: PrismaSourceKind): boolean => kind === 'database' || kind === 'register';

function increment(target: PrismaReasons, key: string): void {
  target[key] = (target[key] ?? 0) + 1;
}

/**
 * Derives every PRISMA count from per-record facts. Records removed before screening never
 * reach later boxes; records from other methods skip the records-screened step (PRISMA 2020
 * has none in that column) unless they carry a title/abstract exclusion.
 */
export function computePrismaCounts(history: PrismaHistory): PrismaCountsResult {
  const perSource: Record<'database' | 'register', PrismaReasons> = { database: {}, register: {} };
  const kinds: Record<PrismaSourceKind, number> = {
    database: 0,
    register: 0,
    website: 0,
    organisation: 0,
    citation: 0,
  };
  const declared = new Set<PrismaSourceKind>();
  for (const source of history.searchedSources ?? []) {
    declared.add(source.kind);
    if (source.kind === 'database' || source.kind === 'register') {
      perSource[source.kind][source.name] ??= 0;
    }
  }

  let unnamed = { database: false, register: false };
  let duplicates = 0;
  const duplicatesBy = { automatic: 0, manual: 0 };
  let automatic = 0;
  let other = 0;
  let screened = 0;
  let excluded = 0;
  let excludedByAutomation = 0;
  let awaitingScreening = 0;
  let awaitingRetrieval = 0;
  let awaitingFullTextDecision = 0;
  let exclusionsWithoutReason = 0;
  const columns = {
    dbr: { sought: 0, notRetrieved: 0, assessed: 0, reasons: {} as PrismaReasons },
    other: { sought: 0, notRetrieved: 0, assessed: 0, reasons: {} as PrismaReasons },
  };
  let newReports = 0;
  const newStudyIds = new Set<string>();

  for (const fact of history.records) {
    kinds[fact.sourceKind] += 1;
    if (fact.sourceKind === 'database' || fact.sourceKind === 'register') {
      if (fact.sourceName) increment(perSource[fact.sourceKind], fact.sourceName);
      else unnamed = { ...unnamed, [fact.sourceKind]: true };
    }
    const dbr = isDbr(fact.sourceKind);

    // One record is removed for one reason only; a duplicate link wins over later facts.
    if (fact.duplicate) {
      if (dbr) duplicates += 1;
      duplicatesBy[fact.duplicate.by] += 1;
      continue;
    }
    if (fact.excludedByAutomation) {
      if (dbr) automatic += 1;
      continue;
    }
    if (fact.removedOtherReason !== undefined) {
      if (dbr) other += 1;
      continue;
    }

    const outcome = fact.tiAb?.outcome;
    if (dbr) {
      if (outcome === undefined) {
        awaitingScreening += 1;
        continue;
      }
      screened += 1;
    }
    if (outcome === 'exclude') {
      if (dbr) {
        excluded += 1;
        if (fact.tiAb?.by === 'automation') excludedByAutomation += 1;
      }
      continue;
    }

    const column = columns[dbr ? 'dbr' : 'other'];
    const ft = fact.fullText;
    // PRISMA's other-methods column has no screening step: its records are reports sought.
    const sought = ft?.sought ?? true;
    if (!sought) continue;
    column.sought += 1;
    const retrieved = ft?.retrieved ?? (ft?.outcome !== undefined ? true : undefined);
    if (retrieved === false) {
      column.notRetrieved += 1;
      continue;
    }
    if (ft?.outcome === undefined) {
      if (retrieved === undefined) awaitingRetrieval += 1;
      else awaitingFullTextDecision += 1;
      continue;
    }
    column.assessed += 1;
    if (ft.outcome === 'exclude') {
      if (!ft.reason) exclusionsWithoutReason += 1;
      increment(column.reasons, ft.reason || REASON_NOT_RECORDED);
      continue;
    }
    newReports += 1;
    newStudyIds.add(fact.studyId ?? fact.recordId);
  }

  const counts: PrismaCounts = {};
  if (history.previous) {
    counts.previous_studies = history.previous.studies;
    counts.previous_reports = history.previous.reports;
  }
  counts.database_results = kinds.database;
  if (!unnamed.database && Object.keys(perSource.database).length > 0) {
    counts.database_specific_results = perSource.database;
  }
  if (kinds.register > 0 || declared.has('register')) {
    counts.register_results = kinds.register;
    if (!unnamed.register && Object.keys(perSource.register).length > 0) {
      counts.register_specific_results = perSource.register;
    }
  }
  const otherUsed = (kind: PrismaSourceKind): boolean => kinds[kind] > 0 || declared.has(kind);
  const hasOther = otherUsed('website') || otherUsed('organisation') || otherUsed('citation');
  if (hasOther) {
    counts.website_results = kinds.website;
    counts.organisation_results = kinds.organisation;
    counts.citations_results = kinds.citation;
  }
  counts.duplicates = duplicates;
  counts.excluded_automatic = automatic;
  counts.excluded_other = other;
  counts.records_screened = screened;
  counts.records_excluded = excluded;
  if (excludedByAutomation > 0) {
    counts.records_excluded_human = excluded - excludedByAutomation;
    counts.records_excluded_automation = excludedByAutomation;
  }
  counts.dbr_sought_reports = columns.dbr.sought;
  counts.dbr_notretrieved_reports = columns.dbr.notRetrieved;
  counts.dbr_assessed = columns.dbr.assessed;
  counts.dbr_excluded = columns.dbr.reasons;
  if (hasOther) {
    counts.other_sought_reports = columns.other.sought;
    counts.other_notretrieved_reports = columns.other.notRetrieved;
    counts.other_assessed = columns.other.assessed;
    counts.other_excluded = columns.other.reasons;
  }
  counts.new_studies = newStudyIds.size;
  counts.new_reports = newReports;
  const acknowledge: PrismaCountsResult['acknowledge'] = {};
  if (history.previous) {
    const previousIds = history.previous.studyIds;
    counts.total_studies = previousIds
      ? new Set([...previousIds, ...newStudyIds]).size
      : history.previous.studies + newStudyIds.size;
    counts.total_reports = history.previous.reports + newReports;
    const again = counts.new_studies + history.previous.studies - counts.total_studies;
    if (again > 0) {
      acknowledge.R8 = `${again} new report(s) belong to studies included in the previous version`;
    }
  }

  return {
    counts,
    pending: { awaitingScreening, awaitingRetrieval, awaitingFullTextDecision },
    duplicatesBy,
    exclusionsWithoutReason,
    acknowledge,
  };
}
