import type { BibRecord, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import { assignPages } from '../fields';
import { readCsv } from '../csv/index';

/**
 * Reads a Scopus CSV export through the generic column mapping (its headers are among the
 * known aliases), stamps `Scopus` as the database and uses the article number as pages
 * when there are no page numbers (e-only journals).
 */
export function readScopusCsv(text: string, options: ReadOptions = {}): ParseResult<BibRecord> {
  const result = readCsv(text, { ...options, sourceDatabase: 'Scopus' });
  for (const record of result.records) {
    const article = record.extra['Art. No.']?.[0];
    if (record.pages === undefined && article !== undefined) {
      assignPages(record, article);
      delete record.extra['Art. No.'];
    }
  }
  return result;
}

function detectScopusCsv(text: string): number {
  const first =
    (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/, 1)[0] ?? '';
  const has = (name: string): boolean => first.includes(name);
  if (has('EID') && has('Source title') && (has('Authors') || has('Author full names')))
    return 0.97;
  return has('Source title') && has('Link') && has('Art. No.') ? 0.9 : 0;
}

/** Scopus CSV reader. */
export const scopusCsvReader: FormatReader = {
  id: 'scopus-csv',
  label: 'Scopus CSV',
  extensions: ['.csv'],
  detect: detectScopusCsv,
  read: readScopusCsv,
};
