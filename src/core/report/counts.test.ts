import { describe, expect, it } from 'vitest';
import { checkPrismaCounts } from './check';
import { computePrismaCounts } from './counts';
import type { PrismaHistory, PrismaRecordFact } from './counts';

const fact = (recordId: string, rest: Omit<PrismaRecordFact, 'recordId'>): PrismaRecordFact => ({
  recordId,
  ...rest,
});
const include = { outcome: 'include' } as const;

/** Fourteen records, one per path through the diagram; expected counts worked out by hand. */
const history: PrismaHistory = {
  searchedSources: [{ kind: 'register', name: 'WHO ICTRP' }],
  previous: {
    studies: 10,
    reports: 12,
    studyIds: ['S2', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9'],
  },
  records: [
    fact('r1', {
      sourceKind: 'database',
      sourceName: 'PubMed',
      tiAb: include,
      fullText: { outcome: 'include' },
      studyId: 'S1',
    }),
    fact('r2', {
      sourceKind: 'database',
      sourceName: 'PubMed',
      duplicate: { of: 'r1', by: 'automatic' },
    }),
    fact('r3', {
      sourceKind: 'database',
      sourceName: 'Embase',
      tiAb: { outcome: 'exclude', by: 'human' },
    }),
    fact('r4', {
      sourceKind: 'database',
      sourceName: 'Embase',
      tiAb: { outcome: 'exclude', by: 'automation' },
    }),
    fact('r5', { sourceKind: 'database', sourceName: 'Embase', excludedByAutomation: true }),
    fact('r6', { sourceKind: 'database', sourceName: 'Embase', removedOtherReason: 'retracted' }),
    fact('r7', {
      sourceKind: 'register',
      sourceName: 'ClinicalTrials.gov',
      tiAb: include,
      fullText: { outcome: 'exclude', reason: 'Wrong design' },
    }),
    fact('r8', {
      sourceKind: 'database',
      sourceName: 'PubMed',
      tiAb: { outcome: 'maybe' },
      fullText: { retrieved: false },
    }),
    // A preprint and its journal article: two reports, one study.
    fact('r9', {
      sourceKind: 'database',
      sourceName: 'PubMed',
      tiAb: include,
      fullText: { outcome: 'include' },
      studyId: 'S1',
    }),
    fact('r10', { sourceKind: 'database', sourceName: 'Embase', tiAb: include }),
    fact('r11', { sourceKind: 'database', sourceName: 'Embase' }),
    fact('r12', { sourceKind: 'citation', fullText: { outcome: 'include' }, studyId: 'S2' }),
    fact('r13', { sourceKind: 'website', fullText: { outcome: 'exclude' } }),
    fact('r14', {
      sourceKind: 'database',
      sourceName: 'PubMed',
      tiAb: include,
      fullText: { outcome: 'exclude', reason: 'Wrong design' },
    }),
  ],
};

describe('computePrismaCounts', () => {
  const result = computePrismaCounts(history);

  it('derives every box from the per-record facts', () => {
    expect(result.counts).toEqual({
      previous_studies: 10,
      previous_reports: 12,
      database_results: 11,
      database_specific_results: { PubMed: 5, Embase: 6 },
      register_results: 1,
      register_specific_results: { 'WHO ICTRP': 0, 'ClinicalTrials.gov': 1 },
      website_results: 1,
      organisation_results: 0,
      citations_results: 1,
      duplicates: 1,
      excluded_automatic: 1,
      excluded_other: 1,
      records_screened: 8,
      records_excluded: 2,
      records_excluded_human: 1,
      records_excluded_automation: 1,
      dbr_sought_reports: 6,
      dbr_notretrieved_reports: 1,
      dbr_assessed: 4,
      dbr_excluded: { 'Wrong design': 2 },
      other_sought_reports: 2,
      other_notretrieved_reports: 0,
      other_assessed: 2,
      other_excluded: { 'Reason not recorded': 1 },
      new_studies: 2,
      new_reports: 3,
      total_studies: 11,
      total_reports: 15,
    });
  });

  it('reports open work and how duplicates were removed', () => {
    expect(result.pending).toEqual({
      awaitingScreening: 1,
      awaitingRetrieval: 1,
      awaitingFullTextDecision: 0,
    });
    expect(result.duplicatesBy).toEqual({ automatic: 1, manual: 0 });
    expect(result.exclusionsWithoutReason).toBe(1);
    expect(result.acknowledge.R8).toMatch(/^1 new report/);
  });

  it('lets the checks explain a diagram drawn mid-review', () => {
    const violations = checkPrismaCounts(result.counts, { acknowledge: result.acknowledge });
    expect(violations.map((v) => [v.rule, v.expected, v.actual, v.severity])).toEqual([
      ['R2', 9, 8, 'error'], // one record awaits screening
      ['R4', 5, 4, 'error'], // one report awaits retrieval
      ['R8', 12, 11, 'info'], // S2 was already in the previous version
    ]);
  });

  it('keeps the other-methods and previous columns out of a plain new review', () => {
    const { counts } = computePrismaCounts({
      records: [fact('a', { sourceKind: 'database', tiAb: { outcome: 'exclude' } })],
    });
    expect(counts.website_results).toBeUndefined();
    expect(counts.previous_studies).toBeUndefined();
    expect(counts.total_studies).toBeUndefined();
    expect(counts.register_results).toBeUndefined();
    // Without a name per record there is no per-database detail to show.
    expect(counts.database_specific_results).toBeUndefined();
    expect(counts.records_excluded_automation).toBeUndefined();
    expect(checkPrismaCounts(counts)).toEqual([]);
  });
});
