/**
 * Canonical search fields. `tiab` is title + abstract only (Ovid `.ti,ab.`/`.tw.`);
 * `tiabkw` adds author keywords, which is what PubMed `[tiab]` searches since NLM added
 * author keywords to it (and what Ovid `.ti,ab,kf.`/`.tw,kf.` search).
 */
export const SEARCH_FIELDS = [
  'ti',
  'ab',
  'tiab',
  'tiabkw',
  'tw',
  'all',
  'kw',
  'au',
  'la',
  'pt',
  'nm',
  'ta',
  'doi',
  'ad',
  /** Publication date: a year, a date, or a `from:to` range (PubMed `[dp]`, Ovid `.yr.`). */
  'dp',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Offsets into the query text, `end` exclusive: warnings quote `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A word or phrase. Wildcards keep their Ovid meaning in `text` (`*`/`$` unlimited,
 * `$n` limited, `?` zero-or-one character, `#` exactly one character).
 */
export interface TermNode {
  kind: 'term';
  text: string;
  /** Written in quotes in the source (a multi-word term is a phrase either way). */
  quoted: boolean;
  field?: SearchField;
  span: Span;
}

/** A controlled-vocabulary heading, assumed to be MeSH (both input syntaxes are MEDLINE's). */
export interface HeadingNode {
  kind: 'heading';
  text: string;
  explode: boolean;
  major: boolean;
  /** A floating subheading (`[sh]`, `.fs.`) rather than a descriptor. */
  subheading: boolean;
  /** Attached qualifiers, e.g. `rh` in Ovid `Stroke/rh`. */
  qualifiers: string[];
  span: Span;
}

export type BooleanOperator = 'and' | 'or' | 'not';

export interface BooleanNode {
  kind: 'bool';
  op: BooleanOperator;
  left: QueryNode;
  right: QueryNode;
  span: Span;
}

/**
 * Proximity. `distance` null means adjacent (Ovid `ADJ`, `NEXT`). `convention` records how
 * the source counted: Ovid `ADJn` allows n-1 intervening words, `NEAR/n` allows n.
 */
export interface NearNode {
  kind: 'near';
  distance: number | null;
  ordered: boolean;
  convention: 'ovid-adj' | 'intervening';
  field?: SearchField;
  left: QueryNode;
  right: QueryNode;
  span: Span;
}

/** A reference to an earlier line of a strategy (`#3`, or `3` inside a strategy). */
export interface LineRefNode {
  kind: 'line';
  line: number;
  span: Span;
}

/** Ovid's `or/1-4` and `and/2,5-7`: one operator over a list of lines. */
export interface LineListNode {
  kind: 'lines';
  op: 'and' | 'or';
  lines: number[];
  span: Span;
}

export type QueryNode =
  TermNode | HeadingNode | BooleanNode | NearNode | LineRefNode | LineListNode;

/** A problem in the query text; parsers return these instead of throwing. */
export interface QueryError {
  code: string;
  message: string;
  /** 0-based offset in the line's query text. */
  offset: number;
  /** 1-based strategy line number, when the query came from a strategy. */
  line?: number;
}

/** A part of the query that did not translate exactly, with the source text it concerns. */
export interface TranslationWarning {
  code: string;
  message: string;
  fragment: string;
  /** 1-based strategy line number, when the query came from a strategy. */
  line?: number;
}

/** Query syntaxes the parser reads. */
export const QUERY_SYNTAXES = ['pubmed', 'ovid'] as const;
export type QuerySyntax = (typeof QUERY_SYNTAXES)[number];
