import { DomainError } from '#core/errors';
import type { AnswerValue, ChartingForm, FormField, Quote } from '#core/extract/index';

/**
 * Synthesis over the consensus of charting (read-only): frequency tables, cross-tabulations
 * with the studies behind every cell, stratified summaries, the data of an evidence map and
 * publications per year. Pure: the engine hands in the form and each study's settled values.
 */

export interface SynthesisStudy {
  recordId: number;
  /** "Authors (year)" as tables show a study. */
  label: string;
  year: number | null;
  /** The study's settled answers by field id (study-level fields). */
  values: Readonly<Record<string, AnswerValue>>;
  /** The quotes behind the settled answers, by field id. */
  quotes?: Readonly<Record<string, Quote>>;
  /** The overall risk of bias, when the study was appraised and it is settled. */
  risk?: { toolId: string; overall: string };
}

export interface SynthesisInput {
  form: ChartingForm;
  studies: readonly SynthesisStudy[];
}

/** The word for a study that did not report a field. */
export const NOT_REPORTED = 'Not reported';

/** A form field by id, or a sentence naming the fields there are. */
export function requireField(form: ChartingForm, fieldId: string): FormField {
  const field = form.sections.flatMap((s) => s.fields).find((f) => f.id === fieldId);
  if (!field)
    throw new DomainError(
      'synthesise/unknown-field',
      `The charting form "${form.title}" has no field "${fieldId}". Fields: ${form.sections
        .flatMap((s) => s.fields)
        .map((f) => f.id)
        .join(', ')}`,
    );
  return field;
}

/** The categories a study's answer puts it in (several for a multiple choice). */
export function categoriesOf(field: FormField, value: AnswerValue | undefined): string[] {
  if (value === undefined || value === null) return [NOT_REPORTED];
  if (typeof value === 'boolean') return [value ? 'Yes' : 'No'];
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'string') return [field.type === 'date' ? value.slice(0, 4) : value];
  if (Array.isArray(value)) return value.length ? value : [NOT_REPORTED];
  if ('choice' in value) return [String(value.choice)];
  if ('choices' in value)
    return (value.choices as string[]).length ? (value.choices as string[]) : [NOT_REPORTED];
  if ('low' in value) return [`${String(value.low)}-${String(value.high)}`];
  return [JSON.stringify(value)];
}

/** Categories in the form's order (options first), then the others as found, Not reported last. */
function ordered(field: FormField, found: Iterable<string>): string[] {
  const seen = new Set(found);
  const options =
    'options' in field
      ? [...field.options, ...(field.other ? ['Other'] : [])]
      : field.type === 'boolean'
        ? ['Yes', 'No']
        : [];
  const out = options.filter((o) => seen.has(o));
  const rest = [...seen]
    .filter((c) => !out.includes(c) && c !== NOT_REPORTED)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return [...out, ...rest, ...(seen.has(NOT_REPORTED) ? [NOT_REPORTED] : [])];
}

export interface Count {
  value: string;
  count: number;
  recordIds: number[];
}

/** How many studies fall in each category of a field (a study may count in several). */
export function frequencies(input: SynthesisInput, fieldId: string): Count[] {
  const field = requireField(input.form, fieldId);
  const by = new Map<string, number[]>();
  for (const study of input.studies)
    for (const c of categoriesOf(field, study.values[fieldId]))
      (by.get(c) ?? by.set(c, []).get(c)!).push(study.recordId);
  return ordered(field, by.keys()).map((value) => ({
    value,
    count: by.get(value)!.length,
    recordIds: by.get(value)!,
  }));
}

export interface Crosstab {
  rows: string[];
  cols: string[];
  cells: { row: string; col: string; count: number; recordIds: number[] }[];
}

/**
 * `synthesise crosstab`: two fields against each other, every cell with the studies behind it
 * (every row x column pair, empty ones too, so the matrix is whole).
 */
export function crosstab(input: SynthesisInput, rowsField: string, colsField: string): Crosstab {
  const rowField = requireField(input.form, rowsField);
  const colField = requireField(input.form, colsField);
  const cells = new Map<string, number[]>();
  const rows = new Set<string>();
  const cols = new Set<string>();
  for (const study of input.studies) {
    const rs = categoriesOf(rowField, study.values[rowsField]);
    const cs = categoriesOf(colField, study.values[colsField]);
    for (const r of rs) rows.add(r);
    for (const c of cs) cols.add(c);
    for (const r of rs)
      for (const c of cs) {
        const key = `${r}\u0000${c}`;
        (cells.get(key) ?? cells.set(key, []).get(key)!).push(study.recordId);
      }
  }
  const rowOrder = ordered(rowField, rows);
  const colOrder = ordered(colField, cols);
  return {
    rows: rowOrder,
    cols: colOrder,
    cells: rowOrder.flatMap((row) =>
      colOrder.map((col) => {
        const ids = cells.get(`${row}\u0000${col}`) ?? [];
        return { row, col, count: ids.length, recordIds: ids };
      }),
    ),
  };
}

export interface Stratum {
  stratum: string;
  studies: { recordId: number; label: string }[];
  /** The tally of the other field within the stratum. */
  tally: Count[];
  /** Overall risk of bias of the stratum's studies. */
  risk: Count[];
  /** What the charting quoted for the tallied field, study by study. */
  quotes: { recordId: number; label: string; text: string; page?: number }[];
}

