import type { BibRecord } from '#core/domain/index';
import type { FormatWriter } from '../types';

/** Columns of the CSV export, in order; `readCsv` maps every one of them back. */
export const CSV_EXPORT_COLUMNS = [
  'record_id',
  'title',
  'abstract',
  'authors',
  'year',
  'journal',
  'volume',
  'issue',
  'pages',
  'doi',
  'pmid',
  'pmcid',
  'issn',
  'isbn',
  'keywords',
  'subject_headings',
  'language',
  'publication_type',
  'url',
  'publisher',
  'label_included',
] as const;

/** Quotes a cell when it holds a delimiter, a quote or a line break (RFC 4180). */
export function quoteCsvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Each export column's text for a record. */
export const CSV_COLUMN_TEXT: Record<
  (typeof CSV_EXPORT_COLUMNS)[number],
  (r: BibRecord) => string
> = {
  record_id: (r) => r.sourceRecordId ?? '',
  title: (r) => r.title ?? '',
  abstract: (r) => r.abstract ?? '',
  authors: (r) =>
    r.authors.map((a) => (a.given !== undefined ? `${a.family}, ${a.given}` : a.family)).join('; '),
  year: (r) => r.year?.toString() ?? '',
  journal: (r) => r.journal ?? '',
  volume: (r) => r.volume ?? '',
  issue: (r) => r.issue ?? '',
  pages: (r) => r.pages ?? '',
  doi: (r) => r.doi ?? '',
  pmid: (r) => r.pmid ?? '',
  pmcid: (r) => r.pmcid ?? '',
  issn: (r) => list(r.issn),
  isbn: (r) => list(r.isbn),
  keywords: (r) => list(r.keywords),
  subject_headings: (r) => list(r.subjectHeadings),
  language: (r) => r.language ?? '',
  publication_type: (r) => list(r.publicationType),
  url: (r) => list(r.url),
  publisher: (r) => r.publisher ?? '',
  label_included: (r) => r.label?.toString() ?? '',
};

function list(values: readonly string[] | undefined): string {
  return (values ?? []).join('; ');
}

function cellsOf(record: BibRecord): string[] {
  return CSV_EXPORT_COLUMNS.map((column) => CSV_COLUMN_TEXT[column](record));
}

/** Writes one CSV row per record under the `CSV_EXPORT_COLUMNS` header. */
export function* writeCsv(records: Iterable<BibRecord>): Iterable<string> {
  yield `${CSV_EXPORT_COLUMNS.join(',')}\n`;
  for (const record of records) {
    yield `${cellsOf(record).map(quoteCsvCell).join(',')}\n`;
  }
}

/** CSV export (ASReview-compatible column names). */
export const csvWriter: FormatWriter = { id: 'csv', extension: '.csv', write: writeCsv };
