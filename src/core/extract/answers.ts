import type { ChartingForm, FormField } from './form';

/** An answer as stored: what the field type takes (see `checkAnswer`). */
export type AnswerValue =
  | string
  | number
  | boolean
  | string[]
  | { low: number; high: number }
  | { choice: string; other?: string }
  | { choices: string[]; other?: string }
  | Record<string, Record<string, string>>;

export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; message: string };

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const OTHER = 'Other';

function inBounds(
  field: { min?: number; max?: number; unit?: string },
  n: number,
): string | undefined {
  const unit = field.unit ? ` ${field.unit}` : '';
  if (field.min !== undefined && n < field.min) return `is below the minimum ${field.min}${unit}`;
  if (field.max !== undefined && n > field.max) return `is above the maximum ${field.max}${unit}`;
  return undefined;
}

/**
 * Checks one answer against its field, as JSON gives it: a refusal says what the field takes.
 * Choices are `{ choice }` (or `{ choice: 'Other', other: '...' }` where the field allows it),
 * `{ choices: [...] }` for several; a range is `{ low, high }`; a table maps row -> column ->
 * cell text; a date is a year, a year and month, or a whole date.
 */
export function checkAnswer(field: FormField, value: unknown): AnswerCheck {
  const refuse = (what: string): AnswerCheck => ({
    ok: false,
    message: `"${field.label}" (${field.id}) ${what}`,
  });
  switch (field.type) {
    case 'text':
    case 'long-text': {
      if (typeof value !== 'string' || !value.trim()) return refuse('takes text');
      if (field.type === 'text' && field.maxLength && value.length > field.maxLength)
        return refuse(`takes at most ${field.maxLength} characters`);
      return { ok: true, value: value.trim() };
    }
    case 'integer':
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return refuse(`takes a number${field.unit ? ` (${field.unit})` : ''}`);
      if (field.type === 'integer' && !Number.isInteger(value))
        return refuse('takes a whole number');
      const out = inBounds(field, value);
      return out ? refuse(`${value} ${out}`) : { ok: true, value };
    }
    case 'range': {
      const range = value as { low?: unknown; high?: unknown } | null;
      if (typeof range?.low !== 'number' || typeof range.high !== 'number')
        return refuse('takes a range { low, high }');
      if (range.low > range.high)
        return refuse(`has its low end ${range.low} above its high end ${range.high}`);
      const out = inBounds(field, range.low) ?? inBounds(field, range.high);
      return out
        ? refuse(`range ${out}`)
        : { ok: true, value: { low: range.low, high: range.high } };
    }
    case 'date': {
      const match = typeof value === 'string' ? DATE.exec(value.trim()) : null;
      const month = match?.[2] ? Number(match[2]) : 1;
      const day = match?.[3] ? Number(match[3]) : 1;
      const valid =
        match &&
        month >= 1 &&
        month <= 12 &&
        day >= 1 &&
        day <= new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
      return valid
        ? { ok: true, value: (value as string).trim() }
        : refuse('takes a date: YYYY, YYYY-MM or YYYY-MM-DD');
    }
    case 'single-choice': {
      const answer = value as { choice?: unknown; other?: unknown } | null;
      const choice = answer?.choice;
      if (typeof choice !== 'string') return refuse(`takes one of: ${field.options.join(', ')}`);
      if (field.options.includes(choice)) return { ok: true, value: { choice } };
      if (
        field.other &&
        choice === OTHER &&
        typeof answer?.other === 'string' &&
        answer.other.trim()
      )
        return { ok: true, value: { choice, other: answer.other.trim() } };
      return refuse(
        `has no option "${choice}"; it takes one of: ${field.options.join(', ')}${field.other ? ', or Other with the text' : ''}`,
      );
    }
    case 'multiple-choice': {
      const answer = value as { choices?: unknown; other?: unknown } | null;
      const choices = answer?.choices;
      if (
        !Array.isArray(choices) ||
        choices.length === 0 ||
        choices.some((c) => typeof c !== 'string')
      )
        return refuse(`takes one or more of: ${field.options.join(', ')}`);
      const unknown = (choices as string[]).filter(
        (c) => !field.options.includes(c) && !(field.other && c === OTHER),
      );
      if (unknown.length) return refuse(`has no option ${unknown.map((c) => `"${c}"`).join(', ')}`);
      if (new Set(choices).size !== choices.length) return refuse('names an option twice');
      const other = typeof answer?.other === 'string' ? answer.other.trim() : '';
      if ((choices as string[]).includes(OTHER) && !other)
        return refuse('says Other without the text');
      return { ok: true, value: { choices: choices as string[], ...(other ? { other } : {}) } };
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? { ok: true, value }
        : refuse('takes yes or no (true/false)');
    case 'table': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return refuse('takes a table: row -> column -> text');
      const table: Record<string, Record<string, string>> = {};
      for (const [row, cells] of Object.entries(value as Record<string, unknown>)) {
        if (!field.rows.includes(row)) return refuse(`has no row "${row}"`);
        if (typeof cells !== 'object' || cells === null) return refuse(`row "${row}" takes cells`);
        for (const [column, cell] of Object.entries(cells as Record<string, unknown>)) {
          if (!field.columns.includes(column)) return refuse(`has no column "${column}"`);
          if (typeof cell !== 'string') return refuse(`cell ${row} / ${column} takes text`);
          (table[row] ??= {})[column] = cell;
        }
      }
      return { ok: true, value: table };
    }
  }
}

/** Whether a field is asked, given the other answers of the same study (or entity). */
export function isShown(field: FormField, answers: Readonly<Record<string, unknown>>): boolean {
  if (!field.showIf) return true;
  const answer = answers[field.showIf.field];
  const given: unknown[] =
    answer && typeof answer === 'object' && 'choice' in answer
      ? [(answer as { choice: string }).choice]
      : answer && typeof answer === 'object' && 'choices' in answer
        ? (answer as { choices: string[] }).choices
        : [answer];
  return field.showIf.equals.some((v) => given.includes(v));
}

/** Required fields that are shown and unanswered: what keeps an extraction from complete. */
export function missingRequired(
  form: ChartingForm,
  answers: Readonly<Record<string, unknown>>,
): FormField[] {
  return form.sections
    .filter((section) => !section.repeats)
    .flatMap((section) => section.fields)
    .filter(
      (field) => field.required && isShown(field, answers) && answers[field.id] === undefined,
    );
}
