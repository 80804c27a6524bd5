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

function cellsOf(record: BibRecord): string[] {
  const list = (values: readonly string[] | undefined): string => (values ?? []).join('; ');
  return [
    record.sourceRecordId ?? '',
    record.title ?? '',
    record.abstract ?? '',
    record.authors
      .map((a) => (a.given !== undefined ? `${a.family}, ${a.given}` : a.family))
      .join('; '),
    record.year?.toString() ?? '',
    record.journal ?? '',
    record.volume ?? '',
    record.issue ?? '',
    record.pages ?? '',
    record.doi ?? '',
    record.pmid ?? '',
    record.pmcid ?? '',
    list(record.issn),
    list(record.isbn),
    list(record.keywords),
    list(record.subjectHeadings),
    record.language ?? '',
    list(record.publicationType),
    list(record.url),
    record.publisher ?? '',
    record.label?.toString() ?? '',
  ];
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
