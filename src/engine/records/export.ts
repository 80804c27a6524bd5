import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { BibRecord } from '#core/domain/index';
import { CSV_COLUMN_TEXT, CSV_EXPORT_COLUMNS, getWriter, quoteCsvCell } from '#core/formats/index';
import type { WriterId } from '#core/formats/index';
import type { ScreenStage } from '#core/screen/workflow/index';
import { fromRecordRow, listRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { selectReviewRecords } from './browse';
import type { RecordListItem, RecordListOptions, Viewer } from './browse';

/**
 * Exports the records a selection names: by default the review's unique records (those
 * de-duplication removed left out), or what the records list's filters select (a stage's
 * outcome, a tag, a batch, a search). As a sheet (CSV, XLSX) every row carries ReviewBench's
 * own id (`record_id`, what `screen import-decisions` reads back) beside the source's id,
 * and the record's state at each screening stage as the viewer may see it; as RIS, BibTeX or
 * CSL-JSON the records themselves.
 */

export const EXPORT_FORMATS = ['csv', 'xlsx', 'ris', 'bibtex', 'csl-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which records: the list's filters; `duplicates` adds the records de-duplication removed. */
export type ExportSelection = Omit<RecordListOptions, 'limit' | 'offset'>;

/** Bibliographic columns of a sheet, after the two ids: the core CSV export's, less its id and label. */
const BIBLIOGRAPHIC = CSV_EXPORT_COLUMNS.filter(
  (column): column is Exclude<typeof column, 'record_id' | 'label_included'> =>
    column !== 'record_id' && column !== 'label_included',
);

type Row = { record: BibRecord; item: RecordListItem };

const statusAt = (stage: ScreenStage) => (row: Row) => row.item.stages[stage].status;
const reasonAt = (stage: ScreenStage) => (row: Row) => row.item.stages[stage].reason ?? '';

/** A sheet's columns, in order, each with how a row fills it. */
export const SHEET_COLUMNS: [string, (row: Row) => string][] = [
  ['record_id', (row) => String(row.item.id)],
  ['source_record_id', (row) => row.record.sourceRecordId ?? ''],
  ...BIBLIOGRAPHIC.map((column): [string, (row: Row) => string] => [
    column,
    (row) => CSV_COLUMN_TEXT[column](row.record),
  ]),
  ['source_database', (row) => row.record.sourceDatabase ?? ''],
  ['batch_id', (row) => String(row.item.batchId)],
  ['duplicate_of', (row) => row.item.duplicateOf?.toString() ?? ''],
  ['ti_ab_status', statusAt('ti-ab')],
  ['ti_ab_reason', reasonAt('ti-ab')],
  ['full_text_status', statusAt('full-text')],
  ['full_text_reason', reasonAt('full-text')],
  ['tags', (row) => row.item.tags.join('; ')],
  // ASReview's label: the title/abstract outcome, 1 included (or maybe), 0 excluded, else empty.
  ['label_included', (row) => labelOf(row.item)],
];

function labelOf(item: RecordListItem): string {
  const status = item.stages['ti-ab'].status;
  if (status === 'included' || status === 'maybe') return '1';
  if (status === 'excluded') return '0';
  return '';
}

/** Records fetched a page at a time, in the selection's order, with their list items. */
async function* selectedRows(
  context: EngineContext,
  reviewId: number,
  items: readonly RecordListItem[],
): AsyncGenerator<Row> {
  const PAGE = 1000;
  for (let i = 0; i < items.length; i += PAGE) {
    const page = items.slice(i, i + PAGE);
    const rows = await listRecords(context.store.db, {
      reviewId,
      ids: page.map((item) => item.id),
    });
    const byId = new Map(rows.map((row) => [row.id, fromRecordRow(row)]));
    for (const item of page) {
      const record = byId.get(item.id);
      if (record) yield { record, item };
    }
  }
}

/** What an export produced: the file's text in parts (or its bytes), and how many records. */
export interface ExportedRecords {
  count: number;
  /** Text formats, a part at a time; undefined for XLSX. */
  chunks?: AsyncIterable<string>;
  /** XLSX. */
  bytes?: Uint8Array;
}

/** The selected records in `format`, as `viewer` may see them. */
export async function exportReviewRecords(
  context: EngineContext,
  reviewId: number,
  viewer: Viewer,
  format: ExportFormat,
  selection: ExportSelection = {},
): Promise<ExportedRecords> {
  const items = await selectReviewRecords(context, reviewId, viewer, selection);
  const rows = () => selectedRows(context, reviewId, items);
  if (format === 'xlsx') return { count: items.length, bytes: await sheetXlsx(rows()) };
  if (format === 'csv') return { count: items.length, chunks: sheetCsv(rows()) };
  // One writer call over every record: CSL-JSON is one array, and item ids and BibTeX keys
  // are made unique across the whole file.
  const records: BibRecord[] = [];
  for await (const row of rows()) records.push(row.record);
  const parts = getWriter(format as WriterId).write(records);
  async function* written(): AsyncGenerator<string> {
    yield* parts;
  }
  return { count: items.length, chunks: written() };
}

async function* sheetCsv(rows: AsyncIterable<Row>): AsyncGenerator<string> {
  yield `${SHEET_COLUMNS.map(([name]) => name).join(',')}\n`;
  let part = '';
  for await (const row of rows) {
    part += `${SHEET_COLUMNS.map(([, cell]) => quoteCsvCell(cell(row))).join(',')}\n`;
    if (part.length > 64 * 1024) {
      yield part;
      part = '';
    }
  }
  if (part) yield part;
}

async function sheetXlsx(rows: AsyncIterable<Row>): Promise<Uint8Array> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet('records');
  sheet.addRow(SHEET_COLUMNS.map(([name]) => name));
  for await (const row of rows) sheet.addRow(SHEET_COLUMNS.map(([, cell]) => cell(row)));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * Writes an export to `path` whole or not at all: into a file beside it, renamed over `path`
 * once complete, so a failure half-way leaves no half-written export.
 */
export async function writeExport(exported: ExportedRecords, path: string): Promise<void> {
  const partial = `${path}.partial`;
  try {
    if (exported.bytes) await writeFile(partial, exported.bytes);
    else {
      const out = createWriteStream(partial, { encoding: 'utf8' });
      for await (const chunk of exported.chunks ?? [])
        if (!out.write(chunk)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    }
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
