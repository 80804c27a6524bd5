import { stemWord } from './stem';

/** One highlighted stretch of text; `end` is exclusive (string offsets). */
export interface HighlightSpan {
  start: number;
  end: number;
  kind: 'include' | 'exclude';
  /** The term as the user wrote it. */
  term: string;
}

/** Term lists of a screening project. */
export interface HighlightTerms {
  include?: readonly string[];
  exclude?: readonly string[];
}

/** How one word of a term matches a word of the text. */
type WordTest =
  | { kind: 'stem'; stem: string }
  | { kind: 'exact'; word: string }
  | { kind: 'prefix'; prefix: string };

interface CompiledTerm {
  term: string;
  kind: 'include' | 'exclude';
  words: WordTest[];
}

interface Token {
  start: number;
  end: number;
  lower: string;
  stem: string;
}

const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*/gu;

function tokenizeWithOffsets(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => {
    const lower = m[0].toLowerCase();
    return { start: m.index, end: m.index + m[0].length, lower, stem: stemWord(lower) };
  });
}

/**
 * Term syntax: `"quoted phrase"` matches those exact words in order (case-insensitive);
 * `word*` matches any word starting with `word`; anything else matches by Porter stem, word by
 * word, so `randomised trial` also finds "randomized trials".
 */
function compileTerm(term: string, kind: 'include' | 'exclude'): CompiledTerm | undefined {
  const trimmed = term.trim();
  const quoted = /^"(.*)"$/.exec(trimmed);
  const words =
    (quoted ? (quoted[1] as string) : trimmed).toLowerCase().match(/[\p{L}\p{N}'\u2019*]+/gu) ?? [];
  const tests: WordTest[] = words.map((word) => {
    if (word.endsWith('*')) return { kind: 'prefix', prefix: word.replace(/\*+$/, '') };
    return quoted ? { kind: 'exact', word } : { kind: 'stem', stem: stemWord(word) };
  });
  return tests.length === 0 ? undefined : { term, kind, words: tests };
}

function matches(test: WordTest, token: Token): boolean {
  if (test.kind === 'exact') return token.lower === test.word;
  if (test.kind === 'prefix') return token.lower.startsWith(test.prefix);
  return token.stem === test.stem;
}

/**
 * Finds include/exclude term matches in a text. Overlaps are resolved leftmost-longest; at the
 * same start and length the term listed first wins, include terms before exclude terms. The
 * spans returned never overlap and are sorted by start.
 */
export function highlightText(text: string, terms: HighlightTerms): HighlightSpan[] {
  const compiled = [
    ...(terms.include ?? []).map((t) => compileTerm(t, 'include')),
    ...(terms.exclude ?? []).map((t) => compileTerm(t, 'exclude')),
  ].filter((t): t is CompiledTerm => t !== undefined);
  if (compiled.length === 0) return [];
  const tokens = tokenizeWithOffsets(text);
  const spans: HighlightSpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    let best: { length: number; span: HighlightSpan } | undefined;
    for (const term of compiled) {
      const n = term.words.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k += 1)
        ok = matches(term.words[k] as WordTest, tokens[i + k] as Token);
      if (!ok) continue;
      const span = {
        start: (tokens[i] as Token).start,
        end: (tokens[i + n - 1] as Token).end,
        kind: term.kind,
        term: term.term,
      };
      if (!best || span.end - span.start > best.span.end - best.span.start)
        best = { length: n, span };
    }
    if (best) {
      spans.push(best.span);
      i += best.length;
    } else {
      i += 1;
    }
  }
  return spans;
}
