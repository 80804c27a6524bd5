export { findDuplicates, pairKey } from './find-duplicates';
export type {
  Cluster,
  DedupInput,
  DedupResult,
  FindDuplicatesOptions,
  PairDecisionMemory,
  PairVerdict,
  RecordRelation,
} from './find-duplicates';
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
export { compareRecords, prepareRecord } from './compare';
export type { FieldSimilarities, PreparedRecord } from './compare';
export { evaluateAgainstGold, evaluatePairLabels } from './evaluate';
export type { DedupEvaluation, LabelledPair, PairLabelEvaluation } from './evaluate';
export {
  inferAsysdGold,
  inferFlaggedDuplicateGold,
  parseDedupeTrainingPairs,
  parseMaybePairs,
  parseMergedRecordIds,
} from './gold';
export { classifyReport } from './report-kind';
export type { ReportKind } from './report-kind';
export { jaroWinkler, diceTokens, editSimilarity, journalSimilarity } from './similarity';
