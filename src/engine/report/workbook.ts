/**
 * The review's data as one XLSX workbook for the supplement: the included sources with their
 * settled charting (one row each), every charted value with extractor, quote and page, the
 * form's field dictionary, one sheet per appraisal tool in robvis's layout, the searches and
 * the reporting checklist. Cells that look like formulas are written as text.
 */
import type ExcelJS from 'exceljs';
import { exportRobvisCsv } from '#core/appraise/index';
import { parseDelimited } from '#core/formats/csv/parse-delimited';
import type { EngineContext } from '#engine/context';
import { exportExtraction } from '#engine/extract/sheets';
import { currentForm } from '#engine/extract/forms';
import { appraisalTables } from '#engine/appraise/assessments';
import { searchLog } from '#engine/identify/search-log';
import { reviewChecklist } from './checklist';

const FORMULA = /^[=+\-@\t\r]/;
const safe = (value: unknown): unknown =>
  typeof value === 'string' && FORMULA.test(value) ? `'${value}` : value;

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
): void {
  const sheet = workbook.addWorksheet(name.slice(0, 31));
  sheet.addRow([...header]);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(row.map(safe));
}

/** Copies the first sheets of an XLSX export into `workbook` under new names. */
async function copySheets(
  workbook: ExcelJS.Workbook,
  bytes: Uint8Array,
  names: readonly string[],
): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const source = new Excel.Workbook();
  await source.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  source.worksheets.slice(0, names.length).forEach((sheet, index) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    const [header = [], ...body] = rows;
    addSheet(workbook, names[index]!, header.map(String), body);
  });
}

/** The workbook's bytes. */
export async function reviewWorkbook(
  context: EngineContext,
  reviewId: number,
  checklistType: 'prisma-scr' | 'prisma-2020',
): Promise<Uint8Array> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'ReviewBench';
  workbook.created = context.clock.now();
  if (await currentForm(context, reviewId)) {
    const wide = await exportExtraction(context, reviewId, { shape: 'wide', format: 'xlsx' });
    await copySheets(workbook, wide.bytes!, ['Included sources', 'Form fields']);
    const long = await exportExtraction(context, reviewId, { shape: 'long', format: 'xlsx' });
    await copySheets(workbook, long.bytes!, ['Charted values']);
  }
  for (const table of await appraisalTables(context, reviewId)) {
    if (table.rows.length === 0) continue;
    const [header, ...rows] = parseDelimited(exportRobvisCsv(table), ',').rows.map((r) => r.cells);
    addSheet(workbook, `RoB ${table.tool.id}`, header ?? [], rows);
  }
  addSheet(
    workbook,
    'Searches',
    ['source', 'platform', 'searched_on', 'query', 'limits', 'hits', 'records', 'file', 'sha256'],
    (await searchLog(context, reviewId)).map((e) => [
      e.database ?? '',
      e.platform ?? '',
      e.searchedOn ?? '',
      e.query ?? '',
      e.limits ?? '',
      e.hits,
      e.recordsImported,
      e.fileName,
      e.sha256,
    ]),
  );
  addSheet(
    workbook,
    'Checklist',
    ['item', 'section', 'topic', 'status', 'text'],
    (await reviewChecklist(context, reviewId, checklistType)).map((i) => [
      i.item,
      i.section,
      i.title,
      i.status,
      i.text,
    ]),
  );
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
