import type { BibRecord, ParseResult } from '#core/domain/index';

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

/** A reader turns decoded text into records; it never throws on bad input. */
export interface FormatReader {
  id: FormatId;
  label: string;
  extensions: readonly string[];
  /** Confidence in [0, 1] that `text` is in this format (content first, name as a hint). */
  detect(text: string, fileName?: string): number;
  read(text: string, options?: ReadOptions): ParseResult<BibRecord>;
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
