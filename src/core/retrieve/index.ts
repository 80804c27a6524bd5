export { DEFAULT_NOT_RETRIEVED_REASONS, RETRIEVAL_STATES, nextRetrievalStatus } from './states';
export type { RetrievalEvent, RetrievalState, RetrievalStatus } from './states';
export { findDois, findPmids } from './identifiers';
export { TITLE_CONFIDENT, TITLE_SUGGESTED, matchFullTexts, titleScore } from './match';
export type {
  FullTextClues,
  FullTextMatch,
  FullTextMatching,
  MatchedBy,
  ReportToMatch,
} from './match';
export { MAX_FULL_TEXT_BYTES, checkPdfBytes } from './pdf-check';
export type { PdfProblem } from './pdf-check';
export { studiesFromLinks } from './studies';
export type { ReportLink, StudyOfReport } from './studies';
