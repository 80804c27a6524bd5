// The active-learning screening roles (ASReview-style, looked up by name), presets,
// simulation, metrics and the live ranking API. Only numbers, strings and ids pass through:
// everything here runs in a worker thread or a browser.
export type { CsrMatrix } from './sparse';
export type {
  Balancer,
  Classifier,
  FeatureExtractor,
  LinearModel,
  Querier,
  StopAdvice,
  Stopper,
  StopperInput,
  TrainingSet,
} from './types';
export { fitTfidf, type FeatureMatrix, type TfidfOptions } from './features/tfidf';
export { ENGLISH_STOP_WORDS } from './features/stop-words';
export { trainSvm, type SvmOptions } from './classifiers/svm';
export { trainNb, type NbOptions } from './classifiers/nb';
export { trainLogistic, type LogisticOptions } from './classifiers/logistic';
export { weighBalanced, type BalancedOptions } from './balancers/balanced';
export { hypergeometricCdf } from './stoppers/hypergeometric';
export {
  testRecallTarget,
  type StatisticalStopOptions,
  type StatisticalTest,
} from './stoppers/statistical';
export { countTrailingIrrelevant } from './stoppers/consecutive-irrelevant';
export { SAFE_PROCEDURE } from './stoppers/safe';
export {
  BALANCERS,
  CLASSIFIERS,
  FEATURE_EXTRACTORS,
  QUERIERS,
  STOPPERS,
  createBalancer,
  createClassifier,
  createFeatureExtractor,
  createQuerier,
  createStopper,
  type RoleOptions,
  type RoleSpec,
} from './registry';
export { PRESETS, getPreset, type Preset } from './presets';
export { scoreRows, scoreUnlabelled } from './score';
export * from './metrics';
export {
  simulate,
  type SimulateOptions,
  type SimulateProgress,
  type SimulateResult,
} from './simulate';
export {
  rankRecords,
  type RankRecordsOptions,
  type RankRecordsResult,
  type RecallEstimate,
} from './rank-records';
export { explainScore, type ExplainOptions, type TermContribution } from './explain';
