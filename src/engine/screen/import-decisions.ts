import type { ParseIssue } from '#core/domain/index';
import { CSV_COLUMN_TEXT, quoteCsvCell } from '#core/formats/index';
import { fromRecordRow, listRecords } from '#store/index';
import { needsJudgementFrom } from '#core/workflow/index';
import { DomainError } from '#core/errors';
import { readDecisionSheet } from '#core/screen/workflow/index';
import { validateDecision } from '#core/screen/workflow/index';
import type { EngineContext } from '#engine/context';
import { readScreenSettings } from '#engine/settings';
import { loadCurrentDecisions } from './decisions';
import { decide, eligibleRecordIds } from './screen';
import { requireReviewer } from '#engine/team/members';

export interface ImportDecisionsResult {
  status: 'imported' | 'failed';
  /** Decisions recorded. */
  recorded: number;
  /** Rows whose decision was already the reviewer's current one (re-running is safe). */
  unchanged: number;
  issues: ParseIssue[];
}

/**
 * Records a reviewer's decisions from a sheet. Every row is checked first
 * (record in the review and eligible, decision and reason valid); any error
 * and nothing is recorded. Rows matching the current decision are skipped, so
 * running the same sheet twice records nothing new.
 */
export async function importDecisions(
  context: EngineContext,
  reviewId: number,
  input: { text: string; reviewer: string; stage: string },
): Promise<ImportDecisionsResult> {
  const sheet = readDecisionSheet(input.text);
  const issues = [...sheet.issues];
  await requireReviewer(context, reviewId, input.reviewer);
  const settings = await readScreenSettings(context, reviewId);
  const stage = validateDecision({ stage: input.stage, decision: 'include' }, settings).stage;
  const eligible = new Set(await eligibleRecordIds(context, reviewId, stage, settings));
  const current = await loadCurrentDecisions(context.store.db, reviewId, stage);
  const seen = new Set<number>();
  const toRecord: { recordId: number; decision: string; reason?: string }[] = [];
  let unchanged = 0;
  for (const row of sheet.rows) {
    try {
      const valid = validateDecision(
        { stage, decision: row.decision, reason: row.reason },
        settings,
      );
      if (!eligible.has(row.recordId))
        throw new DomainError(
          'screen/not-eligible',
          `Record ${row.recordId} is not open for ${stage} screening in this review.`,
        );
      if (seen.has(row.recordId))
        throw new DomainError(
          'screen/repeated-record',
          `Record ${row.recordId} appears twice in the sheet.`,
        );
      seen.add(row.recordId);
      const mine = current
        .get(row.recordId)
        ?.find((d) => d.reviewer === input.reviewer && !d.resolution);
      if (mine && mine.decision === valid.decision && (mine.reason ?? undefined) === valid.reason)
        unchanged += 1;
      else
        toRecord.push({ recordId: row.recordId, decision: valid.decision, reason: valid.reason });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      issues.push({ line: row.line, code: error.code, severity: 'error', message: error.message });
    }
  }
  if (issues.some((i) => i.severity === 'error'))
    return { status: 'failed', recorded: 0, unchanged: 0, issues };
  for (const row of toRecord)
    await decide(context, reviewId, { ...row, stage, reviewer: input.reviewer });
  return { status: 'imported', recorded: toRecord.length, unchanged, issues };
}

/** The columns of a decision sheet: what a reviewer reads, then what they fill in. */
export const DECISION_SHEET_COLUMNS = [
  'record_id',
  'title',
  'authors',
  'year',
  'journal',
  'doi',
  'abstract',
  'decision',
  'reason',
] as const;

/**
 * A sheet for screening offline, that `importDecisions` reads back: the records at `stage`
 * still waiting for `reviewer`'s vote (with `all`, every eligible record, their current
 * vote filled in), by ReviewBench id. Fill `decision` (include, exclude, maybe) and, where
 * the stage asks, `reason`.
 */
export async function exportDecisionSheet(
  context: EngineContext,
  reviewId: number,
  input: { reviewer: string; stage: string; all?: boolean },
): Promise<{ count: number; text: string }> {
  await requireReviewer(context, reviewId, input.reviewer);
  const settings = await readScreenSettings(context, reviewId);
  const stage = validateDecision({ stage: input.stage, decision: 'include' }, settings).stage;
  const eligible = await eligibleRecordIds(context, reviewId, stage, settings);
  const current = await loadCurrentDecisions(context.store.db, reviewId, stage);
  const mineOf = (id: number) =>
    current.get(id)?.find((d) => d.reviewer === input.reviewer && !d.resolution);
  const ids = eligible.filter((id) => {
    if (input.all) return true;
    const facts = current.get(id) ?? [];
    return needsJudgementFrom(
      facts.map((f) => ({ assessor: f.reviewer, resolution: f.resolution })),
      input.reviewer,
      settings.reviewersPerRecord,
    );
  });
  const lines = [DECISION_SHEET_COLUMNS.join(',')];
  const PAGE = 1000;
  for (let i = 0; i < ids.length; i += PAGE) {
    const rows = await listRecords(context.store.db, { reviewId, ids: ids.slice(i, i + PAGE) });
    for (const row of rows.sort((a, b) => a.id - b.id)) {
      const record = fromRecordRow(row);
      const mine = mineOf(row.id);
      const cells = [
        String(row.id),
        CSV_COLUMN_TEXT.title(record),
        CSV_COLUMN_TEXT.authors(record),
        CSV_COLUMN_TEXT.year(record),
        CSV_COLUMN_TEXT.journal(record),
        CSV_COLUMN_TEXT.doi(record),
        CSV_COLUMN_TEXT.abstract(record),
        mine?.decision ?? '',
        mine?.reason ?? '',
      ];
      lines.push(cells.map(quoteCsvCell).join(','));
    }
  }
  return { count: ids.length, text: `${lines.join('\n')}\n` };
}
