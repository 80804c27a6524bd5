import { createRecord } from '#core/domain/index';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import {
  addAuthors,
  addExtra,
  assignDate,
  assignDoi,
  assignPages,
  assignPmid,
  issue,
  pushValue,
  setOnce,
} from '../fields';
import { mapColumns } from './column-map';
import type { CsvField } from './column-map';
import { parseDelimited } from './parse-delimited';

/** Options for turning table rows into records (CSV, TSV, and XLSX in the engine). */
export interface RecordsFromRowsOptions extends ReadOptions {
  /** Database to stamp on every record (e.g. `Scopus`). */
  sourceDatabase?: string;
  /** 1-based line of each row, when known (defaults to index + 2: after the header). */
  lines?: readonly number[];
  /** Raw text of each row, when known (defaults to the cells joined by tabs). */
  raws?: readonly string[];
}

/** Splits an authors cell: `;` (most exports), ` and ` (BibTeX-like), or Scopus `Smith J., Doe A.`. */
export function splitAuthorsCell(cell: string): string[] {
  if (cell.includes(';')) return cell.split(';');
  if (/\sand\s/.test(cell)) return cell.split(/\s+and\s+/);
  if (cell.includes(',')) {
    const parts = cell.split(',');
    if (parts.length > 1 && parts.every((part) => part.trim().includes(' '))) return parts;
  }
  return [cell];
}

function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * Builds records from a header row and data rows with the shared column mapping: the CSV
 * reader, the Scopus CSV reader and the engine's XLSX import all go through here.
 */
/** The longest header cell read as a column name. */
const MAX_HEADER_LENGTH = 200;

export function recordsFromRows(
  headerRow: readonly string[],
  rows: readonly (readonly string[])[],
  options: RecordsFromRowsOptions = {},
): ParseResult<BibRecord> {
  const issues: ParseIssue[] = [];
  // A header cell is a column's name: one of thousands of characters is damage (or a row
  // read as the header), and kept as a name it would be stored again with every record.
  const headers = headerRow.map((header, index) => {
    if (header.length <= MAX_HEADER_LENGTH) return header;
    issues.push(
      issue(
        1,
        'csv/long-header',
        'warning',
        `Column ${index + 1}'s header is ${header.length.toLocaleString('en')} characters long, not a column name; its cells are kept as "column${index + 1}".`,
      ),
    );
    return `column${index + 1}`;
  });
  const mapping = mapColumns(headers, options.columns);
  const mapped = new Set(mapping.values());
  const labelColumns: { index: number; name: string }[] = [];
  headers.forEach((header, index) => {
    if (/^label_/i.test(header.trim()) && !mapped.has(index)) {
      labelColumns.push({ index, name: header.trim() });
      mapped.add(index);
    }
  });
  if (rows.length === 0)
    issues.push(issue(1, 'csv/no-rows', 'warning', 'The table has a header row and no records.'));
  if (!mapping.has('title') && rows.length > 0) {
    issues.push(
      issue(1, 'csv/no-title-column', 'warning', 'No title column found; records have no titles.'),
    );
  }
  const records: BibRecord[] = [];
  rows.forEach((cells, index) => {
    const line = options.lines?.[index] ?? index + 2;
    const raw = options.raws?.[index] ?? cells.join('\t');
    const record = createRecord(raw, { line, endLine: line });
    // Scopus rows end with a trailing comma: extra cells matter only when they hold text.
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== '')) {
      issues.push(
        issue(
          line,
          'csv/column-count',
          'warning',
          `Row has ${cells.length} cells; the header has ${headers.length}.`,
        ),
      );
    }
    // Exports write every cell of every row: a short one was cut off, or is not a table row
    // (a note a database put among the rows).
    if (cells.length < headers.length && headers.length > 1) {
      issues.push(
        issue(
          line,
          'csv/short-row',
          'warning',
          `Row has ${cells.length} of the header's ${headers.length} cells: the file may be cut short here, or the line is not part of the table.`,
        ),
      );
    }
    const cell = (field: CsvField): string | undefined => {
      const at = mapping.get(field);
      if (at === undefined) return undefined;
      const value = cells[at]?.trim();
      return value === undefined || value === '' ? undefined : value;
    };
    fillRecord(record, cell, line, issues);
    if (options.sourceDatabase !== undefined) record.sourceDatabase = options.sourceDatabase;
    for (const { index: at, name } of labelColumns) {
      const value = cells[at]?.trim() ?? '';
      const number = Number(value);
      if (value !== '' && Number.isFinite(number)) (record.labels ??= {})[name] = number;
    }
    cells.forEach((value, at) => {
      if (!mapped.has(at) && value.trim() !== '')
        addExtra(record, headers[at] ?? `column${at + 1}`, value);
    });
    if (mapping.has('title') && record.title === undefined) {
      issues.push(issue(line, 'csv/missing-title', 'warning', 'Row has no title.'));
    }
    records.push(record);
  });
  return { records, issues };
}

