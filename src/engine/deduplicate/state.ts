import type { EngineContext } from '#engine/context';
import { computeDuplicateState } from './clusters';

/** What de-duplication has settled: which records are removed, and into which cluster. */
export interface DuplicateState {
  /** Records linked to a cluster whose keeper is another record. */
  removed: Set<number>;
  /** keeper id -> member ids (keeper included), for clusters of two or more. */
  clusters: Map<number, number[]>;
  /** Pairs linked as the same study in different reports (preprint and article). */
  related: [number, number][];
  /** Removed records whose cluster holds a manual "same" decision. */
  removedManually: Set<number>;
}

const cache = new WeakMap<
  EngineContext['store'],
  Map<number, { version: string; state: DuplicateState }>
>();

/**
 * Loads the current duplicate state, cached per store until a de-duplication
 * run or decision changes it (screening asks for it on every decision).
 */
export async function loadDuplicateState(
  context: EngineContext,
  reviewId: number,
): Promise<DuplicateState> {
  const { db } = context.store;
  // Both versions in one query: every screening call asks, so on PostgreSQL it is one round trip.
  const latest = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('dedup_runs')
        .select((inner) => inner.fn.max('id').as('m'))
        .where('review_id', '=', reviewId)
        .as('runs'),
      eb
        .selectFrom('dedup_decisions')
        .select((inner) => inner.fn.max('id').as('m'))
        .where('review_id', '=', reviewId)
        .as('decisions'),
    ])
    .executeTakeFirst();
  const version = `${latest?.runs ?? 0}:${latest?.decisions ?? 0}`;
  let perReview = cache.get(context.store);
  if (!perReview) cache.set(context.store, (perReview = new Map()));
  const hit = perReview.get(reviewId);
  if (hit && hit.version === version) return hit.state;
  const state = await computeDuplicateState(context, reviewId);
  perReview.set(reviewId, { version, state });
  return state;
}
