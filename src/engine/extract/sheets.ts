import { DomainError } from '#core/errors';
import {
  entityKey,
  formatCell,
  normaliseEntityLabel,
  parseCell,
  splitEntity,
  STUDY_LEVEL,
} from '#core/extract/index';
import type { AnswerValue, FormField, SlotAnswer } from '#core/extract/index';
import { parseDelimited } from '#core/formats/csv/parse-delimited';
import { quoteCsvCell } from '#core/formats/csv/writer';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readXlsxRows } from '#engine/identify/xlsx';
import { requireReviewer } from '#engine/team/members';
import { requireForm } from './forms';
import { extractionData, missingFor, readExtractSettings } from './extractions';
import { extractionStudies } from './studies';
import { answerRow, insertAnswers } from './rows';
import { logEvent } from '#engine/events';

// Sheets in and out: `extract import SHEET --extractor NAME` (one row per study, columns
// record_id plus field ids) and `extract export --shape long|wide --format csv|xlsx|json`.

interface Slot {
  entity: string;
  fieldId: string;
  value: AnswerValue;
}

/** Columns a wide export adds that an import skips (unless the form has a field by that id). */
const INFORMATION_COLUMNS = new Set(['study', 'status']);
/** Problems listed in an import's refusal before "and N more". */
const LISTED_PROBLEMS = 25;

/**
 * Keeps a spreadsheet from running a cell as a formula (=, @, or + and - not starting a
 * number): such text is written after an apostrophe, which imports strip again.
 */
function safeCell(text: string): string {
  return /^[=@\t\r]|^[+-](?![\d.])/.test(text) ? `'${text}` : text;
}

function unsafeCell(text: string): string {
  return /^'[=@\t\r+-]/.test(text) ? text.slice(1) : text;
}

