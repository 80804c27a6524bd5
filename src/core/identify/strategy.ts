import type { QueryError, QueryNode, QuerySyntax, TranslationWarning } from './ast';
import type { Dialect } from './dialect';
import { getTranslator } from './dialects/registry';
import { parseQuery } from './parse';
import { renderQuery } from './render';
import {
  createRenderContext,
  dedupeWarnings,
  translateQuery,
  type TranslateOptions,
} from './translate';

/** One line of a multi-line strategy after parsing. */
export interface StrategyLine {
  /** The line's number (`1.` in `1. exp Stroke/`; its position when lines are unnumbered). */
  number: number;
  /** The query text without its number. */
  query: string;
  ast: QueryNode | null;
  warnings: TranslationWarning[];
  errors: QueryError[];
}

export interface ParseStrategyOptions {
  syntax: QuerySyntax;
}

export interface ParseStrategyResult {
  lines: StrategyLine[];
  errors: QueryError[];
}

const NUMBERED = /^\s*#?(\d+)[.):]?\s+(\S.*)$/;
// Ovid exports may end a line with its hit count in parentheses.
const HIT_COUNT = /\s+\(\d[\d,]*\)\s*$/;

/**
 * Parses a numbered strategy (`1. exp Stroke/`, `2. stroke.tw.`, `3. or/1-2`, `#4 #1 AND #3`)
 * or unnumbered lines (numbered by position). References must point to earlier lines.
 */
export function parseStrategy(
  input: string | readonly string[],
  options: ParseStrategyOptions,
): ParseStrategyResult {
  const raw = (typeof input === 'string' ? input.split(/\r?\n/) : [...input]).filter(
    (line) => line.trim() !== '' && !/^\s*#\s/.test(line),
  );
  const numbered = raw.length > 0 && NUMBERED.test(raw[0] as string);
  const lines: StrategyLine[] = [];
  const known = new Set<number>();
  raw.forEach((text, index) => {
    const match = numbered ? NUMBERED.exec(text) : null;
    const number = match ? Number(match[1]) : index + 1;
    const query = (match ? (match[2] as string) : text.trim()).replace(HIT_COUNT, '');
    const line = parseStrategyLine(number, query, options.syntax, known);
    if (numbered && !match) {
      line.errors.push({
        code: 'unnumbered-line',
        message: 'This line has no number.',
        offset: 0,
        line: number,
      });
    }
    if (known.has(number)) {
      line.errors.push({
        code: 'duplicate-line',
        message: `Line ${number} appears twice.`,
        offset: 0,
        line: number,
      });
    }
    known.add(number);
    lines.push(line);
  });
  return { lines, errors: lines.flatMap((line) => line.errors) };
}

function parseStrategyLine(
  number: number,
  query: string,
  syntax: QuerySyntax,
  known: Set<number>,
): StrategyLine {
  // `limit 5 to yr="2010 - 2020"` is line 5 and a publication-year range: translated as such.
  const years = /^limit\s+(\d+)\s+to\s+yr\s*=\s*"?\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*"?\s*$/i.exec(
    query,
  );
  if (years && syntax === 'ovid') {
    const [, line, from, to] = years;
    const parsed = parseStrategyLine(
      number,
      `${line} and ${from}:${to ?? from}.yr.`,
      syntax,
      known,
    );
    return { ...parsed, query };
  }
  if (/^limit\s/i.test(query) || /^remove duplicates\b/i.test(query)) {
    const error = {
      code: 'unsupported-line',
      message:
        'Ovid "limit" lines other than years (yr="2010 - 2020") and "remove duplicates" are not translated: apply them by hand.',
      offset: 0,
      line: number,
    };
    return { number, query, ast: null, warnings: [], errors: [error] };
  }
  const parsed = parseQuery(query, { syntax, bareNumbersAreLines: syntax === 'ovid' });
  const errors = parsed.errors.map((error) => ({ ...error, line: number }));
  if (parsed.ast) checkReferences(parsed.ast, number, known, errors);
  const warnings = parsed.warnings.map((warning) => ({ ...warning, line: number }));
  return { number, query, ast: errors.length > 0 ? null : parsed.ast, warnings, errors };
}

