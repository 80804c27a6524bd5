import { checkAnswer } from './answers';
import type { AnswerValue } from './answers';
import type { ChartingForm, FormField } from './form';

/** An answer the new version of a form cannot hold: kept, with what it answered and why. */
export interface RetiredAnswer {
  fieldId: string;
  label: string;
  value: unknown;
  why: string;
}

export interface CarriedAnswers {
  /** Answers by the new version's field ids. */
  answers: Record<string, AnswerValue>;
  /** Answers with no place in the new version: never dropped, shown beside the form. */
  retired: RetiredAnswer[];
  /** For each carried answer (new field id), the field id it was given under. */
  sources: Record<string, string>;
}

/** An answer with its options renamed as the new field says. */
function renamed(field: FormField, value: unknown): unknown {
  const names = field.renamedOptions;
  if (!names || typeof value !== 'object' || value === null) return value;
  const rename = (option: string): string => names[option] ?? option;
  if ('choice' in value) {
    const answer = value as { choice: string; other?: string };
    return { ...answer, choice: rename(answer.choice) };
  }
  if ('choices' in value) {
    const answer = value as { choices: string[]; other?: string };
    return { ...answer, choices: [...new Set(answer.choices.map(rename))] };
  }
  return value;
}

/**
 * Carries one study's answers from a form's version to its next: a field found under its id
 * or an id it `was` takes the answer, with renamed options renamed, when the answer fits the new
 * field; everything else is retired with the reason, never lost. Fields may move between
 * sections freely: answers are keyed by field id.
 */
export function carryAnswers(
  from: ChartingForm,
  to: ChartingForm,
  answers: Readonly<Record<string, unknown>>,
): CarriedAnswers {
  const oldFields = new Map(from.sections.flatMap((s) => s.fields).map((f) => [f.id, f]));
  const newFields = to.sections.flatMap((s) => s.fields);
  const byOldId = new Map<string, FormField>();
  for (const field of newFields) {
    byOldId.set(field.id, field);
    for (const old of field.was ?? []) if (!byOldId.has(old)) byOldId.set(old, field);
  }
  const carried: CarriedAnswers = { answers: {}, retired: [], sources: {} };
  for (const [fieldId, value] of Object.entries(answers)) {
    const label = oldFields.get(fieldId)?.label ?? fieldId;
    const target = byOldId.get(fieldId);
    if (!target) {
      carried.retired.push({ fieldId, label, value, why: 'the field is not in the new version' });
      continue;
    }
    if (carried.answers[target.id] !== undefined) {
      carried.retired.push({
        fieldId,
        label,
        value,
        why: `"${target.label}" already holds an answer carried from another field`,
      });
      continue;
    }
    const check = checkAnswer(target, renamed(target, value));
    if (check.ok) {
      carried.answers[target.id] = check.value;
      carried.sources[target.id] = fieldId;
    } else carried.retired.push({ fieldId, label, value, why: check.message });
  }
  return carried;
}
