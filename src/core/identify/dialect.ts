import type { HeadingNode, QueryNode, SearchField, Span, TranslationWarning } from './ast';

/** Databases a query can be translated to (the translator registry's keys). */
export const DATABASE_IDS = [
  'pubmed',
  'ovid-medline',
  'ovid-embase',
  'embase',
  'wos',
  'scopus',
  'cinahl',
  'cochrane',
  'europepmc',
  'scholar',
] as const;
export type DatabaseId = (typeof DATABASE_IDS)[number];

/** Wildcard kinds in the AST (Ovid meaning). */
export type WildcardKind = 'star' | 'dollar' | 'dollar1' | 'dollarN' | 'question' | 'hash';

/** How a target writes one wildcard kind; `warn` explains an inexact substitution. */
export interface WildcardRule {
  out: string;
  warn?: string;
}

/** Wraps a rendered term (or a parenthesised compound when `compound`) in a field. */
export type FieldRender = (inner: string, compound: boolean) => string;

export interface FieldRule {
  render: FieldRender;
  /** Present when the target has no exact equivalent: becomes a warning. */
  warn?: string;
  /** A warning that depends on the term (a date finer than the target's years). */
  check?(inner: string): string | undefined;
}

/** What a translator may call back into while rendering. */
export interface RenderContext {
  /** The source text, for warning fragments. */
  source: string;
  warn(code: string, message: string, span: Span): void;
  /** Options the caller passed (read by translators with documented alternatives). */
  options: { legacyTiab: boolean };
}

/**
 * One target database's syntax. The generic renderer walks the AST and asks the dialect
 * for each construct, so a dialect is mostly tables.
 */
export interface Dialect {
  id: DatabaseId;
  label: string;
  operators: { and: string; or: string; not: string };
  /** Quotes a phrase (or a single word the user quoted). */
  quote(text: string): string;
  /** Multi-word terms the user did not quote stay unquoted (Ovid reads them as phrases). */
  keepsUnquotedPhrases?: boolean;
  wildcards: Record<WildcardKind, WildcardRule>;
  fields(ctx: RenderContext): Record<SearchField, FieldRule>;
  /** The thesaurus headings land in; anything but `mesh` is flagged for manual checking. */
  thesaurus: 'mesh' | 'emtree' | 'cinahl-headings' | 'none';
  heading(node: HeadingNode, ctx: RenderContext): string;
  /** Proximity operator, or null when the target has none (AND is used, with a warning). */
  near(distance: number | null, ordered: boolean): string | null;
  /** How the target counts proximity distance (see `NearNode.convention`). */
  proximityConvention: 'ovid-adj' | 'intervening' | 'none';
  /** Extra text for the no-proximity warning (e.g. a native workaround). */
  proximityHint?: string;
  /** Line reference, or null when the target cannot combine earlier searches by number. */
  line(n: number): string | null;
  /** Ovid's `or/1-4`; others spell the list out with the dialect's operators. */
  lineList?(op: 'and' | 'or', lines: number[]): string;
  /** Targets whose NOT is not infix (Google Scholar's `-term`). */
  not?(left: string, right: string, rightNode: QueryNode, ctx: RenderContext): string;
  /** Character limit of the search box, when there is one. */
  maxLength?: number;
  /** Last pass over the whole query, e.g. to check length. */
  finish?(query: string, ctx: RenderContext): string;
}

export const paren = (inner: string, compound: boolean): string =>
  compound ? `(${inner})` : inner;

/** `term.ti.` / `term:ti` style. */
export const suffix =
  (code: string): FieldRender =>
  (inner, compound) =>
    `${paren(inner, compound)}${code}`;

/** `TI=term` / `TITLE:term` / `TI term` style. */
export const prefix =
  (code: string): FieldRender =>
  (inner, compound) =>
    `${code}${paren(inner, compound)}`;

/** `TITLE(term)` style. */
export const call =
  (name: string): FieldRender =>
  (inner) =>
    `${name}(${inner})`;

/** `(TI=term OR AB=term)`: a field the target can only express as a union. */
export const union =
  (renders: FieldRender[], or = 'OR'): FieldRender =>
  (inner, compound) =>
    `(${renders.map((render) => render(inner, compound)).join(` ${or} `)})`;

/** A publication-date term (`2019`, `2010:2020`, `2010/01/01:2020/12/31`) as years. */
export interface YearRange {
  from: number;
  to: number;
  /** The term gave months or days, which a year-only target drops. */
  finer: boolean;
}

/** Reads a date term as a year range; undefined when it is not one. */
export function yearRange(text: string): YearRange | undefined {
  const parts = text.replace(/^"|"$/g, '').split(':');
  if (parts.length > 2) return undefined;
  const years = parts.map((part) => /^\s*(\d{4})(?:[/-]\d{1,2}(?:[/-]\d{1,2})?)?\s*$/.exec(part));
  if (years.some((match) => match === null)) return undefined;
  const [from, to = from] = years.map((match) => Number(match![1]));
  const finer = parts.some((part) => /\d{4}[/-]\d/.test(part));
  return from! <= to! ? { from: from!, to: to!, finer } : { from: to!, to: from!, finer };
}

/**
 * A date field for a target that writes years its own way: `single(2019)`, `range(2010, 2020)`.
 * A date it cannot read as years stays as written, with a warning.
 */
export const years = (
  single: (year: number) => string,
  range: (from: number, to: number) => string,
  label: string,
): FieldRule => ({
  render: (inner) => {
    const parsed = yearRange(inner);
    if (!parsed) return `${inner} (${label}: check this date)`;
    return parsed.from === parsed.to ? single(parsed.from) : range(parsed.from, parsed.to);
  },
  check: (inner) => {
    const parsed = yearRange(inner);
    if (!parsed)
      return `${label} takes years: "${inner}" is not a year or a from:to range of dates.`;
    return parsed.finer
      ? `${label} takes whole years: the months and days of "${inner}" were dropped.`
      : undefined;
  },
});

/** A date field the target sets outside the query (a limit in its interface). */
export const dateLimit = (where: string): FieldRule => ({
  render: (inner) => inner,
  warn: `${where}: remove this date term from the query and set the years there.`,
});

/** A field rule with no exact equivalent. */
export const inexact = (render: FieldRender, warn: string): FieldRule => ({ render, warn });
export const exact = (render: FieldRender): FieldRule => ({ render });
export const bare: FieldRender = (inner, compound) => paren(inner, compound);

/** Spells a heading in MeSH-compatible quotes only when it has several words. */
export const quoteIfSpaced = (text: string, quote: (t: string) => string): string =>
  /\s/.test(text) ? quote(text) : text;

export type { TranslationWarning };
