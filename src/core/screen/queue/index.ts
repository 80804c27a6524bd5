export { rankForScreening, DEFAULT_QUEUE_PRESET } from './rank';
export type { RankForScreeningOptions, RankForScreeningResult, RankedEntry, RecallEstimate } from './rank';