async function sheetRows(bytes: Uint8Array, fileName: string): Promise<string[][]> {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (zip || /\.xlsx$/i.test(fileName)) {
    const read = await readXlsxRows(bytes, 100_000);
    if (!read.ok) throw new DomainError('extract/bad-sheet', `${fileName}: ${read.issue.message}`);
    return read.rows;
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const parsed = parseDelimited(text);
  // Row numbers as a spreadsheet shows them: the line each row starts on.
  const rows: string[][] = [];
  for (const row of parsed.rows) {
    while (rows.length < row.line - 1) rows.push([]);
    rows.push(row.cells);
  }
  return rows;
}

export interface SheetImportResult {
  file: string;
  extractor: string;
  studies: number;
  answers: number;
  /** Studies whose required fields are all answered: marked finished for the extractor. */
  finished: number;
  /** Rows that matched the extractor's stored answers exactly: nothing to do. */
  unchanged: number;
  /** Studies left in progress, with the required fields still blank. */
  unfinished: { recordId: number; missing: string[] }[];
}

/**
 * Imports one extractor's charting from a sheet (CSV or XLSX): one row per study, `record_id`
 * and field ids as columns, cells as `extract export --shape wide` writes them. Every cell is
 * checked against the form first; any problem refuses the whole sheet, naming its row and
 * column, and nothing changes. A blank cell clears that answer, so importing the same sheet
 * twice changes nothing. Studies with every required field are marked finished unless
 * `finish` is false.
 */
export async function importExtractionSheet(
  context: EngineContext,
  reviewId: number,
  input: { bytes: Uint8Array; fileName: string; extractor: string; finish?: boolean },
): Promise<SheetImportResult> {
  const [form, studies, settings] = await Promise.all([
    requireForm(context, reviewId),
    extractionStudies(context, reviewId),
    readExtractSettings(context, reviewId),
    requireReviewer(context, reviewId, input.extractor),
  ]);
  const file = input.fileName;
  const rows = await sheetRows(input.bytes, file);
  const headerIndex = rows.findIndex((r) => r.some((c) => c.trim()));
  const header = (rows[headerIndex] ?? []).map((c) => c.trim());
  if (headerIndex < 0) throw new DomainError('extract/bad-sheet', `${file}: the sheet is empty.`);
  const problems: string[] = [];
  const fields = new Map<string, { field: FormField; sectionId?: string; repeats?: string }>();
  for (const section of form.form.sections)
    for (const field of section.fields)
      fields.set(field.id, {
        field,
        ...(section.repeats ? { sectionId: section.id, repeats: section.repeats } : {}),
      });
  const idColumn = header.findIndex((h) => h.toLowerCase() === 'record_id');
  if (idColumn < 0)
    problems.push(`row ${headerIndex + 1}: no record_id column (it names each row's study)`);
  const columns: { index: number; field: FormField; sectionId?: string }[] = [];
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (index === idColumn || !name) return;
    const known = fields.get(name);
    if (seen.has(name)) problems.push(`row ${headerIndex + 1}, column "${name}": appears twice`);
    seen.add(name);
    if (!known) {
      if (!INFORMATION_COLUMNS.has(name))
        problems.push(
          `row ${headerIndex + 1}, column "${name}": not a field of the form "${form.form.title}" (version ${form.version})`,
        );
      return;
    }
    columns.push({
      index,
      field: known.field,
      ...(known.sectionId ? { sectionId: known.sectionId } : {}),
    });
  });
  const studyIds = new Set(studies.map((s) => s.recordId));
  const progress = await context.store.db
    .selectFrom('extract_progress')
    .select(['record_id', 'extractor', 'state'])
    .where('review_id', '=', reviewId)
    .execute();
  const progressOf = new Map<number, { extractor: string; state: string }[]>();
  for (const p of progress)
    (progressOf.get(p.record_id) ?? progressOf.set(p.record_id, []).get(p.record_id))!.push(p);

  // The extractor's answers as stored, to tell a row that changes nothing.
  const held = new Map<number, Map<string, string>>();
  for (const row of await context.store.db
    .selectFrom('extract_answers')
    .select(['record_id', 'entity', 'field_id', 'value'])
    .where('review_id', '=', reviewId)
    .where('extractor', '=', input.extractor)
    .where('resolution', '=', 0)
    .execute())
    (held.get(row.record_id) ?? held.set(row.record_id, new Map()).get(row.record_id))!.set(
      `${row.entity}\u0000${row.field_id}`,
      row.value,
    );
  const columnIds = columns.map((c) => c.field.id);
  const parsed: { recordId: number; answers: Slot[] }[] = [];
  let unchangedRows = 0;
  const rowOf = new Set<number>();
  for (let r = headerIndex + 1; r < rows.length; r += 1) {
    const cells = rows[r] ?? [];
    if (!cells.some((c) => c.trim())) continue;
    const at = `row ${r + 1}`;
    const idText = idColumn >= 0 ? (cells[idColumn] ?? '').trim() : '';
    const recordId = /^\d+$/.test(idText) ? Number(idText) : NaN;
    if (!Number.isSafeInteger(recordId)) {
      problems.push(`${at}, column "record_id": "${idText}" is not a record id`);
      continue;
    }
    if (!studyIds.has(recordId)) {
      problems.push(`${at}, column "record_id": record ${recordId} is not an included study`);
      continue;
    }
    if (rowOf.has(recordId)) {
      problems.push(`${at}, column "record_id": study ${recordId} has a row already`);
      continue;
    }
    rowOf.add(recordId);
    const answers: Slot[] = [];
    for (const { index, field, sectionId } of columns) {
      const cell = unsafeCell(cells[index] ?? '');
      const where = `${at}, column "${field.id}"`;
      if (!sectionId) {
        const result = parseCell(field, cell);
        if (result?.ok)
          answers.push({ entity: STUDY_LEVEL, fieldId: field.id, value: result.value });
        else if (result) problems.push(`${where}: ${result.message}`);
        continue;
      }
      // Per-entity fields: "label: value | label: value", as the wide export writes them.
      for (const part of cell.split(' | ')) {
        if (!part.trim()) continue;
        const colon = part.indexOf(': ');
        const label = colon > 0 ? normaliseEntityLabel(part.slice(0, colon)) : '';
        if (!label) {
          problems.push(
            `${where}: "${part.trim()}" does not name its ${fields.get(field.id)?.repeats ?? 'entity'} ("label: value", several separated by " | ")`,
          );
          continue;
        }
        const result = parseCell(field, part.slice(colon + 2));
        if (result?.ok)
          answers.push({
            entity: entityKey(sectionId, label),
            fieldId: field.id,
            value: result.value,
          });
        else if (result) problems.push(`${where}, ${label}: ${result.message}`);
      }
    }
    const others = progressOf.get(recordId) ?? [];
    const mine = others.find((p) => p.extractor === input.extractor);
    const finished = others.filter((p) => p.state === 'complete').length;
    const stored = [...(held.get(recordId) ?? new Map<string, string>())].filter(([key]) =>
      columnIds.includes(key.slice(key.indexOf('\u0000') + 1)),
    );
    const wanted = new Map(
      answers.map((a) => [`${a.entity}\u0000${a.fieldId}`, JSON.stringify(a.value)]),
    );
    const unchanged =
      stored.length === wanted.size && stored.every(([key, value]) => wanted.get(key) === value);
    // A row that changes nothing is no change (the same sheet imported twice).
    if (mine && unchanged) {
      unchangedRows += 1;
      continue;
    }
    if (!mine && others.length >= settings.extractorsPerStudy)
      problems.push(
        `${at}: study ${recordId} already has its ${settings.extractorsPerStudy} extractor(s)`,
      );
    else if (mine && settings.blinded && finished >= settings.extractorsPerStudy)
      problems.push(
        `${at}: study ${recordId} is closed (every required extractor finished it) and under blinding its answers are final; the row would change them`,
      );
    parsed.push({ recordId, answers });
  }
  if (problems.length)
    throw new DomainError(
      'extract/bad-sheet',
      `${file}: nothing imported, ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.slice(0, LISTED_PROBLEMS).join('; ')}${problems.length > LISTED_PROBLEMS ? `; and ${problems.length - LISTED_PROBLEMS} more` : ''}`,
      { problems },
    );

  const at = nowIso(context);
  const result: SheetImportResult = {
    file,
    extractor: input.extractor,
    studies: parsed.length,
    answers: 0,
    finished: 0,
    unchanged: unchangedRows,
    unfinished: [],
  };
  await context.store.db.transaction().execute(async (trx) => {
    for (const row of parsed) {
      if (columnIds.length)
        await trx
          .deleteFrom('extract_answers')
          .where('review_id', '=', reviewId)
          .where('record_id', '=', row.recordId)
          .where('extractor', '=', input.extractor)
          .where('resolution', '=', 0)
          .where('field_id', 'in', columnIds)
          .execute();
      const values = row.answers.map((a) =>
        answerRow({
          reviewId,
          recordId: row.recordId,
          extractor: input.extractor,
          entity: a.entity,
          fieldId: a.fieldId,
          value: a.value,
          formVersion: form.version,
          at,
        }),
      );
      await insertAnswers(trx, values);
      result.answers += values.length;
      const kept = await trx
        .selectFrom('extract_answers')
        .select(['id', 'extractor', 'resolution', 'entity', 'field_id', 'value'])
        .where('review_id', '=', reviewId)
        .where('record_id', '=', row.recordId)
        .where('extractor', '=', input.extractor)
        .where('resolution', '=', 0)
        .execute();
      const missing = missingFor(
        form.form,
        kept.map((k): SlotAnswer => ({
          id: k.id,
          extractor: k.extractor,
          resolution: false,
          entity: k.entity,
          fieldId: k.field_id,
          value: JSON.parse(k.value) as AnswerValue,
        })),
      );
      const state = input.finish !== false && missing.length === 0 ? 'complete' : 'in-progress';
      if (state === 'complete') result.finished += 1;
      else if (missing.length) result.unfinished.push({ recordId: row.recordId, missing });
      const exists = (progressOf.get(row.recordId) ?? []).some(
        (p) => p.extractor === input.extractor,
      );
      if (exists)
        await trx
          .updateTable('extract_progress')
          .set({ state, updated_at: at })
          .where('review_id', '=', reviewId)
          .where('record_id', '=', row.recordId)
          .where('extractor', '=', input.extractor)
          .execute();
      else
        await trx
          .insertInto('extract_progress')
          .values({
            review_id: reviewId,
            record_id: row.recordId,
            extractor: input.extractor,
            state,
            updated_at: at,
          })
          .execute();
    }
    await logEvent(trx, {
      reviewId,
      type: 'extract.sheet-imported',
      subject: `file:${file}`,
      actor: input.extractor,
      payload: {
        studies: result.studies,
        answers: result.answers,
        finished: result.finished,
        formVersion: form.version,
      },
      at,
    });
  });
  return result;
}

