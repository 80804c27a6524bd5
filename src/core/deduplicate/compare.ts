import type { BibRecord } from '#core/domain/index';
import {
  firstPage,
  foldText,
  journalKey,
  journalTokens,
  normaliseAuthors,
  normaliseDoi,
  normaliseIsbns,
  normaliseNumber,
  normalisePageRange,
  normalisePmid,
  titleVariants,
} from './normalise';
import type { AuthorKey } from './normalise';
import { classifyReport } from './report-kind';
import type { ReportKind } from './report-kind';
import { diceTokens, editSimilarity, jaroWinkler, journalSimilarity } from './similarity';

/** A record's comparable features, computed once per record so pairs compare cheaply. */
export interface PreparedRecord {
  index: number;
  id: string;
  titles: string[];
  /** Folded main title without spaces, for edit distance and sorted neighbourhoods. */
  titleCompact: string;
  titleTokens: Set<string>;
  authors: AuthorKey[];
  authorFamilies: Set<string>;
  year: number | undefined;
  journalTokens: string[];
  journalKey: string;
  volume: string | undefined;
  issue: string | undefined;
  pages: string | undefined;
  firstPage: string | undefined;
  doi: string | undefined;
  pmid: string | undefined;
  abstractTokens: Set<string>;
  isbns: string[];
  kind: ReportKind;
}

/** Computes the features of one record. */
export function prepareRecord(id: string, record: BibRecord, index: number): PreparedRecord {
  const titles = titleVariants(record.title);
  const main = titles[0] ?? '';
  const authors = normaliseAuthors(record.authors);
  const abstractText = foldText(record.abstract);
  const journal = journalTokens(record.journal ?? record.journalAbbrev);
  return {
    index,
    id,
    titles,
    titleCompact: main.replace(/ /g, ''),
    titleTokens: new Set(main.split(' ').filter((token) => token !== '')),
    authors,
    authorFamilies: new Set(authors.slice(0, 30).map((author) => author.family.replace(/ /g, ''))),
    year: record.year,
    journalTokens: journal,
    journalKey: journalKey(journal),
    volume: normaliseNumber(record.volume),
    issue: normaliseNumber(record.issue),
    pages: normalisePageRange(record.pages),
    firstPage: firstPage(record.pages),
    doi: normaliseDoi(record.doi),
    pmid: normalisePmid(record.pmid),
    // The first 120 words carry the signal; whole abstracts only cost time.
    abstractTokens: new Set(abstractText === '' ? [] : abstractText.split(' ').slice(0, 120)),
    isbns: normaliseIsbns([...(record.isbn ?? []), ...(record.issn ?? [])]),
    kind: classifyReport(record),
  };
}

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

/** Title similarity: the better of word overlap and character edit similarity. */
export function compareTitles(a: PreparedRecord, b: PreparedRecord): number | undefined {
  if (a.titles.length === 0 || b.titles.length === 0) return undefined;
  if (a.titleCompact === b.titleCompact) return 1;
  let best = diceTokens(a.titleTokens, b.titleTokens);
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
  if (a.titleTokens.size === 0 || b.titleTokens.size === 0) return false;
  return (
    diceTokens(a.titleTokens, b.titleTokens) < 0.4 &&
    !a.titleCompact.startsWith(b.titleCompact.slice(0, 30))
  );
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
      a.abstractTokens.size < 5 || b.abstractTokens.size < 5
        ? undefined
        : diceTokens(a.abstractTokens, b.abstractTokens),
    isbn:
      a.isbns.length === 0 || b.isbns.length === 0
        ? undefined
        : a.isbns.some((value) => b.isbns.includes(value))
          ? 1
          : 0,
  };
}
