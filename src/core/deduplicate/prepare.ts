import type { BibRecord } from '#core/domain/index';
import type { DedupInput } from './types';
import {
  firstPage,
  foldedWords,
  journalKey,
  journalTokens,
  normaliseAuthor,
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

/**
 * A record's comparable features. Each group of fields is computed on first use and kept, so
 * a record only pays for what its pairs need: blocking reads titles, identifiers, the first
 * author and the locator of every record, while abstracts, full author lists and report kinds
 * are folded only for the few pairs that get past the cheap title test.
 */
export interface PreparedRecord {
  readonly index: number;
  readonly id: string;
  readonly titles: string[];
  /** Folded main title without spaces, for edit distance and sorted neighbourhoods. */
  readonly titleCompact: string;
  readonly titleTokens: Set<string>;
  /** The distinct title words as sorted ids of `vocabulary` (what pair tests compare). */
  readonly titleWordIds: Int32Array;
  readonly authors: AuthorKey[];
  /** The first author that is a real author (`authors[0]`), without folding the whole list. */
  readonly firstAuthor: AuthorKey | undefined;
  readonly authorFamilies: Set<string>;
  readonly year: number | undefined;
  readonly journalTokens: string[];
  readonly journalKey: string;
  readonly volume: string | undefined;
  readonly issue: string | undefined;
  readonly pages: string | undefined;
  readonly firstPage: string | undefined;
  readonly doi: string | undefined;
  readonly pmid: string | undefined;
  /** The distinct words among the first 120 of the folded abstract. */
  readonly abstractTokens: Set<string>;
  /** `abstractTokens` as sorted ids of `vocabulary`. */
  readonly abstractWordIds: Int32Array;
  readonly isbns: string[];
  readonly kind: ReportKind;
  /** The word dictionary shared by records prepared together (`prepareRecords`). */
  readonly vocabulary: Vocabulary;
}

/**
 * Numbers words so that word sets become sorted integer arrays: comparing two of them is a
 * merge of small arrays instead of hash lookups, and 100,000 records keep one copy of each
 * word instead of a set of strings each. Ids are only comparable within one vocabulary.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();

  /** The distinct ids of `words`, ascending. */
  idsOf(words: readonly string[]): Int32Array {
    const ids = new Int32Array(words.length);
    for (let at = 0; at < words.length; at++) {
      const word = words[at] ?? '';
      let id = this.ids.get(word);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(word, id);
      }
      ids[at] = id;
    }
    ids.sort();
    let distinct = 0;
    for (let at = 0; at < ids.length; at++)
      if (at === 0 || ids[at] !== ids[at - 1]) ids[distinct++] = ids[at] ?? 0;
    return ids.slice(0, distinct);
  }
}

interface TitleFeatures {
  titles: string[];
  titleCompact: string;
  titleWordIds: Int32Array;
}

interface AuthorFeatures {
  authors: AuthorKey[];
  authorFamilies: Set<string>;
}

interface VenueFeatures {
  journalTokens: string[];
  journalKey: string;
  volume: string | undefined;
  issue: string | undefined;
  pages: string | undefined;
  firstPage: string | undefined;
}

/** Sentinel for "not computed yet" where undefined is a valid computed value. */
const PENDING = Symbol('pending');

class LazyPreparedRecord implements PreparedRecord {
  private titleFeatures: TitleFeatures | undefined = undefined;
  private authorFeatures: AuthorFeatures | undefined = undefined;
  private firstAuthorKey: AuthorKey | undefined | typeof PENDING = PENDING;
  private venueFeatures: VenueFeatures | undefined = undefined;
  private doiValue: string | undefined | typeof PENDING = PENDING;
  private pmidValue: string | undefined | typeof PENDING = PENDING;
  private titleSet: Set<string> | undefined = undefined;
  private abstractSet: Set<string> | undefined = undefined;
  private abstractIds: Int32Array | undefined = undefined;
  private isbnList: string[] | undefined = undefined;
  private kindValue: ReportKind | undefined = undefined;

  constructor(
    readonly id: string,
    private readonly record: BibRecord,
    readonly index: number,
    readonly vocabulary: Vocabulary,
  ) {}

  private title(): TitleFeatures {
    if (this.titleFeatures === undefined) {
      const titles = titleVariants(this.record.title);
      const main = titles[0] ?? '';
      this.titleFeatures = {
        titles,
        titleCompact: main.replace(/ /g, ''),
        titleWordIds: this.vocabulary.idsOf(titleWords(main)),
      };
    }
    return this.titleFeatures;
  }