export const EXTRACT_SHAPES = ['long', 'wide'] as const;
export const EXTRACT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExtractShape = (typeof EXTRACT_SHAPES)[number];
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

export interface ExtractExport {
  rows: number;
  /** CSV and JSON. */
  text?: string;
  /** XLSX. */
  bytes?: Uint8Array;
  contentType: string;
  extension: string;
}

const LONG_COLUMNS = [
  'record_id',
  'study',
  'section',
  'entity',
  'field_id',
  'field_label',
  'extractor',
  'value',
  'quote',
  'page',
  'start',
  'end',
] as const;
type LongRow = Record<(typeof LONG_COLUMNS)[number], string | number | null> & {
  json: AnswerValue;
};

/** The consensus row's extractor column. */
export const CONSENSUS = 'consensus';

/**
 * The charted data: `long` is one row per study x entity x field x extractor (each extractor's
 * answer and, once settled, a `consensus` row), with quote and page; `wide` is one row per
 * study with the consensus (or one extractor's answers with `extractor`), a column per field,
 * per-entity fields as `entity: value | ...`. CSV, XLSX or JSON.
 */
export async function exportExtraction(
  context: EngineContext,
  reviewId: number,
  options: { shape: string; format: string; extractor?: string },
): Promise<ExtractExport> {
  if (!(EXTRACT_SHAPES as readonly string[]).includes(options.shape))
    throw new DomainError(
      'extract/bad-export',
      `Unknown shape "${options.shape}". Available: ${EXTRACT_SHAPES.join(', ')}`,
    );
  if (!(EXTRACT_FORMATS as readonly string[]).includes(options.format))
    throw new DomainError(
      'extract/bad-export',
      `Unknown format "${options.format}". Available: ${EXTRACT_FORMATS.join(', ')}`,
    );
  const data = await extractionData(context, reviewId);
  const sections = data.form.form.sections;
  const fieldOf = new Map(
    sections.flatMap((s) => s.fields.map((f) => [f.id, { field: f, section: s }] as const)),
  );
  const order = new Map(sections.flatMap((s) => s.fields).map((f, i) => [f.id, i]));
  const studyName = (s: (typeof data.studies)[number]['study']): string =>
    [s.authors, s.year ? `(${s.year})` : '', s.title].filter(Boolean).join(' ');
  const slotOrder = (a: { entity: string; fieldId: string }, b: typeof a): number =>
    (a.entity === b.entity ? 0 : a.entity < b.entity ? -1 : 1) ||
    (order.get(a.fieldId) ?? 1e9) - (order.get(b.fieldId) ?? 1e9);

  if (options.shape === 'long') {
    const rows: LongRow[] = [];
    for (const item of data.studies) {
      const slots = [
        ...item.answers.map((a) => ({ ...a, who: a.extractor })),
        ...item.outcomes
          .filter((o) => o.value !== undefined)
          .map((o) => ({
            entity: o.entity,
            fieldId: o.fieldId,
            value: o.value as AnswerValue,
            quote: o.answers.find((a) => a.quote && a.value !== null)?.quote,
            who: CONSENSUS,
          })),
      ]
        .filter((a) => !options.extractor || a.who === options.extractor)
        .sort((a, b) => slotOrder(a, b) || (a.who < b.who ? -1 : a.who > b.who ? 1 : 0));
      for (const slot of slots) {
        const where = fieldOf.get(slot.fieldId);
        rows.push({
          record_id: item.study.recordId,
          study: studyName(item.study),
          section: where?.section.title ?? '',
          entity: splitEntity(slot.entity)?.label ?? '',
          field_id: slot.fieldId,
          field_label: where?.field.label ?? slot.fieldId,
          extractor: slot.who,
          value: formatCell(slot.value),
          quote: slot.quote?.text ?? null,
          page: slot.quote?.page ?? null,
          start: slot.quote?.start ?? null,
          end: slot.quote?.end ?? null,
          json: slot.value,
        });
      }
    }
    if (options.format === 'json')
      return json(
        rows.map(({ json: value, ...row }) => ({ ...row, value, text: row.value })),
        rows.length,
      );
    return table(
      [...LONG_COLUMNS],
      rows.map((r) => LONG_COLUMNS.map((c) => r[c])),
      options.format,
      'extraction',
    );
  }

  const studyFields = sections.filter((s) => !s.repeats).flatMap((s) => s.fields);
  const entityFields = sections.filter((s) => s.repeats).flatMap((s) => s.fields);
  const header = ['record_id', 'study', 'status', ...studyFields.map((f) => f.id)];
  header.push(...entityFields.map((f) => f.id));
  const records: Record<string, unknown>[] = [];
  const cells: (string | number | null)[][] = [];
  for (const item of data.studies) {
    const values = new Map<string, AnswerValue>();
    const perEntity = new Map<string, { label: string; value: AnswerValue }[]>();
    const source = options.extractor
      ? item.answers.filter((a) => a.extractor === options.extractor)
      : item.outcomes.filter((o) => o.value !== undefined);
    for (const slot of [...source].sort(slotOrder)) {
      const value = slot.value as AnswerValue;
      if (slot.entity === STUDY_LEVEL) values.set(slot.fieldId, value);
      else {
        const list = perEntity.get(slot.fieldId) ?? [];
        list.push({ label: splitEntity(slot.entity)?.label ?? slot.entity, value });
        perEntity.set(slot.fieldId, list);
      }
    }
    const status = options.extractor
      ? item.answers.some((a) => a.extractor === options.extractor)
        ? 'charted'
        : 'not charted'
      : item.status;
    records.push({
      recordId: item.study.recordId,
      study: studyName(item.study),
      status,
      values: Object.fromEntries(values),
      entities: Object.fromEntries(perEntity),
    });
    cells.push([
      item.study.recordId,
      studyName(item.study),
      status,
      ...studyFields.map((f) => formatCell(values.get(f.id))),
      ...entityFields.map((f) =>
        (perEntity.get(f.id) ?? []).map((e) => `${e.label}: ${formatCell(e.value)}`).join(' | '),
      ),
    ]);
  }
  if (options.format === 'json') return json(records, records.length);
  return table(header, cells, options.format, 'studies', data.form.form.sections);
}

