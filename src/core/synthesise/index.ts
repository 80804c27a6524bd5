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
export {
  CHART_FONT,
  CHART_PALETTE,
  bubbleRadius,
  evidenceMapChart,
  frequencyChart,
  timelineChart,
} from './charts';
export type { ChartKind, ChartSpec } from './charts';
