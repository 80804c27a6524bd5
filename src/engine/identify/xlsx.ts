import type ExcelJS from 'exceljs';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { recordsFromRows } from '#core/formats/index';

/** Reads the first worksheet of an XLSX file through the CSV column mapping. */
export async function readXlsxRecords(
  bytes: Uint8Array,
): Promise<{ records: BibRecord[]; issues: ParseIssue[] }> {
  // exceljs is heavy to load (~0.3 s): only XLSX imports pay for it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    return {
      records: [],
      issues: [
        {
          line: 0,
          code: 'xlsx/unreadable',
          severity: 'error',
          message: `Not a readable XLSX workbook: ${(error as Error).message}`,
        },
      ],
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet)
    return {
      records: [],
      issues: [
        {
          line: 0,
          code: 'xlsx/no-sheet',
          severity: 'error',
          message: 'The workbook has no worksheet.',
        },
      ],
    };
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) values.push(cellText(row.getCell(c).value));
    rows.push(values);
  });
  const [headers, ...data] = rows;
  if (!headers)
    return {
      records: [],
      issues: [
        { line: 0, code: 'xlsx/empty', severity: 'error', message: 'The worksheet is empty.' },
      ],
    };
  return recordsFromRows(headers, data, {});
}

function cellText(value: ExcelJS.CellValue): string {
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
