/** A person named on a record, split when the source allows it. */
export interface Author {
  /** Family name, or the whole name when it could not be split. */
  family: string;
  given?: string;
  /** The name exactly as the source wrote it. */
  raw: string;
}

/** Where a record came from inside a file: for error messages and audit. */
export interface SourceLocation {
  /** 1-based line of the record's first line (or CSV row's first line). */
  line: number;
  /** 1-based line of the record's last line. */
  endLine: number;
}

/**
 * One bibliographic record as read from an export. Normalised fields sit beside
 * the original values (`originals`), and `raw` keeps the record text exactly as read.
 */
export interface BibRecord {
  title?: string;
  abstract?: string;
  authors: Author[];
  year?: number;
  /** The date string as the source gave it (e.g. `2019///`, `2019 Mar 12`). */
  date?: string;
  journal?: string;
  /** Abbreviated journal title when the source has one besides the full title. */
  journalAbbrev?: string;
  volume?: string;
  issue?: string;
  /** Normalised page range, e.g. `288-297`. */
  pages?: string;
  /** Lower-case bare DOI (`10.xxxx/...`). */
  doi?: string;
  pmid?: string;
  pmcid?: string;
  issn?: string[];
  isbn?: string[];
  keywords: string[];
  /** Controlled-vocabulary terms: MeSH, Emtree, WoS KeyWords Plus. */
  subjectHeadings: string[];
  language?: string;
  publicationType?: string[];
  url?: string[];
  publisher?: string;
  /** Database the record was exported from, when the file says (e.g. `PubMed`, `Scopus`). */
  sourceDatabase?: string;
  /** The source's own id: WoS UT, Scopus EID, Embase accession, a CSV id column. */
  sourceRecordId?: string;
  /** A screening label carried by the file (`label_included`): 1 included, 0 excluded. */
  label?: 0 | 1;
  /** Other labels found in the file, by column name (e.g. `label_abstract_screening`). */
  labels?: Record<string, number>;
  /** Original values of fields that normalisation changed, keyed by field name. */
  originals: Record<string, string>;
  /** Fields the source had that the model does not name, by source tag/column. */
  extra: Record<string, string[]>;
  /** The record's text exactly as read from the file. */
  raw: string;
  location: SourceLocation;
}

/** Builds an empty record; parsers fill it in. */
export function createRecord(raw: string, location: SourceLocation): BibRecord {
  return {
    authors: [],
    keywords: [],
    subjectHeadings: [],
    originals: {},
    extra: {},
    raw,
    location,
  };
}