function json(value: unknown, rows: number): ExtractExport {
  return {
    rows,
    text: `${JSON.stringify(value, null, 2)}\n`,
    contentType: 'application/json',
    extension: 'json',
  };
}

async function table(
  header: string[],
  rows: (string | number | null)[][],
  format: string,
  sheetName: string,
  sections?: readonly { title: string; repeats?: string; fields: readonly FormField[] }[],
): Promise<ExtractExport> {
  if (format === 'csv') {
    const parts: string[] = [`${header.join(',')}\n`];
    for (const row of rows)
      parts.push(
        `${row.map((c) => (c === null ? '' : quoteCsvCell(safeCell(String(c))))).join(',')}\n`,
      );
    return {
      rows: rows.length,
      text: parts.join(''),
      contentType: 'text/csv; charset=utf-8',
      extension: 'csv',
    };
  }
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(row.map((c) => (typeof c === 'string' ? safeCell(c) : c)));
  if (sections) {
    // The field dictionary: what each column holds.
    const fields = workbook.addWorksheet('fields');
    fields.addRow(['field_id', 'label', 'section', 'type', 'options', 'unit', 'required']);
    fields.getRow(1).font = { bold: true };
    for (const section of sections)
      for (const field of section.fields)
        fields.addRow([
          field.id,
          field.label,
          section.repeats ? `${section.title} (per ${section.repeats})` : section.title,
          field.type,
          'options' in field ? field.options.join('; ') : '',
          'unit' in field ? (field.unit ?? '') : '',
          field.required ? 'yes' : '',
        ]);
  }
  return {
    rows: rows.length,
    bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  };
}
