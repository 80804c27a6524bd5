export {
  ENTITY_KINDS,
  FIELD_TYPES,
  fieldSchema,
  formSchema,
  parseForm,
  sectionSchema,
} from './form';
export type { ChartingForm, FieldType, FormField, FormSection } from './form';
export { checkAnswer, isShown, missingRequired } from './answers';
export type { AnswerCheck, AnswerValue } from './answers';
export { CONTRALESIONAL_M1_FORM, FORM_TEMPLATES, GENERIC_SCOPING_FORM } from './templates';
export { carryAnswers } from './versions';
export type { CarriedAnswers, RetiredAnswer } from './versions';
export {
  consolidateStudy,
  entityKey,
  fieldAgreement,
  isCategorical,
  normaliseEntityLabel,
  sameAnswer,
  splitEntity,
  STUDY_LEVEL,
  studyStatus,
} from './consolidate';
export type {
  FieldAgreement,
  Quote,
  SlotAnswer,
  SlotKey,
  SlotOutcome,
  StudyExtractionStatus,
} from './consolidate';
export { formatCell, parseCell } from './cells';
export { checkQuote, findSpan } from './quotes';
