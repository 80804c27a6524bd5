/**
 * Jaro-Winkler similarity (prefix scale 0.1, at most 4 prefix characters), case-sensitive.
 * JW("MARTHA", "MARHTA") = 0.9611, JW("DWAYNE", "DUANE") = 0.84.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  const matchedA = new Uint8Array(lengthA);
  const matchedB = new Uint8Array(lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lengthB - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const transpositions = halfTranspositions / 2;
  const jaro = (matches / lengthA + matches / lengthB + (matches - transpositions) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < lengthA && prefix < lengthB && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Dice coefficient of two token sets: 2|A∩B| / (|A| + |B|); 0 when either is empty. */
export function diceTokens(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const token of small) if (large.has(token)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** `diceTokens` of two sets given as ascending distinct integer ids (a merge, no hashing). */
export function diceSortedIds(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i] ?? 0;
    const right = b[j] ?? 0;
    if (left === right) {
      shared++;
      i++;
      j++;
    } else if (left < right) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}

/**
 * 1 - Levenshtein distance / longer length, computed in a band: pairs further apart than
 * `maxRatio` of the longer length return a value below `1 - maxRatio` without the full table.
 */
export function editSimilarity(a: string, b: string, maxRatio = 0.25): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const band = Math.ceil(longer * maxRatio);
  if (Math.abs(a.length - b.length) > band) return 1 - Math.abs(a.length - b.length) / longer;
  const inf = longer + 1;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j <= band ? j : inf;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    // Only the cells next to the band are read outside it: mark them instead of clearing the row.
    current[from - 1] = inf;
    if (to < b.length) current[to + 1] = inf;
    current[0] = i <= band ? i : inf;
    let rowMin = current[0] ?? inf;
    const code = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const substitution = (previous[j - 1] ?? inf) + (code === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = (previous[j] ?? inf) + 1;
      const insertion = (current[j - 1] ?? inf) + 1;
      const best = Math.min(substitution, deletion, insertion);
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > band) return 1 - (band + 1) / longer;
    [previous, current] = [current, previous];
  }
  const distance = Math.min(previous[b.length] ?? inf, inf);
  return 1 - distance / longer;
}

/**
 * How well two journal names agree, allowing abbreviations: each word of the shorter name
 * must be an abbreviation (same first letter, letters in order) of a word of the longer one,
 * in order. `Proc Natl Acad Sci` vs `Proceedings National Academy Sciences` gives 1.
 */
export function journalSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let position = 0;
  let matched = 0;
  for (const token of short) {
    let found = -1;
    for (let index = position; index < long.length; index++) {
      if (abbreviates(token, long[index] ?? '')) {
        found = index;
        break;
      }
    }
    if (found < 0) continue;
    matched++;
    position = found + 1;
  }
  return (2 * matched) / (short.length + long.length);
}

/** True when `short` can be read as an abbreviation of `word` (`natl` of `national`). */
function abbreviates(short: string, word: string): boolean {
  if (short === word) return true;
  if (short.length > word.length || short.charAt(0) !== word.charAt(0)) return false;
  // Numbers never abbreviate: `diabetes 2` is not `diabetes 21`.
  if (/\d/.test(short) || /\d/.test(word)) return false;
  let at = 1;
  for (let index = 1; index < word.length && at < short.length; index++) {
    if (word.charAt(index) === short.charAt(at)) at++;
  }
  return at === short.length;
}