  private author(): AuthorFeatures {
    if (this.authorFeatures === undefined) {
      const authors = normaliseAuthors(this.record.authors);
      this.authorFeatures = {
        authors,
        authorFamilies: new Set(
          authors.slice(0, 30).map((author) => author.family.replace(/ /g, '')),
        ),
      };
    }
    return this.authorFeatures;
  }

  private venue(): VenueFeatures {
    if (this.venueFeatures === undefined) {
      const record = this.record;
      const journal = journalTokens(record.journal ?? record.journalAbbrev);
      this.venueFeatures = {
        journalTokens: journal,
        journalKey: journalKey(journal),
        volume: normaliseNumber(record.volume),
        issue: normaliseNumber(record.issue),
        pages: normalisePageRange(record.pages),
        firstPage: firstPage(record.pages),
      };
    }
    return this.venueFeatures;
  }

  get titles(): string[] {
    return this.title().titles;
  }
  get titleCompact(): string {
    return this.title().titleCompact;
  }
  get titleTokens(): Set<string> {
    this.titleSet ??= new Set(titleWords(this.titles[0] ?? ''));
    return this.titleSet;
  }
  get titleWordIds(): Int32Array {
    return this.title().titleWordIds;
  }
  get authors(): AuthorKey[] {
    return this.author().authors;
  }
  get firstAuthor(): AuthorKey | undefined {
    if (this.firstAuthorKey === PENDING) {
      if (this.authorFeatures !== undefined) {
        this.firstAuthorKey = this.authorFeatures.authors[0];
      } else {
        this.firstAuthorKey = undefined;
        for (const author of this.record.authors) {
          this.firstAuthorKey = normaliseAuthor(author);
          if (this.firstAuthorKey !== undefined) break;
        }
      }
    }
    return this.firstAuthorKey;
  }
  get authorFamilies(): Set<string> {
    return this.author().authorFamilies;
  }
  get year(): number | undefined {
    return this.record.year;
  }
  get journalTokens(): string[] {
    return this.venue().journalTokens;
  }
  get journalKey(): string {
    return this.venue().journalKey;
  }
  get volume(): string | undefined {
    return this.venue().volume;
  }
  get issue(): string | undefined {
    return this.venue().issue;
  }
  get pages(): string | undefined {
    return this.venue().pages;
  }
  get firstPage(): string | undefined {
    return this.venue().firstPage;
  }
  get doi(): string | undefined {
    if (this.doiValue === PENDING) this.doiValue = normaliseDoi(this.record.doi);
    return this.doiValue;
  }
  get pmid(): string | undefined {
    if (this.pmidValue === PENDING) this.pmidValue = normalisePmid(this.record.pmid);
    return this.pmidValue;
  }
  get abstractTokens(): Set<string> {
    this.abstractSet ??= new Set(abstractWords(this.record));
    return this.abstractSet;
  }
  get abstractWordIds(): Int32Array {
    this.abstractIds ??= this.vocabulary.idsOf(abstractWords(this.record));
    return this.abstractIds;
  }
  get isbns(): string[] {
    this.isbnList ??= normaliseIsbns([...(this.record.isbn ?? []), ...(this.record.issn ?? [])]);
    return this.isbnList;
  }
  get kind(): ReportKind {
    this.kindValue ??= classifyReport(this.record);
    return this.kindValue;
  }
}

/** The words of a folded title. */
export function titleWords(folded: string): string[] {
  return folded === '' ? [] : folded.split(' ');
}

/** The first 120 words carry an abstract's signal; whole abstracts only cost time. */
function abstractWords(record: BibRecord): string[] {
  return foldedWords(record.abstract, 120);
}

/**
 * The features of one record, each computed when first read. Records compared with each
 * other must share `vocabulary` to use the fast word-set comparison (`prepareRecords` does).
 */
export function prepareRecord(
  id: string,
  record: BibRecord,
  index: number,
  vocabulary: Vocabulary = new Vocabulary(),
): PreparedRecord {
  return new LazyPreparedRecord(id, record, index, vocabulary);
}

/** The features of every input, `index` being the position in `records`, one vocabulary. */
export function prepareRecords(records: readonly DedupInput[]): PreparedRecord[] {
  const vocabulary = new Vocabulary();
  return records.map((input, index) => prepareRecord(input.id, input.record, index, vocabulary));
}
