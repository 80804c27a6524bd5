import type { BibRecord } from '#core/domain/index';
import { forEachCandidatePair } from './block';
import { DisjointSets, compareIds, rankByKeeperPolicy } from './cluster';
import { compareRecords, isClearlyDistinct, prepareRecord } from './compare';
import { decidePair } from './decide';
import type { PairDecision } from './decide';

/** One record offered for de-duplication. */
export interface DedupInput {
  id: string;
  record: BibRecord;
  /** The import batch it came with (kept on results for the engine's audit trail). */
  batchId?: string;
}

/** A remembered manual decision on a pair. */
export type PairDecisionMemory = 'same' | 'different';

/** Options of `findDuplicates`. */
export interface FindDuplicatesOptions {
  /**
   * Incremental mode: only pairs involving at least one of these ids are compared (a new
   * import batch against everything already in the review).
   */
  newIds?: ReadonlySet<string>;
  /** Remembered manual decisions keyed by `pairKey`: `different` never merges, `same` merges. */
  decided?: ReadonlyMap<string, PairDecisionMemory>;
  /** Source databases in order of preference for the keeper (after completeness). */
  preferredSources?: readonly string[];
  /** Called now and then with compared pairs so far and the candidate total. */
  onProgress?: (done: number, total: number) => void;
}

/** A pair that is a duplicate or needs a human look. */
export interface PairVerdict {
  /** `pairKey(a, b)`: the two ids ordered. */
  key: string;
  a: string;
  b: string;
  verdict: 'duplicate' | 'possible';
  score: number;
  /** Names of the rules that fired (`manual-same` for a remembered decision). */
  rules: string[];
  reasons: string[];
  matched: string[];
  conflicting: string[];
}

/** Records judged to be one report. */
export interface Cluster {
  /** The keeper's id prefixed with `dup:` (stable while the keeper stays). */
  id: string;
  keeper: string;
  /** All member ids, keeper first. */
  members: string[];
  /** The rules of the pairs that joined it. */
  rules: string[];
}

/** A link between reports of one study that are not duplicates (preprint and article). */
export interface RecordRelation {
  a: string;
  b: string;
  relation: 'same-study-different-report';
  reasons: string[];
}

/** What `findDuplicates` returns. Records are never removed: clusters only link them. */
export interface DedupResult {
  pairs: PairVerdict[];
  clusters: Cluster[];
  counts: {
    records: number;
    /** Records left after each cluster collapses to its keeper. */
    unique: number;
    duplicatesRemoved: number;
    possiblePairs: number;
    /** Candidate pairs compared. */
    comparedPairs: number;
  };
  relations: RecordRelation[];
}

/** The key of an unordered pair of ids, used for remembered decisions. */
export function pairKey(a: string, b: string): string {
  return compareIds(a, b) <= 0 ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * Finds duplicate records: blocking, field comparison, the rule tables of `decide.ts`, then
 * transitive clusters of `duplicate` pairs with a keeper each. Pure and deterministic.
 */
export function findDuplicates(
  records: readonly DedupInput[],
  options: FindDuplicatesOptions = {},
): DedupResult {
  const prepared = records.map((input, index) => prepareRecord(input.id, input.record, index));
  const decided = options.decided ?? new Map<string, PairDecisionMemory>();
  let newIndexes: Set<number> | undefined;
  if (options.newIds !== undefined) {
    const wanted = options.newIds;
    newIndexes = new Set(records.flatMap((input, index) => (wanted.has(input.id) ? [index] : [])));
  }

  const verdicts: PairVerdict[] = [];
  const relations: RecordRelation[] = [];
  const candidates: [number, number][] = [];
  forEachCandidatePair(prepared, (i, j) => candidates.push([i, j]), { newIndexes });
  const total = candidates.length;
  const step = Math.max(1, Math.floor(total / 100));

  candidates.forEach(([i, j], done) => {
    if (options.onProgress !== undefined && done % step === 0) options.onProgress(done, total);
    const a = prepared[i];
    const b = prepared[j];
    if (a === undefined || b === undefined) return;
    const key = pairKey(a.id, b.id);
    const memory = decided.get(key);
    if (memory === 'different') return;
    if (memory === undefined && isClearlyDistinct(a, b)) return;
    const decision = decidePair({ a, b, sims: compareRecords(a, b) });
    if (decision.relation !== undefined) {
      relations.push({ a: a.id, b: b.id, relation: decision.relation, reasons: decision.reasons });
    }
    if (memory === 'same') {
      verdicts.push(
        toVerdict(key, a.id, b.id, {
          ...decision,
          verdict: 'duplicate',
          rules: ['manual-same'],
          reasons: ['reviewer said same'],
        }),
      );
    } else if (decision.verdict !== 'distinct') {
      verdicts.push(toVerdict(key, a.id, b.id, decision));
    }
  });
  options.onProgress?.(total, total);

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
  return {
    pairs: verdicts,
    clusters,
    counts: {
      records: records.length,
      unique: records.length - duplicatesRemoved,
      duplicatesRemoved,
      possiblePairs: verdicts.filter((verdict) => verdict.verdict === 'possible').length,
      comparedPairs: total,
    },
    relations,
  };
}

function toVerdict(key: string, a: string, b: string, decision: PairDecision): PairVerdict {
  const [first, second] = key === `${a}|${b}` ? [a, b] : [b, a];
  return {
    key,
    a: first,
    b: second,
    verdict: decision.verdict === 'duplicate' ? 'duplicate' : 'possible',
    score: decision.score,
    rules: decision.rules,
    reasons: decision.reasons,
    matched: decision.matched,
    conflicting: decision.conflicting,
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