function fillRecord(
  record: BibRecord,
  cell: (field: CsvField) => string | undefined,
  line: number,
  issues: ParseIssue[],
): void {
  const text = (field: CsvField, apply: (value: string) => void): void => {
    const value = cell(field);
    if (value !== undefined) apply(value);
  };
  text('sourceRecordId', (v) => setOnce(record, 'sourceRecordId', v));
  text('title', (v) => setOnce(record, 'title', v));
  text('abstract', (v) => setOnce(record, 'abstract', v));
  text('authors', (v) => addAuthors(record, splitAuthorsCell(v)));
  text('year', (v) => assignDate(record, v));
  text('date', (v) => assignDate(record, v));
  text('journal', (v) => setOnce(record, 'journal', v));
  text('journalAbbrev', (v) => setOnce(record, 'journalAbbrev', v));
  text('volume', (v) => setOnce(record, 'volume', v));
  text('issue', (v) => setOnce(record, 'issue', v));
  const pages = cell('pages');
  if (pages !== undefined) assignPages(record, pages);
  else assignPages(record, cell('pageStart'), cell('pageEnd'));
  text('doi', (v) => assignDoi(record, v));
  text('pmid', (v) => assignPmid(record, v));
  text('pmcid', (v) => setOnce(record, 'pmcid', v));
  text('keywords', (v) => splitList(v).forEach((k) => pushValue(record.keywords, k)));
  text('subjectHeadings', (v) => splitList(v).forEach((k) => pushValue(record.subjectHeadings, k)));
  text('issn', (v) => (record.issn = splitList(v)));
  text('isbn', (v) => (record.isbn = splitList(v)));
  text('language', (v) => setOnce(record, 'language', v));
  text('publicationType', (v) => (record.publicationType = splitList(v)));
  text('url', (v) => (record.url = [v]));
  text('publisher', (v) => setOnce(record, 'publisher', v));
  text('label', (v) => {
    if (v === '1' || v === '0') record.label = v === '1' ? 1 : 0;
    else issues.push(issue(line, 'csv/bad-label', 'warning', `Label "${v}" is not 0 or 1.`));
  });
}

/** Parses CSV/TSV text (delimiter sniffed) into records via the column mapping. */
export function readCsv(
  text: string,
  options: RecordsFromRowsOptions = {},
): ParseResult<BibRecord> {
  const parsed = parseDelimited(text);
  const [header, ...rows] = parsed.rows;
  if (!header) {
    return {
      records: [],
      issues: [...parsed.issues, issue(0, 'csv/empty', 'warning', 'The file has no rows.')],
    };
  }
  const result = recordsFromRows(
    header.cells.map((h) => h.trim()),
    rows.map((row) => row.cells),
    {
      ...options,
      lines: rows.map((row) => row.line),
      raws: rows.map((row) => text.slice(row.start, row.end).replace(/\r?\n$|\r$/, '')),
    },
  );
  // Fix end lines for multi-line rows.
  result.records.forEach((record, index) => {
    record.location.endLine = rows[index]?.endLine ?? record.location.line;
  });
  return { records: result.records, issues: [...parsed.issues, ...result.issues] };
}

function detectCsv(text: string, fileName?: string): number {
  const ext = fileName?.toLowerCase() ?? '';
  const head = text.slice(0, 4096);
  const firstLine = head.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const cells = firstLine.split(/[,;\t]/).length;
  if (cells < 2) return 0;
  // JSON or XML cut or damaged so its own reader does not claim it is still not a table.
  if (/^\s*[[{<]/.test(firstLine) || /"\s*:\s*["{[\d]/.test(firstLine)) return 0.1;
  const lower = firstLine.toLowerCase();
  const known = /\b(title|abstract|authors?|year|doi|record_id)\b/.test(lower);
  let score = known ? 0.5 : 0.2;
  if (/\.(csv|tsv)$/.test(ext)) score += 0.3;
  return Math.min(score, 0.8);
}

/** Generic CSV/TSV reader with ASReview-style and export-style column names. */
export const csvReader: FormatReader = {
  id: 'csv',
  label: 'CSV / TSV (generic columns)',
  extensions: ['.csv', '.tsv'],
  detect: detectCsv,
  read: (text, options) => readCsv(text, options),
};
