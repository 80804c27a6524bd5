export * from './types';
export {
  deriveOutcome,
  passesToFullText,
  validateDecision,
  resolveScreenSettings,
  voteRefusal,
} from './outcome';
export { readDecisionSheet } from './decision-sheet';
export type { DecisionSheetRow } from './decision-sheet';
