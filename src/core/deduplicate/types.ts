import type { BibRecord } from '#core/domain/index';
import { compareIds } from './cluster';

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
