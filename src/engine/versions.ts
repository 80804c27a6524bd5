import { SCREEN_STAGES } from '#core/screen/workflow/index';
import type { ScreenStage } from '#core/screen/workflow/index';
import { visibleRecords } from '#store/index';
import type { EngineContext } from '#engine/context';

/**
 * The markers that tell whether a review's cached state is still current. Rows of these
 * tables are only ever added, so the highest id (with a batch count: a rolled-back import
 * leaves no batch) changes whenever what they hold does.
 */
export interface ReviewVersions {
  /** De-duplication runs and decisions: the duplicate state follows them. */
  dedupRuns: number;
  dedupDecisions: number;
  /**
   * Records are only added, a batch at a time: they count once their batch is complete (an
   * import still writing is invisible), and completing one changes the batch count.
   */
  records: number;
  batches: number;
  lastBatch: number;
  /** The latest retrieval change (a report's row is replaced on each): 0 before any. */
  retrieval: number;
  /** The latest stored ranking of each screening stage (0: none yet). */
  rankings: Record<ScreenStage, number>;
}

/**
 * Reads every marker in one query, so a screening request that checks all its caches
 * pays one round trip on PostgreSQL rather than one per cache.
 */
export async function readReviewVersions(
  context: EngineContext,
  reviewId: number,
): Promise<ReviewVersions> {
  const { db } = context.store;
  type Counted = 'dedup_runs' | 'dedup_decisions' | 'retrieval' | 'screen_rankings';
  const row = await db
    .selectNoFrom((eb) => {
      const highest = (table: Counted, alias: string, stage?: ScreenStage) => {
        let query = eb
          .selectFrom(table)
          .select((inner) => inner.fn.max('id').as('m'))
          .where('review_id', '=', reviewId);
        if (stage) query = query.where('stage', '=', stage);
        return query.as(alias);
      };
      return [
        highest('dedup_runs', 'dedup_runs'),
        highest('dedup_decisions', 'dedup_decisions'),
        highest('retrieval', 'retrieval'),
        eb
          .selectFrom('records')
          .select((inner) => inner.fn.max('id').as('m'))
          .where('review_id', '=', reviewId)
          .where(visibleRecords(reviewId))
          .as('records'),
        eb
          .selectFrom('batches')
          .select((inner) => inner.fn.max('id').as('m'))
          .where('review_id', '=', reviewId)
          .where('state', '=', 'complete')
          .as('last_batch'),
        eb
          .selectFrom('batches')
          .select((inner) => inner.fn.countAll().as('n'))
          .where('review_id', '=', reviewId)
          .where('state', '=', 'complete')
          .as('batches'),
        ...SCREEN_STAGES.map((stage) => highest('screen_rankings', `ranking_${stage}`, stage)),
      ];
    })
    .executeTakeFirstOrThrow();
  const value = (name: string): number => Number((row as Record<string, unknown>)[name] ?? 0);
  return {
    dedupRuns: value('dedup_runs'),
    dedupDecisions: value('dedup_decisions'),
    retrieval: value('retrieval'),
    records: value('records'),
    batches: value('batches'),
    lastBatch: value('last_batch'),
    rankings: Object.fromEntries(
      SCREEN_STAGES.map((stage) => [stage, value(`ranking_${stage}`)]),
    ) as Record<ScreenStage, number>,
  };
}
