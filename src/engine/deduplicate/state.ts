import type { EngineContext } from '#engine/context';
import { readReviewVersions } from '#engine/versions';
import type { ReviewVersions } from '#engine/versions';
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
 * run or decision changes it (screening asks for it on every decision). A caller
 * that has just read the review's versions passes them, saving the query.
 */
export async function loadDuplicateState(
  context: EngineContext,
  reviewId: number,
  versions?: ReviewVersions,
): Promise<DuplicateState> {
  const latest = versions ?? (await readReviewVersions(context, reviewId));
  // Records and batches too: a retracted batch takes its pairs and decisions with it.
  const version = `${latest.dedupRuns}:${latest.dedupDecisions}:${latest.batches}:${latest.records}`;
  let perReview = cache.get(context.store);
  if (!perReview) cache.set(context.store, (perReview = new Map()));
  const hit = perReview.get(reviewId);
  if (hit && hit.version === version) return hit.state;
  const state = await computeDuplicateState(context, reviewId);
  perReview.set(reviewId, { version, state });
  return state;
}
