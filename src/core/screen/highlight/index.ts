export { highlightText, type HighlightSpan, type HighlightTerms } from './highlight';
export { stemWord } from './stem';
