import type { PreparedRecord } from './prepare';
import {
  diceSortedIds,
  diceTokens,
  editSimilarity,
  jaroWinkler,
  journalSimilarity,
} from './similarity';

/**
 * Per-field similarities of a pair, each in [0, 1], or undefined when either side lacks the
 * field (missing is not evidence either way).
 */
export interface FieldSimilarities {
  title: number | undefined;
  authors: number | undefined;
  firstAuthor: number | undefined;
  /** Absolute difference of the years. */
  yearGap: number | undefined;
  journal: number | undefined;
  volume: number | undefined;
  issue: number | undefined;
  /** First pages agree. */
  pages: number | undefined;
  /** Whole page ranges agree. */
  pageRange: number | undefined;
  doi: number | undefined;
  pmid: number | undefined;
  abstract: number | undefined;
  isbn: number | undefined;
}

/** Dice coefficient of the title words (ids when the records share a vocabulary). */
function titleDice(a: PreparedRecord, b: PreparedRecord): number {
  return a.vocabulary === b.vocabulary
    ? diceSortedIds(a.titleWordIds, b.titleWordIds)
    : diceTokens(a.titleTokens, b.titleTokens);
}

/** Title similarity: the better of word overlap and character edit similarity. */
export function compareTitles(a: PreparedRecord, b: PreparedRecord): number | undefined {
  if (a.titles.length === 0 || b.titles.length === 0) return undefined;
  if (a.titleCompact === b.titleCompact) return 1;
  let best = titleDice(a, b);
  if (best >= 0.4) best = Math.max(best, editSimilarity(a.titleCompact, b.titleCompact));
  // One export appends the citation or a subtitle (`... N Engl J Med. 2009`): a long title
  // that starts the other one is strong but not conclusive evidence.
  const [shorter, longer] =
    a.titleCompact.length <= b.titleCompact.length
      ? [a.titleCompact, b.titleCompact]
      : [b.titleCompact, a.titleCompact];
  if (best < 0.9 && shorter.length >= 30 && longer.startsWith(shorter)) best = 0.9;
  // Bracketed translations: compare the alternative forms only when the main ones differ.
  if (best < 0.9 && (a.titles.length > 1 || b.titles.length > 1)) {
    for (const left of a.titles) {
      for (const right of b.titles) {
        best = Math.max(best, editSimilarity(left.replace(/ /g, ''), right.replace(/ /g, '')));
      }
    }
  }
  return best;
}

function sameFamily(a: string, b: string): number {
  if (a === b) return 1;
  const compactA = a.replace(/ /g, '');
  const compactB = b.replace(/ /g, '');
  if (compactA === compactB) return 1;
  // Compound names lose a part in some exports: `El Hachmane` / `Hachmane`, `Garcia Lopez` / `Garcia`.
  const partsA = a.split(' ');
  const partsB = b.split(' ');
  if (partsA.some((part) => part.length > 2 && partsB.includes(part))) return 0.95;
  return jaroWinkler(compactA, compactB);
}

/** Author-list similarity: first author (family, then initials) and overlap of family names. */
export function compareAuthors(
  a: PreparedRecord,
  b: PreparedRecord,
): { authors: number; first: number } | undefined {
  const firstA = a.authors[0];
  const firstB = b.authors[0];
  if (firstA === undefined || firstB === undefined) return undefined;
  let first = sameFamily(firstA.family, firstB.family);
  if (
    first >= 0.95 &&
    firstA.initials !== '' &&
    firstB.initials !== '' &&
    firstA.initials[0] !== firstB.initials[0]
  ) {
    first -= 0.2;
  }
  let shared = 0;
  for (const family of a.authorFamilies) if (b.authorFamilies.has(family)) shared++;
  const smaller = Math.min(a.authorFamilies.size, b.authorFamilies.size);
  const overlap = smaller === 0 ? 0 : shared / smaller;
  return { authors: Math.max(overlap, first * (smaller === 1 ? 1 : 0.9)), first };
}

function equalOrUndefined(a: string | undefined, b: string | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  return a === b ? 1 : 0;
}

/**
 * True when a pair cannot reach any rule: titles share under 40% of their words and no
 * identifier or volume + first page agrees. Most blocked pairs end here, cheaply.
 */
export function isClearlyDistinct(a: PreparedRecord, b: PreparedRecord): boolean {
  if (a.doi !== undefined && a.doi === b.doi) return false;
  if (a.pmid !== undefined && a.pmid === b.pmid) return false;
  if (
    a.volume !== undefined &&
    a.volume === b.volume &&
    a.firstPage !== undefined &&
    a.firstPage === b.firstPage
  )
    return false;
  if (a.titles.length > 1 || b.titles.length > 1) return false;
  if (a.titleWordIds.length === 0 || b.titleWordIds.length === 0) return false;
  return titleDice(a, b) < 0.4 && !startsWithHead(a.titleCompact, b.titleCompact);
}

/** `text.startsWith(other.slice(0, 30))` without building the slice (runs on every pair). */
function startsWithHead(text: string, other: string): boolean {
  const length = Math.min(30, other.length);
  if (text.length < length) return false;
  for (let at = 0; at < length; at++)
    if (text.charCodeAt(at) !== other.charCodeAt(at)) return false;
  return true;
}

/** Compares every field of a pair. */
export function compareRecords(a: PreparedRecord, b: PreparedRecord): FieldSimilarities {
  const authors = compareAuthors(a, b);
  let pages = equalOrUndefined(a.firstPage, b.firstPage);
  if (pages === undefined && a.pages !== undefined && b.pages !== undefined)
    pages = a.pages === b.pages ? 1 : 0;
  return {
    title: compareTitles(a, b),
    authors: authors?.authors,
    firstAuthor: authors?.first,
    yearGap: a.year === undefined || b.year === undefined ? undefined : Math.abs(a.year - b.year),
    journal:
      a.journalTokens.length === 0 || b.journalTokens.length === 0
        ? undefined
        : journalSimilarity(a.journalTokens, b.journalTokens),
    volume: equalOrUndefined(a.volume, b.volume),
    issue: equalOrUndefined(a.issue, b.issue),
    pages,
    pageRange: equalOrUndefined(a.pages, b.pages),
    doi: equalOrUndefined(a.doi, b.doi),
    pmid: equalOrUndefined(a.pmid, b.pmid),
    abstract:
      a.abstractWordIds.length < 5 || b.abstractWordIds.length < 5
        ? undefined
        : a.vocabulary === b.vocabulary
          ? diceSortedIds(a.abstractWordIds, b.abstractWordIds)
          : diceTokens(a.abstractTokens, b.abstractTokens),
    isbn:
      a.isbns.length === 0 || b.isbns.length === 0
        ? undefined
        : a.isbns.some((value) => b.isbns.includes(value))
          ? 1
          : 0,
  };
}
