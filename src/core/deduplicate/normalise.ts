import type { Author } from '#core/domain/index';

/**
 * Folds text to comparable form: markup removed, diacritics dropped (NFD), lower case,
 * every run of non-alphanumerics one space.
 */
export function foldText(value: string | undefined): string {
  if (value === undefined) return '';
  // Most text is plain ASCII without markup: markup stripping and NFD cannot change it, and
  // skipping them halves the cost of preparing 100,000 records.
  if (!NEEDS_FULL_FOLD.test(value))
    return value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return stripMarkup(value)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æ]/gi, 'ae')
    .replace(/[ø]/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The first `limit` words of `foldText(value)`, without folding the whole text. Folding is
 * local to each character in plain ASCII without markup, so words read before the first
 * character that needs the full fold are final; only such a character sends the text
 * through `foldText`. Abstracts run to thousands of characters and only 120 words are used.
 */
export function foldedWords(value: string | undefined, limit: number): string[] {
  if (value === undefined || limit <= 0) return [];
  const words: string[] = [];
  let start = -1;
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    const alphanumeric =
      (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
    if (alphanumeric) {
      if (start < 0) start = at;
      continue;
    }
    if (code >= 0x80 || UNSAFE_ASCII.has(code)) {
      const folded = foldText(value);
      return folded === '' ? [] : folded.split(' ', limit);
    }
    if (start >= 0) {
      words.push(value.slice(start, at).toLowerCase());
      start = -1;
      if (words.length === limit) return words;
    }
  }
  if (start >= 0) words.push(value.slice(start).toLowerCase());
  return words;
}

/** ASCII characters that start markup (`<tag>`, `&amp;`, `\command`, `{`, `}`, `$`). */
const UNSAFE_ASCII = new Set([...'<&\\{}$'].map((char) => char.charCodeAt(0)));

/** Text with anything but printable ASCII and whitespace, or with markup, takes the full fold. */
const NEEDS_FULL_FOLD = /[^ -~\t\n\r\f\v]|[<&\\{}$]/;

/** Removes HTML tags/entities and LaTeX commands and braces, keeping their text. */
export function stripMarkup(value: string): string {
  return (
    value
      .replace(/<\/?[a-z][^>]*>/gi, '')
      .replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, ' ')
      // `\textit{word}` keeps `word`; accent commands like `\"{o}` or `\'e` keep the letter.
      .replace(/\\[a-zA-Z]+\s*/g, '')
      .replace(/\\["'`^~=.]/g, '')
      .replace(/[{}$]/g, '')
  );
}

/** Language tags some databases append to translated titles: `[Japanese]`, `[German]`. */
const LANGUAGE_TAG = /\s*\[\s*(?:in\s+)?[A-Za-z]+(?:\s+with\s+[A-Za-z]+\s+abstract)?\s*\]\.?\s*$/i;
/** Prefixes that say what kind of item a title belongs to rather than what it is about. */
const NOISE_PREFIX =
  /^(?:short report|brief report|original article|research article|review)\s*:\s*/i;

/**
 * Title forms worth comparing, most specific first. MEDLINE wraps a translated title in
 * brackets (`[Protective effects of incretin]`); Embase appends a language tag
 * (`... [Japanese]`); some exports give `Original title [English title]`, so the bracket
 * content is offered as a second variant.
 */
export function titleVariants(title: string | undefined): string[] {
  if (title === undefined) return [];
  let text = stripMarkup(title).trim().replace(LANGUAGE_TAG, '').trim();
  const variants: string[] = [];
  const whole = /^\[(.*)\]\.?$/.exec(text);
  if (whole?.[1] !== undefined && !whole[1].includes('[')) text = whole[1];
  text = text.replace(/\.+$/, '').replace(NOISE_PREFIX, '');
  const trailing = /^(.{10,}?)\s*\[([^\]]{10,})\]\.?$/.exec(text);
  if (trailing?.[1] !== undefined && trailing[2] !== undefined) {
    variants.push(foldText(trailing[1]), foldText(trailing[2]));
  } else {
    variants.push(foldText(text));
  }
  return variants.filter((variant) => variant !== '');
}

/** The main folded title ('' when the record has none). */
export function normaliseTitle(title: string | undefined): string {
  return titleVariants(title)[0] ?? '';
}

/** An author reduced to what survives every export style: folded family name and initials. */
export interface AuthorKey {
  family: string;
  initials: string;
}

const ANONYMOUS = /^\[?\s*(?:anonymous|anon|unknown|no authors? listed)\.?\s*\]?(?:\s+[a-z]\.?)?$/i;
const INITIALS_ONLY = /^(?:[A-Z]\.?\s*-?){1,4}$/;

/**
 * Authors as family name + initials. `Anonymous`, `[Anonymous] A` and `No authors listed`
 * are no author at all; an unsplit name (`Smith JA`) is split on its trailing initials.
 */
export function normaliseAuthors(authors: readonly Author[]): AuthorKey[] {
  const keys: AuthorKey[] = [];
  for (const author of authors) {
    const key = normaliseAuthor(author);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/** One author as family name + initials, or undefined when it is no author at all. */
export function normaliseAuthor(author: Author): AuthorKey | undefined {
  const raw = (author.raw || author.family).trim();
  if (raw === '' || ANONYMOUS.test(raw) || ANONYMOUS.test(author.family.trim())) return undefined;
  let family = author.family;
  let given = author.given ?? '';
  if (given === '') {
    const parts = family.trim().split(/\s+/);
    const last = parts[parts.length - 1] ?? '';
    if (parts.length > 1 && INITIALS_ONLY.test(last)) {
      family = parts.slice(0, -1).join(' ');
      given = last;
    }
  }
  const folded = foldText(family);
  if (folded === '') return undefined;
  return { family: folded, initials: initialsOf(given) };
}

/** `John A.` -> `ja`; MEDLINE `JA` (capitals run together) -> `ja`. */
function initialsOf(given: string): string {
  const parts = stripMarkup(given)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[\s.-]+/)
    .filter((part) => part !== '');
  return parts
    .map((part) => (/^[A-Z]{1,3}$/.test(part) ? part : part.charAt(0)))
    .join('')
    .toLowerCase();
}

/** Words that abbreviated and full journal names both drop or keep inconsistently. */
const JOURNAL_STOPWORDS = new Set([
  'the',
  'of',
  'and',
  'in',
  'for',
  'on',
  'de',
  'la',
  'le',
  'et',
  'und',
  'fur',
]);

/**
 * Journal name as significant word tokens: `J Neurol Sci` -> [j, neurol, sci],
 * `Journal of the Neurological Sciences` -> [journal, neurological, sciences]. Text after a
 * `.` + `Conference:` (Embase conference supplements) or inside parentheses is dropped.
 */
export function journalTokens(journal: string | undefined): string[] {
  if (journal === undefined) return [];
  const main = journal
    .replace(/\.\s*conference\s*:.*$/i, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&/g, ' ');
  return foldText(main)
    .split(' ')
    .filter((token) => token !== '' && !JOURNAL_STOPWORDS.has(token));
}

/** A blocking key for journals that abbreviated and full names share: word initials. */
export function journalKey(tokens: readonly string[]): string {
  return tokens.map((token) => token.charAt(0)).join('');
}

/**
 * Lower-case bare DOI from any of the wrappings exports use (`https://doi.org/`,
 * `http://dx.doi.org/`, `doi:`, percent-encoded parentheses), or undefined.
 */
export function normaliseDoi(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let text = value.trim().toLowerCase();
  text = text.replace(/%28/g, '(').replace(/%29/g, ')').replace(/%2f/g, '/');
  const start = text.indexOf('10.');
  if (start < 0) return undefined;
  text = text.slice(start).split(/\s/)[0] ?? '';
  text = text.replace(/[.,;]+$/, '');
  return text.includes('/') ? text : undefined;
}

/** PubMed id as digits without leading zeros, or undefined. */
export function normalisePmid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const digits = /\d+/.exec(value)?.[0]?.replace(/^0+/, '');
  return digits === undefined || digits === '' ? undefined : digits;
}

/** Normalised page range: `288-97` and `288--297` both give `288-297`; `e123` stays. */
export function normalisePageRange(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'na') return undefined;
  const parts = text.split(/\s*[-\u2010-\u2015\u2212]+\s*/);
  const first = parts[0] ?? '';
  const last = parts[1] ?? '';
  if (parts.length !== 2 || last === '') return first;
  const start = /^(\D*)(\d+)$/.exec(first);
  const end = /^(\D*)(\d+)$/.exec(last);
  if (start?.[2] !== undefined && end?.[2] !== undefined) {
    const startDigits = start[2];
    let endDigits = end[2];
    if (endDigits.length < startDigits.length) {
      endDigits = startDigits.slice(0, startDigits.length - endDigits.length) + endDigits;
    }
    return `${start[1] ?? ''}${startDigits}-${start[1] ?? ''}${endDigits}`;
  }
  return `${first}-${last}`;
}

/** First page without letter prefixes, for comparing `S123` with `123`; undefined when none. */
export function firstPage(pages: string | undefined): string | undefined {
  const range = normalisePageRange(pages);
  if (range === undefined) return undefined;
  const digits = /\d+/.exec(range.split('-')[0] ?? '')?.[0]?.replace(/^0+/, '');
  return digits === undefined || digits === '' ? undefined : digits;
}

/**
 * Volume or issue as its leading number (`38 (Supplement 1)` -> `38`, `Suppl. 2` -> `2`);
 * text without digits is no evidence (`Drug Discovery.` in a mis-mapped volume column).
 */
export function normaliseNumber(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const digits = /^\D{0,12}?(\d+)/.exec(value.trim())?.[1]?.replace(/^0+(?=\d)/, '');
  return digits;
}

/** ISBN/ISSN values as bare digit strings (`0957-9672 (Print)` -> `09579672`). */
export function normaliseIsbns(values: readonly string[] | undefined): string[] {
  if (values === undefined) return [];
  const found = new Set<string>();
  for (const value of values) {
    for (const match of value.matchAll(/[0-9][0-9-]{6,}[0-9xX]/g)) {
      found.add(match[0].replace(/-/g, '').toLowerCase());
    }
  }
  return [...found];
}
