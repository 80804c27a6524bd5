import { checkAnswer } from './answers';
import type { AnswerCheck, AnswerValue } from './answers';
import type { FormField } from './form';

/**
 * Answers as spreadsheet cells and command-line words: how a sheet imported with
 * `extract import` and the wide export write each field type, so an exported sheet imports
 * again unchanged. Choices by their option text (`Other: text` for "other, specify"), several
 * separated by `; `, yes/no, a range as `low - high`, a table as JSON.
 */

const OTHER = 'Other';
const RANGE = /^\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\s*$/i;
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);

function option(field: { options: string[]; other?: boolean }, text: string): unknown {
  const wanted = text.trim();
  const exact = field.options.find((o) => o.toLowerCase() === wanted.toLowerCase());
  if (exact) return { choice: exact };
  const other = /^other\s*[:,-]\s*(.+)$/i.exec(wanted);
  if (other && field.other) return { choice: OTHER, other: other[1] };
  return { choice: wanted };
}

/**
 * Reads one cell (text or a number as a spreadsheet gives it) as an answer to `field`, checked
 * like any answer. An empty cell is `undefined`: no answer.
 */
export function parseCell(field: FormField, cell: unknown): AnswerCheck | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (cell instanceof Date) cell = cell.toISOString().slice(0, 10);
  if (typeof cell === 'string' && !cell.trim()) return undefined;
  const text = typeof cell === 'string' ? cell.trim() : String(cell);
  switch (field.type) {
    case 'integer':
    case 'decimal': {
      const n = typeof cell === 'number' ? cell : Number(text.replace(/,/g, ''));
      return checkAnswer(field, Number.isFinite(n) && text !== '' ? n : text);
    }
    case 'range': {
      const match = RANGE.exec(text);
      return checkAnswer(
        field,
        match ? { low: Number(match[1]), high: Number(match[2]) } : { text },
      );
    }
    case 'boolean': {
      const word = text.toLowerCase();
      return checkAnswer(field, YES.has(word) ? true : NO.has(word) ? false : text);
    }
    case 'single-choice':
      return checkAnswer(field, option(field, text));
    case 'multiple-choice': {
      const parts = text
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean);
      const choices: string[] = [];
      let other: string | undefined;
      for (const part of parts) {
        const picked = option(field, part) as { choice: string; other?: string };
        choices.push(picked.choice);
        if (picked.other) other = picked.other;
      }
      return checkAnswer(field, { choices, ...(other ? { other } : {}) });
    }
    case 'table': {
      try {
        return checkAnswer(field, JSON.parse(text));
      } catch {
        return { ok: false, message: `"${field.label}" (${field.id}) takes a table as JSON` };
      }
    }
    default:
      return checkAnswer(field, text);
  }
}

/** An answer as one cell of text (the inverse of `parseCell`). */
export function formatCell(value: AnswerValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join('; ');
  if ('low' in value && 'high' in value) return `${String(value.low)} - ${String(value.high)}`;
  if ('choice' in value)
    return value.choice === OTHER && value.other ? `Other: ${value.other}` : String(value.choice);
  if ('choices' in value)
    return (value.choices as string[])
      .map((c) => (c === OTHER && value.other ? `Other: ${String(value.other)}` : c))
      .join('; ');
  return JSON.stringify(value);
}
