import type { BooleanOperator, QueryError, Span } from './ast';
import { isOvidCodeList, lookUpOvidCodes, lookUpPubmedTag, type TagMeaning } from './field-tags';

/** One lexical unit of a query line. */
export type Token =
  | { type: 'lparen' | 'rparen'; span: Span }
  | { type: 'phrase'; text: string; span: Span }
  | { type: 'word'; text: string; headingEnd: string[] | null; span: Span }
  | { type: 'tag'; meaning: TagMeaning; proximity: number | null; span: Span }
  | { type: 'op'; op: BooleanOperator; span: Span }
  | {
      type: 'near';
      distance: number | null;
      ordered: boolean;
      convention: 'ovid-adj' | 'intervening';
      span: Span;
    }
  | { type: 'line'; line: number; span: Span }
  | { type: 'lines'; op: 'and' | 'or'; lines: number[]; span: Span };

export interface TokenizeOptions {
  /** Inside a numbered strategy a bare integer is a line reference (Ovid `1 or 2`). */
  bareNumbersAreLines?: boolean;
}

export interface TokenizeResult {
  tokens: Token[];
  errors: QueryError[];
}

const OVID_SUFFIX = /^(.*?)\.([a-z]{2}(?:,[a-z]{2})*)\.?$/i;
const HEADING_END = /^(.*)\/((?:[a-z]{2})(?:,[a-z]{2})*)?$/i;
const LINE_LIST = /^(and|or)\/([\d,\s-]+)$/i;
const TAG_PROXIMITY = /^(.*):~(\d+)$/;

/** Splits a query line into tokens; problems become errors with offsets, never exceptions. */
export function tokenizeQuery(text: string, options: TokenizeOptions = {}): TokenizeResult {
  const tokens: Token[] = [];
  const errors: QueryError[] = [];
  let at = 0;
  while (at < text.length) {
    const ch = text[at] as string;
    if (/\s/.test(ch)) {
      at += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', span: { start: at, end: at + 1 } });
      at += 1;
    } else if (ch === '"' || ch === '\u201c' || ch === '\u201d') {
      const close = findClosingQuote(text, at + 1);
      if (close < 0) {
        errors.push({
          code: 'unclosed-quote',
          message: 'A quotation mark is never closed.',
          offset: at,
        });
        return { tokens, errors };
      }
      tokens.push({
        type: 'phrase',
        text: text.slice(at + 1, close),
        span: { start: at, end: close + 1 },
      });
      at = close + 1;
    } else if (ch === '[') {
      const close = text.indexOf(']', at);
      if (close < 0) {
        errors.push({
          code: 'unclosed-tag',
          message: 'A "[" field tag is never closed.',
          offset: at,
        });
        return { tokens, errors };
      }
      pushPubmedTag(text.slice(at + 1, close), { start: at, end: close + 1 }, tokens, errors);
      at = close + 1;
    } else {
      let end = at;
      while (end < text.length && !/[\s()"[\u201c\u201d]/.test(text[end] as string)) end += 1;
      pushWord(text.slice(at, end), at, tokens, errors, options);
      at = end;
    }
  }
  return { tokens, errors };
}

function findClosingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '"' || ch === '\u201c' || ch === '\u201d') return i;
  }
  return -1;
}

function pushPubmedTag(raw: string, span: Span, tokens: Token[], errors: QueryError[]): void {
  // Ovid exports annotate `.mp.` searches with `[mp=ti, ab, ...]`: information, not syntax.
  if (/^mp=/i.test(raw.trim())) return;
  const proximity = TAG_PROXIMITY.exec(raw);
  const tag = proximity ? (proximity[1] as string) : raw;
  const meaning = lookUpPubmedTag(tag);
  if (!meaning) {
    errors.push({
      code: 'unknown-field',
      message: `Unknown field tag [${raw}].`,
      offset: span.start,
    });
    return;
  }
  tokens.push({ type: 'tag', meaning, proximity: proximity ? Number(proximity[2]) : null, span });
}

function pushWord(
  word: string,
  start: number,
  tokens: Token[],
  errors: QueryError[],
  options: TokenizeOptions,
): void {
  const span = { start, end: start + word.length };
  const lower = word.toLowerCase();
  if (lower === 'and' || lower === 'or' || lower === 'not') {
    tokens.push({ type: 'op', op: lower, span });
    return;
  }
  const near = readProximity(lower);
  if (near) {
    tokens.push({ ...near, type: 'near', span });
    return;
  }
  if (/^#\d+$/.test(word) || (options.bareNumbersAreLines && /^\d+$/.test(word))) {
    tokens.push({ type: 'line', line: Number(word.replace('#', '')), span });
    return;
  }
  const list = LINE_LIST.exec(word);
  if (list) {
    const lines = expandLineList(list[2] as string);
    if (lines)
      tokens.push({
        type: 'lines',
        op: (list[1] as string).toLowerCase() as 'and' | 'or',
        lines,
        span,
      });
    else
      errors.push({
        code: 'bad-line-list',
        message: `Cannot read line list "${word}".`,
        offset: start,
      });
    return;
  }
  const suffix = OVID_SUFFIX.exec(word);
  if (suffix && isOvidCodeList(suffix[2] as string)) {
    const prefix = suffix[1] as string;
    const meaning = lookUpOvidCodes(suffix[2] as string);
    if (prefix !== '') pushWord(prefix, start, tokens, errors, {});
    const tagSpan = { start: start + prefix.length, end: span.end };
    if (meaning) tokens.push({ type: 'tag', meaning, proximity: null, span: tagSpan });
    else
      errors.push({
        code: 'unknown-field',
        message: `Unsupported Ovid field combination .${suffix[2]}.`,
        offset: tagSpan.start,
      });
    return;
  }
  const heading = HEADING_END.exec(word);
  if (heading && word.includes('/')) {
    const qualifiers = heading[2] ? heading[2].toLowerCase().split(',') : [];
    tokens.push({ type: 'word', text: heading[1] as string, headingEnd: qualifiers, span });
    return;
  }
  tokens.push({ type: 'word', text: word, headingEnd: null, span });
}

type Proximity = Pick<Extract<Token, { type: 'near' }>, 'distance' | 'ordered' | 'convention'>;

function readProximity(lower: string): Proximity | undefined {
  let match: RegExpExecArray | null;
  if ((match = /^adj(\d*)$/.exec(lower))) {
    // Ovid: ADJ is "next, in this order"; ADJn is "within n-1 words, any order".
    if (match[1] === '') return { distance: null, ordered: true, convention: 'ovid-adj' };
    return { distance: Number(match[1]), ordered: false, convention: 'ovid-adj' };
  }
  if ((match = /^(?:near\/?|n|w\/)(\d+)$/.exec(lower))) {
    return { distance: Number(match[1]), ordered: false, convention: 'intervening' };
  }
  if ((match = /^(?:pre\/|w|next\/)(\d+)$/.exec(lower))) {
    return { distance: Number(match[1]), ordered: true, convention: 'intervening' };
  }
  if (lower === 'next') return { distance: null, ordered: true, convention: 'intervening' };
  return undefined;
}

function expandLineList(spec: string): number[] | undefined {
  const lines: number[] = [];
  for (const part of spec.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!range) return undefined;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) return undefined;
    for (let n = from; n <= to; n += 1) lines.push(n);
  }
  return lines;
}
