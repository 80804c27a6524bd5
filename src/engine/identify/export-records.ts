import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { BibRecord } from '#core/domain/index';
import { getWriter } from '#core/formats/index';
import type { WriterId } from '#core/formats/index';
import { fromRecordRow, iterateRecords } from '#store/index';
import type { EngineContext } from '#engine/context';

export const EXPORT_FORMATS = ['ris', 'bibtex', 'csl-json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Writes every record of a review to a file, streaming; returns how many were written. */
export async function exportRecords(
  context: EngineContext,
  reviewId: number,
  format: ExportFormat,
  path: string,
): Promise<number> {
  const records: BibRecord[] = [];
  for await (const row of iterateRecords(context.store.db, reviewId))
    records.push(withId(fromRecordRow(row), row.id));
  if (format === 'xlsx') {
    await writeXlsx(records, path);
    return records.length;
  }
  const writer = getWriter(format as WriterId);
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (const chunk of writer.write(records)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return records.length;
}

/** The store id becomes the exported record id so a round trip keeps it. */
function withId(record: BibRecord, id: number): BibRecord {
  return { ...record, sourceRecordId: record.sourceRecordId ?? String(id) };
}

const XLSX_COLUMNS: [string, (r: BibRecord) => string | number | undefined][] = [
  ['record_id', (r) => r.sourceRecordId],
  ['title', (r) => r.title],
  ['abstract', (r) => r.abstract],
  ['authors', (r) => r.authors.map((a) => a.raw).join('; ')],
  ['year', (r) => r.year],
  ['journal', (r) => r.journal],
  ['volume', (r) => r.volume],
  ['issue', (r) => r.issue],
  ['pages', (r) => r.pages],
  ['doi', (r) => r.doi],
  ['pmid', (r) => r.pmid],
  ['keywords', (r) => r.keywords.join('; ')],
  ['source_database', (r) => r.sourceDatabase],
  ['label_included', (r) => r.label],
];

async function writeXlsx(records: BibRecord[], path: string): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ filename: path });
  const sheet = workbook.addWorksheet('records');
  sheet.addRow(XLSX_COLUMNS.map(([name]) => name)).commit();
  for (const record of records)
    sheet.addRow(XLSX_COLUMNS.map(([, get]) => get(record) ?? null)).commit();
  sheet.commit();
  await workbook.commit();
}
