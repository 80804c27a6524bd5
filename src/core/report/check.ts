/**
 * The arithmetic a PRISMA 2020 diagram must satisfy (rules R1-R8 of METHODS 1.2). The R package
 * accepts any numbers; the workbench reports every rule that does not close, as data.
 */
import { excludedTotal, sumReasons } from './counts';
import type { PrismaCountKey, PrismaCounts } from './counts';

/** Rule ids, as numbered in METHODS 1.2. */
export const PRISMA_RULE_IDS = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8'] as const;
export type PrismaRuleId = (typeof PRISMA_RULE_IDS)[number];

/** One rule that does not hold. `expected` is what the other boxes imply for `boxes[0]`. */
export interface PrismaViolation {
  rule: PrismaRuleId;
  /** Data keys involved; the first is the box whose value is checked. */
  boxes: PrismaCountKey[];
  expected: number;
  actual: number;
  /** `=` for equalities, `<=` for R7 (actual must not exceed expected). */
  relation: '=' | '<=';
  /** R3 is a warning (one record can yield several reports); acknowledged rules are `info`. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The reviewer's explanation when the rule was acknowledged (R8: a new report of an old study). */
  note?: string;
}

/** Options of `checkPrismaCounts`. */
export interface CheckPrismaOptions {
  /** Rules the reviewer has explained; their violations are kept with severity `info`. */
  acknowledge?: Partial<Record<PrismaRuleId, string>>;
}

const defined = (...values: (number | undefined)[]): boolean =>
  values.every((v) => v !== undefined);

/** Checks R1-R8 on whatever numbers are present; a rule is skipped when its inputs are absent. */
export function checkPrismaCounts(
  counts: PrismaCounts,
  options: CheckPrismaOptions = {},
): PrismaViolation[] {
  const found: Omit<PrismaViolation, 'severity' | 'relation' | 'message'>[] = [];
  const equal = (
    rule: PrismaRuleId,
    boxes: PrismaCountKey[],
    expected: number,
    actual: number | undefined,
  ): void => {
    if (actual !== undefined && actual !== expected) found.push({ rule, boxes, expected, actual });
  };
  const c = counts;

  // R1: per-source detail must add up to the totals it details.
  if (c.database_specific_results && c.database_results !== undefined) {
    equal(
      'R1',
      ['database_results', 'database_specific_results'],
      sumReasons(c.database_specific_results),
      c.database_results,
    );
  }
  if (c.register_specific_results && c.register_results !== undefined) {
    equal(
      'R1',
      ['register_results', 'register_specific_results'],
      sumReasons(c.register_specific_results),
      c.register_results,
    );
  }

  // R2: screened = identified - removed before screening.
  if (c.database_results !== undefined || c.register_results !== undefined) {
    const identified = (c.database_results ?? 0) + (c.register_results ?? 0);
    const removed = (c.duplicates ?? 0) + (c.excluded_automatic ?? 0) + (c.excluded_other ?? 0);
    equal(
      'R2',
      [
        'records_screened',
        'database_results',
        'register_results',
        'duplicates',
        'excluded_automatic',
        'excluded_other',
      ],
      identified - removed,
      c.records_screened,
    );
  }

  // R3: sought = screened - excluded (warning only).
  if (defined(c.records_screened, c.records_excluded)) {
    equal(
      'R3',
      ['dbr_sought_reports', 'records_screened', 'records_excluded'],
      (c.records_screened ?? 0) - (c.records_excluded ?? 0),
      c.dbr_sought_reports,
    );
  }
  if (defined(c.records_excluded_human, c.records_excluded_automation, c.records_excluded)) {
    // The human/automation split is a breakdown of the same box, so it obeys R3's box too.
    equal(
      'R3',
      ['records_excluded', 'records_excluded_human', 'records_excluded_automation'],
      (c.records_excluded_human ?? 0) + (c.records_excluded_automation ?? 0),
      c.records_excluded,
    );
  }

  // R4: assessed = sought - not retrieved, in both columns.
  if (c.dbr_sought_reports !== undefined) {
    equal(
      'R4',
      ['dbr_assessed', 'dbr_sought_reports', 'dbr_notretrieved_reports'],
      c.dbr_sought_reports - (c.dbr_notretrieved_reports ?? 0),
      c.dbr_assessed,
    );
  }
  if (c.other_sought_reports !== undefined) {
    equal(
      'R4',
      ['other_assessed', 'other_sought_reports', 'other_notretrieved_reports'],
      c.other_sought_reports - (c.other_notretrieved_reports ?? 0),
      c.other_assessed,
    );
  }

  // R5: a stated total of excluded reports equals the sum over reasons.
  if (c.dbr_excluded_total !== undefined && c.dbr_excluded) {
    equal(
      'R5',
      ['dbr_excluded_total', 'dbr_excluded'],
      sumReasons(c.dbr_excluded),
      c.dbr_excluded_total,
    );
  }
  if (c.other_excluded_total !== undefined && c.other_excluded) {
    equal(
      'R5',
      ['other_excluded_total', 'other_excluded'],
      sumReasons(c.other_excluded),
      c.other_excluded_total,
    );
  }

  // R6: included reports = what survives full-text assessment in both columns.
  const dbrKept =
    c.dbr_assessed === undefined ? undefined : c.dbr_assessed - (excludedTotal(c, 'dbr') ?? 0);
  const otherKept =
    c.other_assessed === undefined
      ? undefined
      : c.other_assessed - (excludedTotal(c, 'other') ?? 0);
  if (dbrKept !== undefined || otherKept !== undefined) {
    equal(
      'R6',
      ['new_reports', 'dbr_assessed', 'dbr_excluded', 'other_assessed', 'other_excluded'],
      (dbrKept ?? 0) + (otherKept ?? 0),
      c.new_reports,
    );
  }

  // R7: a study has at least one report.
  if (c.new_studies !== undefined && c.new_reports !== undefined) {
    if (c.new_studies > c.new_reports) {
      found.push({
        rule: 'R7',
        boxes: ['new_studies', 'new_reports'],
        expected: c.new_reports,
        actual: c.new_studies,
      });
    }
  }

  // R8: totals of an update = previous + new.
  if (defined(c.previous_studies, c.new_studies)) {
    equal(
      'R8',
      ['total_studies', 'previous_studies', 'new_studies'],
      (c.previous_studies ?? 0) + (c.new_studies ?? 0),
      c.total_studies,
    );
  }
  if (defined(c.previous_reports, c.new_reports)) {
    equal(
      'R8',
      ['total_reports', 'previous_reports', 'new_reports'],
      (c.previous_reports ?? 0) + (c.new_reports ?? 0),
      c.total_reports,
    );
  }

  return found.map((v) => {
    const relation = v.rule === 'R7' ? '<=' : '=';
    const note = options.acknowledge?.[v.rule];
    const severity = note !== undefined ? 'info' : v.rule === 'R3' ? 'warning' : 'error';
    const message =
      relation === '<='
        ? `${v.rule}: ${v.boxes[0]} is ${v.actual} but must not exceed ${v.boxes[1]} (${v.expected})`
        : `${v.rule}: ${v.boxes[0]} is ${v.actual}, expected ${v.expected} from ${v.boxes
            .slice(1)
            .join(', ')}`;
    return { ...v, relation, severity, message, ...(note !== undefined ? { note } : {}) };
  });
}
