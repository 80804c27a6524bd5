/** Public face of search identification: query AST, parsers, translators per database. */
export { SEARCH_FIELDS, QUERY_SYNTAXES } from './ast';
export type {
  BooleanNode,
  BooleanOperator,
  HeadingNode,
  LineListNode,
  LineRefNode,
  NearNode,
  QueryError,
  QueryNode,
  QuerySyntax,
  SearchField,
  Span,
  TermNode,
  TranslationWarning,
} from './ast';
export { DATABASE_IDS } from './dialect';
export type { DatabaseId, Dialect } from './dialect';
export { getTranslator, listTranslators } from './dialects/registry';
export { SCHOLAR_MAX_LENGTH } from './dialects/scholar';
export { parseQuery } from './parse';
export type { ParseQueryOptions, ParseQueryResult } from './parse';
export { parseStrategy, translateSearch, translateStrategy } from './strategy';
export type {
  ParseStrategyOptions,
  ParseStrategyResult,
  StrategyLine,
  TranslatedLine,
  TranslateSearchResult,
  TranslateStrategyResult,
} from './strategy';
export { translateQuery } from './translate';
export type { TranslateOptions, TranslateResult } from './translate';
