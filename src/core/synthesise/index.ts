export {
  NOT_REPORTED,
  categoriesOf,
  characteristicsTable,
  crosstab,
  evidenceMap,
  frequencies,
  requireField,
  stratify,
  timeline,
} from './tables';
export type {
  Count,
  Crosstab,
  EvidenceMap,
  Stratum,
  SynthesisInput,
  SynthesisStudy,
} from './tables';
