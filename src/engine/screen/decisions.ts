import type { Kysely } from 'kysely';
import type { DecisionFact, ScreenStage } from '#core/screen/workflow/index';
import type { Database } from '#store/index';

/** Decision value of the row an undo writes; it supersedes the undone decision. */
export const WITHDRAWN = 'withdrawn';

/** The current (not superseded) decisions of a stage, grouped by record. */
export async function loadCurrentDecisions(
  db: Kysely<Database>,
  reviewId: number,
  stage: ScreenStage,
  recordIds?: number[],
): Promise<Map<number, DecisionFact[]>> {
  let q = db
    .selectFrom('screen_decisions')
    .select(['id', 'record_id', 'stage', 'reviewer', 'decision', 'reason', 'resolution', 'created_at'])
    .where('review_id', '=', reviewId)
    .where('stage', '=', stage)
    .where('superseded_by', 'is', null)
    // An undone decision leaves a `withdrawn` marker: history, not a vote.
    .where('decision', '!=', WITHDRAWN);
  if (recordIds) {
    if (recordIds.length === 0) return new Map();
    q = q.where('record_id', 'in', recordIds);
  }
  const rows = await q.orderBy('id').execute();
  const byRecord = new Map<number, DecisionFact[]>();
  for (const row of rows) {
    const fact: DecisionFact = {
      id: row.id,
      recordId: row.record_id,
      stage: row.stage as ScreenStage,
      reviewer: row.reviewer,
      decision: row.decision as DecisionFact['decision'],
      reason: row.reason ?? undefined,
      resolution: row.resolution === 1,
      createdAt: row.created_at,
    };
    const list = byRecord.get(row.record_id);
    if (list) list.push(fact);
    else byRecord.set(row.record_id, [fact]);
  }
  return byRecord;
}
