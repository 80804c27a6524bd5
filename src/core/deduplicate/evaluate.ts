import { DisjointSets } from './cluster';
import type { DedupResult } from './types';
import { pairKey } from './types';

/** Pair-level accuracy of a de-duplication run against gold duplicate sets. */
export interface DedupEvaluation {
  /** Gold duplicate pairs (all pairs inside each gold set). */
  goldPairs: number;
  /** Pairs inside automatic clusters (transitive). */
  autoPairs: number;
  truePositives: number;
  /** Pairs merged automatically that the gold keeps apart. */
  falseMerges: number;
  precision: number;
  recall: number;
  /** Pairs sent to the manual queue. */
  queuePairs: number;
  /** Gold pairs the queue would join (connected through automatic and queued pairs). */
  foundWithQueue: number;
  recallWithQueue: number;
  /** Up to 50 gold pairs found by neither, and 50 false merges, for inspection. */
  missed: [string, string][];
  wrong: [string, string][];
}

/**
 * Scores a result over record pairs: a pair is merged when both records sit in one
 * automatic cluster (so transitive pairs count), and "found with the queue" when automatic
 * plus queued pairs connect them (what a reviewer who confirms the queue ends up with).
 */
export function evaluateAgainstGold(
  result: DedupResult,
  goldClusters: readonly (readonly string[])[],
  allIds: readonly string[],
): DedupEvaluation {
  const indexById = new Map(allIds.map((id, index) => [id, index]));
  const goldOf = new Map<string, number>();
  goldClusters.forEach((cluster, index) => cluster.forEach((id) => goldOf.set(id, index)));
  const autoOf = new Map<string, number>();
  result.clusters.forEach((cluster, index) =>
    cluster.members.forEach((id) => autoOf.set(id, index)),
  );
  const queue = new DisjointSets(allIds.length);
  for (const pair of result.pairs)
    queue.union(indexById.get(pair.a) ?? 0, indexById.get(pair.b) ?? 0);

  let goldPairs = 0;
  let truePositives = 0;
  let foundWithQueue = 0;
  const missed: [string, string][] = [];
  for (const cluster of goldClusters) {
    for (let x = 0; x < cluster.length; x++) {
      for (let y = x + 1; y < cluster.length; y++) {
        const a = cluster[x] ?? '';
        const b = cluster[y] ?? '';
        goldPairs++;
        const auto = autoOf.get(a);
        if (auto !== undefined && auto === autoOf.get(b)) truePositives++;
        if (
          queue.find(indexById.get(a) ?? -1) === queue.find(indexById.get(b) ?? -1) &&
          indexById.has(a) &&
          indexById.has(b)
        ) {
          foundWithQueue++;
        } else if (missed.length < 50) missed.push([a, b]);
      }
    }
  }
  let autoPairs = 0;
  const wrong: [string, string][] = [];
  for (const cluster of result.clusters) {
    for (let x = 0; x < cluster.members.length; x++) {
      for (let y = x + 1; y < cluster.members.length; y++) {
        autoPairs++;
        const a = cluster.members[x] ?? '';
        const b = cluster.members[y] ?? '';
        const gold = goldOf.get(a);
        if ((gold === undefined || gold !== goldOf.get(b)) && wrong.length < 50) wrong.push([a, b]);
      }
    }
  }
  const falseMerges = autoPairs - truePositives;
  const queuePairs = result.pairs.filter((pair) => pair.verdict === 'possible').length;
  return {
    goldPairs,
    autoPairs,
    truePositives,
    falseMerges,
    precision: autoPairs === 0 ? 1 : truePositives / autoPairs,
    recall: goldPairs === 0 ? 1 : truePositives / goldPairs,
    queuePairs,
    foundWithQueue,
    recallWithQueue: goldPairs === 0 ? 1 : foundWithQueue / goldPairs,
    missed,
    wrong,
  };
}

/** A labelled pair (colandr-style training data). */
export interface LabelledPair {
  a: string;
  b: string;
  match: boolean;
}

/** Pair-verdict accuracy on labelled pairs: how many matches were merged/queued, distinct kept apart. */
export interface PairLabelEvaluation {
  matches: number;
  distinct: number;
  matchesMerged: number;
  matchesQueued: number;
  distinctMerged: number;
  distinctQueued: number;
}

/** Scores the verdicts of a result on labelled pairs (pairs are looked up by `pairKey`). */
export function evaluatePairLabels(
  result: DedupResult,
  pairs: readonly LabelledPair[],
): PairLabelEvaluation {
  const verdicts = new Map(result.pairs.map((pair) => [pair.key, pair.verdict]));
  const evaluation: PairLabelEvaluation = {
    matches: 0,
    distinct: 0,
    matchesMerged: 0,
    matchesQueued: 0,
    distinctMerged: 0,
    distinctQueued: 0,
  };
  for (const pair of pairs) {
    const verdict = verdicts.get(pairKey(pair.a, pair.b));
    if (pair.match) {
      evaluation.matches++;
      if (verdict === 'duplicate') evaluation.matchesMerged++;
      if (verdict === 'possible') evaluation.matchesQueued++;
    } else {
      evaluation.distinct++;
      if (verdict === 'duplicate') evaluation.distinctMerged++;
      if (verdict === 'possible') evaluation.distinctQueued++;
    }
  }
  return evaluation;
}
