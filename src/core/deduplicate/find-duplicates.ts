import { findCandidatePairs } from './block';
import { DisjointSets, compareIds, rankByKeeperPolicy } from './cluster';
import { comparePairsShard } from './compare-pairs';
import type { PairShardResult } from './compare-pairs';
import { prepareRecords } from './prepare';
import type {
  Cluster,
  DedupInput,
  DedupResult,
  FindDuplicatesOptions,
  PairDecisionMemory,
  PairVerdict,
  RecordRelation,
} from './types';

/**
 * Finds duplicate records: blocking, field comparison, the rule tables of `decide.ts`, then
 * transitive clusters of `duplicate` pairs with a keeper each. Pure and deterministic.
 * The same work split for a worker pool: `findDuplicateCandidates`, `comparePairsShard` per
 * shard, `assembleDedupResult`.
 */
export function findDuplicates(
  records: readonly DedupInput[],
  options: FindDuplicatesOptions = {},
): DedupResult {
  const prepared = prepareRecords(records);
  const candidates = findCandidatePairs(prepared, {
    newIndexes: newIndexesOf(records, options.newIds),
  });
  const total = candidates.length / 2;
  const step = Math.max(1, Math.floor(total / 100));
  const shards: PairShardResult[] = [];
  for (let from = 0; from < total; from += step) {
    options.onProgress?.(from, total);
    shards.push(
      comparePairsShard(prepared, candidates, from, from + step, { decided: options.decided }),
    );
  }
  options.onProgress?.(total, total);
  return assembleDedupResult(records, shards, options);
}

/** Options of `findDuplicateCandidates`. */
export interface FindDuplicateCandidatesOptions {
  /** Incremental mode: only pairs involving at least one of these ids. */
  newIds?: ReadonlySet<string>;
}

/**
 * The candidate pairs `findDuplicates` would compare, as flat `[i, j, ...]` indexes into
 * `records` (see `findCandidatePairs`), for an engine that compares shards in parallel.
 */
export function findDuplicateCandidates(
  records: readonly DedupInput[],
  options: FindDuplicateCandidatesOptions = {},
): Int32Array {
  return findCandidatePairs(prepareRecords(records), {
    newIndexes: newIndexesOf(records, options.newIds),
  });
}

function newIndexesOf(
  records: readonly DedupInput[],
  newIds: ReadonlySet<string> | undefined,
): Set<number> | undefined {
  if (newIds === undefined) return undefined;
  const indexes = new Set<number>();
  records.forEach((input, index) => {
    if (newIds.has(input.id)) indexes.add(index);
  });
  return indexes;
}

/**
 * Combines the shards of `comparePairsShard` (in any order, covering every candidate once)
 * into what `findDuplicates` returns: remembered `same` decisions, clusters with keepers,
 * pairs ordered by verdict and score.
 */
export function assembleDedupResult(
  records: readonly DedupInput[],
  shards: readonly PairShardResult[],
  options: Pick<FindDuplicatesOptions, 'decided' | 'preferredSources'> = {},
): DedupResult {
  const verdicts: PairVerdict[] = [];
  const relations: RecordRelation[] = [];
  let comparedPairs = 0;
  for (const shard of shards) {
    for (const pair of shard.pairs) verdicts.push(pair);
    for (const relation of shard.relations) relations.push(relation);
    comparedPairs += shard.compared;
  }
  const decided = options.decided ?? new Map<string, PairDecisionMemory>();

  // Remembered `same` decisions merge even when blocking never paired the two records.
  const indexById = new Map(records.map((input, index) => [input.id, index]));
  const reported = new Set(verdicts.map((verdict) => verdict.key));
  for (const [key, memory] of decided) {
    if (memory !== 'same' || reported.has(key)) continue;
    const [left = '', right = ''] = key.split('|');
    if (!indexById.has(left) || !indexById.has(right)) continue;
    verdicts.push({
      key,
      a: left,
      b: right,
      verdict: 'duplicate',
      score: 1,
      rules: ['manual-same'],
      reasons: ['reviewer said same'],
      matched: [],
      conflicting: [],
    });
  }

  const clusters = buildClusters(records, indexById, verdicts, options.preferredSources ?? []);
  const duplicatesRemoved = clusters.reduce((sum, cluster) => sum + cluster.members.length - 1, 0);
  verdicts.sort(
    (x, y) =>
      (x.verdict === y.verdict ? y.score - x.score : x.verdict === 'duplicate' ? -1 : 1) ||
      (x.key < y.key ? -1 : 1),
  );
  relations.sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  return {
    pairs: verdicts,
    clusters,
    counts: {
      records: records.length,
      unique: records.length - duplicatesRemoved,
      duplicatesRemoved,
      possiblePairs: verdicts.filter((verdict) => verdict.verdict === 'possible').length,
      comparedPairs,
    },
    relations,
  };
}

function buildClusters(
  records: readonly DedupInput[],
  indexById: ReadonlyMap<string, number>,
  verdicts: readonly PairVerdict[],
  preferredSources: readonly string[],
): Cluster[] {
  const sets = new DisjointSets(records.length);
  const rulesByRoot = new Map<number, Set<string>>();
  const duplicates = verdicts.filter((verdict) => verdict.verdict === 'duplicate');
  for (const verdict of duplicates)
    sets.union(indexById.get(verdict.a) ?? 0, indexById.get(verdict.b) ?? 0);
  for (const verdict of duplicates) {
    const root = sets.find(indexById.get(verdict.a) ?? 0);
    const rules = rulesByRoot.get(root) ?? new Set<string>();
    for (const rule of verdict.rules) rules.add(rule);
    rulesByRoot.set(root, rules);
  }
  const membersByRoot = new Map<number, DedupInput[]>();
  records.forEach((input, index) => {
    const root = sets.find(index);
    if (!rulesByRoot.has(root)) return;
    const members = membersByRoot.get(root) ?? [];
    members.push(input);
    membersByRoot.set(root, members);
  });
  const clusters: Cluster[] = [];
  for (const [root, members] of membersByRoot) {
    const ranked = rankByKeeperPolicy(members, preferredSources);
    const keeper = ranked[0]?.id ?? '';
    clusters.push({
      id: `dup:${keeper}`,
      keeper,
      members: ranked.map((member) => member.id),
      rules: [...(rulesByRoot.get(root) ?? [])].sort(),
    });
  }
  return clusters.sort((x, y) => compareIds(x.keeper, y.keeper));
}
