import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { recordsFromRows } from '#core/formats/index';

/** Rows read from one worksheet at most: a real export has a few thousand, a bomb millions. */
export const MAX_XLSX_ROWS = 200_000;

const issue = (code: string, message: string): ParseIssue => ({
  line: 0,
  code,
  severity: 'error',
  message,
});

/**
 * Reads the first worksheet of an XLSX file through the CSV column mapping, a row at a time
 * (exceljs's streaming reader): a small file that unpacks to millions of rows stops at
 * `maxRows` with an error, never holding them all.
 */
export async function readXlsxRecords(
  bytes: Uint8Array,
  maxRows = MAX_XLSX_ROWS,
): Promise<{ records: BibRecord[]; issues: ParseIssue[] }> {
  const read = await readXlsxRows(bytes, maxRows);
  if (!read.ok) return { records: [], issues: [read.issue] };
  const [headers, ...data] = read.rows;
  if (!headers || headers.length === 0)
    return { records: [], issues: [issue('xlsx/empty', 'The worksheet is empty.')] };
  // Rows shorter than the header row end in empty cells.
  for (const row of data) while (row.length < headers.length) row.push('');
  return recordsFromRows(headers, data, {});
}

/**
 * The first worksheet's rows as cell text (dates as YYYY-MM-DD), read a row at a time; empty
 * rows kept as empty arrays so row numbers match the sheet's. More than `maxRows` is refused.
 */
export async function readXlsxRows(
  bytes: Uint8Array,
  maxRows = MAX_XLSX_ROWS,
): Promise<{ ok: true; rows: string[][] } | { ok: false; issue: ParseIssue }> {
  // exceljs is heavy to load (~0.3 s): only XLSX imports pay for it.
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
  });
  const rows: string[][] = [];
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets += 1;
      for await (const row of sheet) {
        if (rows.length >= maxRows)
          return {
            ok: false,
            issue: issue(
              'xlsx/too-many-rows',
              `The worksheet has more than ${maxRows.toLocaleString('en')} rows; split it in parts.`,
            ),
          };
        // Rows come numbered: a gap is empty rows, which the mapping skips like blank lines.
        while (rows.length < row.number - 1) rows.push([]);
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c += 1) cells.push(cellText(values[c]));
        rows.push(cells);
      }
      // The first worksheet only.
      break;
    }
  } catch (error) {
    return {
      ok: false,
      issue: issue('xlsx/unreadable', `Not a readable XLSX workbook: ${(error as Error).message}`),
    };
  }
  if (sheets === 0)
    return { ok: false, issue: issue('xlsx/no-sheet', 'The workbook has no worksheet.') };
  return { ok: true, rows };
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    return '';
  }
  return String(value);
}