function checkReferences(
  node: QueryNode,
  number: number,
  known: Set<number>,
  errors: QueryError[],
): void {
  const check = (ref: number, offset: number): void => {
    if (!known.has(ref)) {
      errors.push({
        code: 'bad-line-ref',
        message: `Line ${ref} is not an earlier line of this strategy.`,
        offset,
        line: number,
      });
    }
  };
  if (node.kind === 'line') check(node.line, node.span.start);
  if (node.kind === 'lines') node.lines.forEach((ref) => check(ref, node.span.start));
  if (node.kind === 'bool' || node.kind === 'near') {
    checkReferences(node.left, number, known, errors);
    checkReferences(node.right, number, known, errors);
  }
}

/** One translated strategy line. */
export interface TranslatedLine {
  number: number;
  source: string;
  /** Empty when the line has errors. */
  query: string;
  warnings: TranslationWarning[];
  errors: QueryError[];
}

export interface TranslateStrategyResult {
  lines: TranslatedLine[];
  /**
   * The last line with every reference expanded: one query for search boxes and APIs that
   * cannot combine numbered searches. Empty when any line has errors.
   */
  combined: string;
  warnings: TranslationWarning[];
  errors: QueryError[];
}

/**
 * Translates a numbered strategy line by line. Targets without line references (Europe PMC,
 * Google Scholar) get earlier lines expanded in place.
 */
export function translateStrategy(
  input: string | readonly string[],
  options: TranslateOptions,
): TranslateStrategyResult {
  const dialect = getTranslator(options.to);
  const parsed = parseStrategy(input, { syntax: options.from });
  const byNumber = new Map(parsed.lines.map((line) => [line.number, line]));
  const resolveLine = (n: number): QueryNode | undefined => byNumber.get(n)?.ast ?? undefined;
  const lines = parsed.lines.map((line): TranslatedLine => {
    if (line.ast === null) {
      return {
        number: line.number,
        source: line.query,
        query: '',
        warnings: line.warnings,
        errors: line.errors,
      };
    }
    const { ctx, warnings } = createRenderContext(line.query, options, line.number);
    const query = renderQuery(line.ast, dialect, ctx, { resolveLine });
    return {
      number: line.number,
      source: line.query,
      query,
      warnings: dedupeWarnings([...line.warnings, ...warnings]),
      errors: [],
    };
  });
  const combined =
    parsed.errors.length === 0 ? renderCombined(parsed.lines, dialect, options, resolveLine) : '';
  return {
    lines,
    combined,
    warnings: lines.flatMap((line) => line.warnings),
    errors: parsed.errors,
  };
}

function renderCombined(
  lines: StrategyLine[],
  dialect: Dialect,
  options: TranslateOptions,
  resolveLine: (n: number) => QueryNode | undefined,
): string {
  const last = lines[lines.length - 1];
  if (!last?.ast) return '';
  const expanding: Dialect = { ...dialect, line: () => null, lineList: undefined };
  const { ctx } = createRenderContext(last.query, options, last.number);
  return renderQuery(last.ast, expanding, ctx, { resolveLine });
}

/** A search translated the one way the CLI and the web both use (`translateSearch`). */
export interface TranslateSearchResult {
  /** The search in the target's syntax: the query, or a strategy's lines combined into one. */
  query: string;
  /** A numbered strategy's lines, each translated; empty for a single query. */
  lines: TranslatedLine[];
  /** Each with its fragment (and line, in a strategy); a repeat of one is left out. */
  warnings: TranslationWarning[];
  /** Every error, the strategy's and its lines'; `query` is empty when there is one. */
  errors: QueryError[];
}

/**
 * Translates what a user pasted: one query, or a strategy of several (numbered) lines that
 * refer to each other (`5. 3 and 4`). Both the CLI and the web call this, so a strategy reads
 * the same everywhere (read as one query, its line numbers became search terms).
 */
export function translateSearch(text: string, options: TranslateOptions): TranslateSearchResult {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  // `1. exp Stroke/` alone is still a numbered line, not the term "1.".
  const numbered = lines.length === 1 && /^\s*\d+[.)]\s+\S/.test(lines[0]!);
  if (lines.length <= 1 && !numbered) {
    const single = translateQuery(text.trim(), options);
    return { ...single, lines: [] };
  }
  const strategy = translateStrategy(text, options);
  // The strategy's errors are its lines' errors, gathered.
  const errors = strategy.errors;
  return {
    query: errors.length === 0 ? strategy.combined : '',
    lines: strategy.lines,
    warnings: dedupeAcrossLines(strategy.warnings),
    errors,
  };
}

/** The same warning about the same fragment on several lines is said once, at its first line. */
function dedupeAcrossLines(warnings: readonly TranslationWarning[]): TranslationWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.code}\u0000${warning.fragment}\u0000${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