/**
 * `synthesise stratify`: for each value of one field (e.g. the severity band), its studies,
 * the tally of another (e.g. the role found for contralesional M1), their risk of bias and the
 * quotes extracted for it.
 */
export function stratify(input: SynthesisInput, byField: string, tallyField: string): Stratum[] {
  const by = requireField(input.form, byField);
  const tallied = requireField(input.form, tallyField);
  const groups = new Map<string, SynthesisStudy[]>();
  for (const study of input.studies)
    for (const c of categoriesOf(by, study.values[byField]))
      (groups.get(c) ?? groups.set(c, []).get(c)!).push(study);
  return ordered(by, groups.keys()).map((stratum) => {
    const studies = groups.get(stratum)!;
    const sub: SynthesisInput = { form: input.form, studies };
    const risk = new Map<string, number[]>();
    for (const s of studies) {
      const word = s.risk?.overall ?? 'Not appraised';
      (risk.get(word) ?? risk.set(word, []).get(word)!).push(s.recordId);
    }
    return {
      stratum,
      studies: studies.map((s) => ({ recordId: s.recordId, label: s.label })),
      tally: frequencies(sub, tallied.id),
      risk: [...risk].map(([value, ids]) => ({ value, count: ids.length, recordIds: ids })),
      quotes: studies.flatMap((s) => {
        const quote = s.quotes?.[tallied.id];
        return quote
          ? [
              {
                recordId: s.recordId,
                label: s.label,
                text: quote.text,
                ...(quote.page ? { page: quote.page } : {}),
              },
            ]
          : [];
      }),
    };
  });
}

export interface EvidenceMap {
  x: string;
  y: string;
  colour?: string;
  panel?: string;
  xValues: string[];
  yValues: string[];
  colours: string[];
  panels: {
    panel: string;
    bubbles: { x: string; y: string; colour: string; count: number; recordIds: number[] }[];
  }[];
}

/**
 * The data of an evidence map: a bubble per (x, y) cell sized by its studies, split by the
 * colour field's values, one panel per value of the panel field (e.g. probe x severity band,
 * coloured by the role found, panels human / animal).
 */
export function evidenceMap(
  input: SynthesisInput,
  options: { x: string; y: string; colour?: string; panel?: string },
): EvidenceMap {
  const fx = requireField(input.form, options.x);
  const fy = requireField(input.form, options.y);
  const fc = options.colour ? requireField(input.form, options.colour) : undefined;
  const fp = options.panel ? requireField(input.form, options.panel) : undefined;
  const cells = new Map<string, number[]>();
  const xs = new Set<string>();
  const ys = new Set<string>();
  const cs = new Set<string>();
  const ps = new Set<string>();
  for (const s of input.studies) {
    const panels = fp ? categoriesOf(fp, s.values[fp.id]) : ['All studies'];
    const colours = fc ? categoriesOf(fc, s.values[fc.id]) : ['Studies'];
    for (const p of panels)
      for (const x of categoriesOf(fx, s.values[fx.id]))
        for (const y of categoriesOf(fy, s.values[fy.id]))
          for (const c of colours) {
            ps.add(p);
            xs.add(x);
            ys.add(y);
            cs.add(c);
            const key = [p, x, y, c].join('\u0000');
            (cells.get(key) ?? cells.set(key, []).get(key)!).push(s.recordId);
          }
  }
  const panels = fp ? ordered(fp, ps) : [...ps];
  return {
    x: fx.id,
    y: fy.id,
    ...(fc ? { colour: fc.id } : {}),
    ...(fp ? { panel: fp.id } : {}),
    xValues: ordered(fx, xs),
    yValues: ordered(fy, ys),
    colours: fc ? ordered(fc, cs) : [...cs],
    panels: panels.map((panel) => ({
      panel,
      bubbles: [...cells]
        .filter(([key]) => key.startsWith(`${panel}\u0000`))
        .map(([key, ids]) => {
          const [, x, y, colour] = key.split('\u0000') as [string, string, string, string];
          return { x, y, colour, count: ids.length, recordIds: ids };
        }),
    })),
  };
}

/** Publications per year (studies without a year last). */
export function timeline(
  input: SynthesisInput,
): { year: string; count: number; recordIds: number[] }[] {
  const by = new Map<string, number[]>();
  for (const s of input.studies) {
    const year = s.year === null ? NOT_REPORTED : String(s.year);
    (by.get(year) ?? by.set(year, []).get(year)!).push(s.recordId);
  }
  return [...by]
    .sort(([a], [b]) => (a === NOT_REPORTED ? 1 : b === NOT_REPORTED ? -1 : Number(a) - Number(b)))
    .map(([year, ids]) => ({ year, count: ids.length, recordIds: ids }));
}

/** The characteristics table: a row per study, a column per chosen field, values as text. */
export function characteristicsTable(
  input: SynthesisInput,
  fieldIds: readonly string[],
  format: (value: AnswerValue) => string,
): {
  columns: { id: string; label: string }[];
  rows: { recordId: number; study: string; cells: string[] }[];
} {
  const fields = fieldIds.map((id) => requireField(input.form, id));
  return {
    columns: fields.map((f) => ({ id: f.id, label: f.label })),
    rows: input.studies.map((s) => ({
      recordId: s.recordId,
      study: s.label,
      cells: fields.map((f) => {
        const value = s.values[f.id];
        return value === undefined ? '' : format(value);
      }),
    })),
  };
}
