// scikit-learn's default token_pattern `(?u)\b\w\w+\b` keeps maximal runs of two or more
// Unicode word characters; JavaScript's `\w` is ASCII-only even with the `u` flag, so the
// word class is spelled out.
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** Lower-cased word tokens of two or more characters, as scikit-learn's default analyzer. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}
