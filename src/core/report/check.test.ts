import { describe, expect, it } from 'vitest';
import { checkPrismaCounts } from './check';
import { PRISMA_SMALL_EXAMPLE, PRISMA_UPDATED_EXAMPLE, PRISMA_WORKED_EXAMPLE } from './examples';

describe('checkPrismaCounts', () => {
  it('accepts the worked example of METHODS 1.2 (golden)', () => {
    const c = PRISMA_WORKED_EXAMPLE;
    // The chain of the worked example, box by box.
    expect((c.database_results ?? 0) + (c.register_results ?? 0)).toBe(1250);
    expect(c.records_screened).toBe(1250 - 300 - 0 - 10);
    expect(c.dbr_sought_reports).toBe(940 - 800);
    expect(c.dbr_assessed).toBe(140 - 5);
    expect(c.new_reports).toBe(135 - (60 + 40));
    expect(checkPrismaCounts(c)).toEqual([]);
  });

  it('accepts the other bundled examples', () => {
    expect(checkPrismaCounts(PRISMA_SMALL_EXAMPLE)).toEqual([]);
    expect(checkPrismaCounts(PRISMA_UPDATED_EXAMPLE)).toEqual([]);
  });

  it('names each broken rule with its boxes, expected and actual values', () => {
    const broken = {
      ...PRISMA_WORKED_EXAMPLE,
      database_specific_results: { A: 1000, B: 199 },
      records_screened: 941,
      dbr_assessed: 134,
      dbr_excluded_total: 101,
      new_studies: 36,
      previous_studies: 5,
      previous_reports: 5,
      total_studies: 35,
      total_reports: 40,
    };
    const violations = checkPrismaCounts(broken);
    expect(violations.map((v) => [v.rule, v.boxes[0], v.expected, v.actual, v.severity])).toEqual([
      ['R1', 'database_results', 1199, 1200, 'error'],
      ['R2', 'records_screened', 940, 941, 'error'],
      ['R3', 'dbr_sought_reports', 141, 140, 'warning'],
      ['R4', 'dbr_assessed', 135, 134, 'error'],
      ['R5', 'dbr_excluded_total', 100, 101, 'error'],
      ['R6', 'new_reports', 33, 35, 'error'],
      ['R7', 'new_studies', 35, 36, 'error'],
      ['R8', 'total_studies', 41, 35, 'error'],
    ]);
    expect(violations.find((v) => v.rule === 'R7')?.relation).toBe('<=');
    expect(violations[0]?.message).toBe(
      'R1: database_results is 1200, expected 1199 from database_specific_results',
    );
  });

  it('checks the other-methods column and the human/automation split', () => {
    const violations = checkPrismaCounts({
      ...PRISMA_UPDATED_EXAMPLE,
      other_assessed: 250,
      records_excluded_human: 1,
    });
    expect(violations.map((v) => [v.rule, v.boxes[0]])).toEqual([
      ['R3', 'records_excluded'],
      ['R4', 'other_assessed'],
      ['R6', 'new_reports'],
    ]);
  });

  it('keeps an acknowledged rule as info with the reviewer note', () => {
    const [v] = checkPrismaCounts(
      { previous_studies: 10, new_studies: 3, total_studies: 12 },
      { acknowledge: { R8: 'one new report belongs to a study included before' } },
    );
    expect(v).toMatchObject({ rule: 'R8', severity: 'info', expected: 13, actual: 12 });
    expect(v?.note).toBe('one new report belongs to a study included before');
  });

  it('skips rules whose inputs are absent', () => {
    expect(checkPrismaCounts({})).toEqual([]);
    expect(checkPrismaCounts({ records_screened: 5 })).toEqual([]);
  });
});
