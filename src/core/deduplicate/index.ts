export { assembleDedupResult, findDuplicateCandidates, findDuplicates } from './find-duplicates';
export type { FindDuplicateCandidatesOptions } from './find-duplicates';
export { pairKey } from './types';
export type {
  Cluster,
  DedupInput,
  DedupResult,
  FindDuplicatesOptions,
  PairDecisionMemory,
  PairVerdict,
  RecordRelation,
} from './types';
export { comparePairsShard } from './compare-pairs';
export type { ComparePairsShardOptions, PairShardResult } from './compare-pairs';
export { findCandidatePairs } from './block';
export type { BlockOptions } from './block';
export {
  diffRecords,
  mergeCluster,
  rankByKeeperPolicy,
  completeness,
  MERGE_FIELDS,
} from './cluster';
export type { FieldDiff, FieldMark, KeeperCandidate, MergeField, MergeResult } from './cluster';
export { DUPLICATE_RULES, POSSIBLE_RULES, SAFETY_RULES, decidePair } from './decide';
export type { DecisionRule, PairDecision, Verdict } from './decide';
export { compareRecords } from './compare';
export type { FieldSimilarities } from './compare';
export { prepareRecord, prepareRecords } from './prepare';
export type { PreparedRecord } from './prepare';
export { evaluateAgainstGold, evaluatePairLabels } from './evaluate';
export type { DedupEvaluation, LabelledPair, PairLabelEvaluation } from './evaluate';
export {
  inferAsysdGold,
  inferFlaggedDuplicateGold,
  parseDedupeTrainingPairs,
  parseMergedRecordIds,
} from './gold';
export { classifyReport } from './report-kind';
export type { ReportKind } from './report-kind';
export { jaroWinkler, diceTokens, editSimilarity, journalSimilarity } from './similarity';
export { clusterFromHistory } from './history';
export type { HistoryCluster, HistoryDecision, HistoryPair } from './history';
