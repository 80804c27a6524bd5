import type { ParseIssue } from '#core/domain/index';
import { parseDelimited } from '#core/formats/csv/index';

/** One row of a decisions sheet. */
export interface DecisionSheetRow {
  line: number;
  recordId: number;
  decision: string;
  reason?: string;
}

/**
 * Reads a decisions sheet (CSV/TSV with `record_id`, `decision` and optional
 * `reason` columns, as exported from a spreadsheet or another screening tool).
 * Problems come back as issues with line numbers; nothing throws.
 */
export function readDecisionSheet(text: string): {
  rows: DecisionSheetRow[];
  issues: ParseIssue[];
} {
  const parsed = parseDelimited(text);
  const issues: ParseIssue[] = [...parsed.issues];
  const [header, ...data] = parsed.rows;
  if (!header)
    return {
      rows: [],
      issues: [
        ...issues,
        { line: 0, code: 'decisions/empty', severity: 'error', message: 'The sheet is empty.' },
      ],
    };
  const names = header.cells.map((c) =>
    c
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const col = (...options: string[]): number => names.findIndex((n) => options.includes(n));
  const idCol = col('record_id', 'reviewbench_id', 'record', 'id');
  const decisionCol = col('decision', 'label', 'vote');
  const reasonCol = col('reason', 'exclusion_reason');
  if (idCol < 0 || decisionCol < 0) {
    return {
      rows: [],
      issues: [
        ...issues,
        {
          line: header.line,
          code: 'decisions/missing-columns',
          severity: 'error',
          message: `The sheet needs record_id and decision columns; found: ${header.cells.join(', ')}`,
        },
      ],
    };
  }
  const rows: DecisionSheetRow[] = [];
  for (const row of data) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const recordId = Number(row.cells[idCol]?.trim());
    const decision = (row.cells[decisionCol] ?? '').trim().toLowerCase();
    if (!Number.isInteger(recordId) || recordId < 1) {
      issues.push({
        line: row.line,
        code: 'decisions/bad-record-id',
        severity: 'error',
        message: `"${row.cells[idCol] ?? ''}" is not a record id.`,
      });
      continue;
    }
    const reason = reasonCol >= 0 ? row.cells[reasonCol]?.trim() || undefined : undefined;
    rows.push({ line: row.line, recordId, decision, reason });
  }
  return { rows, issues };
}
