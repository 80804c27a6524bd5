import { compareRecords, isClearlyDistinct } from './compare';
import { decidePair } from './decide';
import type { PairDecision } from './decide';
import type { PreparedRecord } from './prepare';
import { pairKey } from './types';
import type { PairDecisionMemory, PairVerdict, RecordRelation } from './types';

/** Options of `comparePairsShard`. */
export interface ComparePairsShardOptions {
  /** Remembered manual decisions keyed by `pairKey`: `different` never merges, `same` merges. */
  decided?: ReadonlyMap<string, PairDecisionMemory>;
}

/** What one shard of candidate pairs yields; shards are combined by `assembleDedupResult`. */
export interface PairShardResult {
  /** Duplicate and possible pairs (distinct pairs are not kept). */
  pairs: PairVerdict[];
  relations: RecordRelation[];
  /** Candidate pairs this shard compared. */
  compared: number;
}

/**
 * Compares candidate pairs `from` (inclusive) to `to` (exclusive) of `candidates`, the flat
 * `[i, j, ...]` array of `findCandidatePairs`. Shards are independent, so an engine may run
 * them in worker threads, each worker preparing the records itself with `prepareRecords`
 * (preparation is lazy: a worker only folds the records its pairs touch).
 */
export function comparePairsShard(
  prepared: readonly PreparedRecord[],
  candidates: Int32Array,
  from: number,
  to: number,
  options: ComparePairsShardOptions = {},
): PairShardResult {
  const decided = options.decided;
  const remembers = decided !== undefined && decided.size > 0;
  const pairs: PairVerdict[] = [];
  const relations: RecordRelation[] = [];
  const end = Math.min(to, candidates.length / 2);
  const start = Math.max(0, from);
  for (let at = start; at < end; at++) {
    const a = prepared[candidates[2 * at] ?? -1];
    const b = prepared[candidates[2 * at + 1] ?? -1];
    if (a === undefined || b === undefined) continue;
    const memory = remembers ? decided.get(pairKey(a.id, b.id)) : undefined;
    if (memory === 'different') continue;
    if (memory === undefined && isClearlyDistinct(a, b)) continue;
    const decision = decidePair({ a, b, sims: compareRecords(a, b) });
    if (decision.relation !== undefined) {
      relations.push({ a: a.id, b: b.id, relation: decision.relation, reasons: decision.reasons });
    }
    if (memory === 'same') {
      pairs.push(
        toVerdict(a.id, b.id, {
          ...decision,
          verdict: 'duplicate',
          rules: ['manual-same'],
          reasons: ['reviewer said same'],
        }),
      );
    } else if (decision.verdict !== 'distinct') {
      pairs.push(toVerdict(a.id, b.id, decision));
    }
  }
  return { pairs, relations, compared: Math.max(0, end - start) };
}

function toVerdict(a: string, b: string, decision: PairDecision): PairVerdict {
  const key = pairKey(a, b);
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
