import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';

/** The format ids of the CLI contract (`reviewbench parse --format ID`). */
export const FORMAT_IDS = [
  'ris',
  'medline',
  'pubmed-xml',
  'wos-tagged',
  'wos-tab',
  'scopus-csv',
  'endnote-xml',
  'bibtex',
  'csl-json',
  'csv',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export interface ReadOptions {
  /** File name, used only in messages and for extension hints. */
  fileName?: string;
  /** CSV/TSV: explicit column mapping, model field -> column header. */
  columns?: Partial<Record<string, string>>;
}

/** How `stream` reads a text that may be one piece of a larger export. */
export interface StreamOptions extends ReadOptions {
  /** Number of the text's first line in the whole file (default 1). */
  firstLine?: number;
  /** False when more of the file follows this piece (default true). */
  last?: boolean;
}

/** A reader turns decoded text into records; it never throws on bad input. */
export interface FormatReader {
  id: FormatId;
  label: string;
  extensions: readonly string[];
  /** Confidence in [0, 1] that `text` is in this format (content first, name as a hint). */
  detect(text: string, fileName?: string): number;
  read(text: string, options?: ReadOptions): ParseResult<BibRecord>;
  /**
   * `read` handing each record over as soon as it is final, for readers that can stream
   * (a large import then never holds every record at once); returns the issues `read` gives.
   */
  stream?(
    text: string,
    onRecord: (record: BibRecord) => void,
    options?: StreamOptions,
  ): ParseIssue[];
  /**
   * Byte offsets, about `size` apart, where an export in an ASCII-compatible encoding can be
   * cut so that `stream` reads each piece on its own (with its `firstLine`) and the pieces'
   * records and issues, in order, are exactly those of the whole file. For parallel reading.
   */
  cutPoints?(bytes: Uint8Array, size: number): number[];
  /**
   * True when each record's `raw` is exactly the text of its lines `location.line` to
   * `location.endLine`, without the last line break: a writer holding the file can then take
   * the raw text from the file's bytes instead of receiving it.
   */
  rawSpansLines?: boolean;
}

/** Writer ids (`reviewbench export --format ID`); xlsx is written by the engine. */
export const WRITER_IDS = ['ris', 'bibtex', 'csl-json', 'csv'] as const;
export type WriterId = (typeof WRITER_IDS)[number];

export interface FormatWriter {
  id: WriterId;
  extension: string;
  /** Serialises records; called with chunks so large exports stream. */
  write(records: Iterable<BibRecord>): Iterable<string>;
}
