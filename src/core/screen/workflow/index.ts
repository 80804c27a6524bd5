export * from './types';
export {
  deriveOutcome,
  passesToFullText,
  validateDecision,
  resolveScreenSettings,
} from './outcome';
