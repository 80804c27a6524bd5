import { computePairAgreement, isSettled, judgementOutcome } from '#core/workflow/index';
import type { JudgementStatus } from '#core/workflow/index';
import type { AnswerValue } from './answers';
import type { ChartingForm, FormField } from './form';

/**
 * Dual extraction through the shared dual-review workflow (core/workflow): each answerable
 * slot of a study (a field, or a field of one entity of a repeating section) is an item the
 * extractors judge. Once every required extractor has finished the study, slots where all agree
 * form the consensus automatically; any other slot queues for the lead, field by field.
 */

/** Where an extracted value sits: a field of the study, or of one entity (`section:label`). */
export interface SlotKey {
  /** '' for the study's own fields; `sectionId:entity label` for a repeating section's. */
  entity: string;
  fieldId: string;
}

/** Where a value was read: a quote, its page and its characters in that page's text. */
export interface Quote {
  text: string;
  page?: number;
  start?: number;
  end?: number;
}

/** One extractor's (or a resolution's) answer in a slot. */
export interface SlotAnswer extends SlotKey {
  id: number;
  extractor: string;
  value: AnswerValue;
  quote?: Quote;
  resolution: boolean;
}

/** A slot's outcome across the extractors who finished the study. */
export interface SlotOutcome extends SlotKey {
  status: JudgementStatus;
  value?: AnswerValue;
  /** Every finished extractor's answer (`null`: left blank), in extractor order. */
  answers: { extractor: string; value: AnswerValue | null; quote?: Quote }[];
}

export const STUDY_LEVEL = '';

/** The entity key of one entity of a repeating section. */
export function entityKey(sectionId: string, label: string): string {
  return `${sectionId}:${label}`;
}

/** Splits an entity key into its section and label ('' for the study itself). */
export function splitEntity(entity: string): { sectionId: string; label: string } | undefined {
  const at = entity.indexOf(':');
  return at > 0 ? { sectionId: entity.slice(0, at), label: entity.slice(at + 1) } : undefined;
}

/** Normalises an entity label as two extractors are taken to mean the same entity. */
export function normaliseEntityLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ');
}

function canonical(value: unknown): unknown {
  if (typeof value === 'string') return value.trim().replace(/\s+/g, ' ').toLowerCase();
  if (Array.isArray(value)) return value.map(canonical).sort();
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

/**
 * Whether two answers say the same: text compared without case and with spaces collapsed,
 * choices as sets, numbers exactly. A blank (`null`) only equals a blank.
 */
export function sameAnswer(a: AnswerValue | null, b: AnswerValue | null): boolean {
  if (a === null || b === null) return a === b;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function slotId(slot: SlotKey): string {
  return `${slot.entity}\u0000${slot.fieldId}`;
}

/**
 * A study's slots from its answers: each slot answered by any finished extractor (or resolved)
 * gets an outcome. A finished extractor who left a slot blank judged it blank, so one answer
 * against a blank is a disagreement; a slot nobody answered is not a slot.
 */
export function consolidateStudy(
  answers: readonly SlotAnswer[],
  /** Extractors who finished the study, in the order they finished. */
  finished: readonly string[],
  required: number,
): SlotOutcome[] {
  const slots = new Map<string, SlotAnswer[]>();
  for (const answer of answers) {
    if (!answer.resolution && !finished.includes(answer.extractor)) continue;
    const key = slotId(answer);
    const list = slots.get(key);
    if (list) list.push(answer);
    else slots.set(key, [answer]);
  }
  const outcomes: SlotOutcome[] = [];
  for (const list of slots.values()) {
    const first = list[0] as SlotAnswer;
    const byExtractor = new Map(
      list.filter((a) => !a.resolution).map((a) => [a.extractor, a] as const),
    );
    const judgements = finished.map((extractor, i) => {
      const answer = byExtractor.get(extractor);
      return {
        id: answer?.id ?? -1 - i,
        assessor: extractor,
        value: answer ? answer.value : null,
        resolution: false,
      };
    });
    for (const a of list)
      if (a.resolution)
        judgements.push({ id: a.id, assessor: a.extractor, value: a.value, resolution: true });
    const outcome = judgementOutcome<AnswerValue | null>(judgements, required, sameAnswer);
    const result: SlotOutcome = {
      entity: first.entity,
      fieldId: first.fieldId,
      status: outcome.status,
      answers: finished.map((extractor) => {
        const answer = byExtractor.get(extractor);
        return {
          extractor,
          value: answer ? answer.value : null,
          ...(answer?.quote ? { quote: answer.quote } : {}),
        };
      }),
    };
    if (isSettled(outcome.status) && outcome.value !== null && outcome.value !== undefined)
      result.value = outcome.value;
    outcomes.push(result);
  }
  return outcomes.sort((a, b) =>
    a.entity === b.entity
      ? a.fieldId < b.fieldId
        ? -1
        : a.fieldId > b.fieldId
          ? 1
          : 0
      : a.entity < b.entity
        ? -1
        : 1,
  );
}

/**
 * A study's extraction as the lead sees it: nobody started, someone is charting, every
 * required extractor finished but disagreements wait (`complete`), or every slot is agreed or
 * resolved (`consensus`).
 */
export type StudyExtractionStatus = 'not-started' | 'in-progress' | 'complete' | 'consensus';

export function studyStatus(
  started: readonly string[],
  finished: readonly string[],
  required: number,
  outcomes: readonly SlotOutcome[],
): StudyExtractionStatus {
  if (started.length === 0 && finished.length === 0) return 'not-started';
  if (finished.length < required) return 'in-progress';
  return outcomes.some((o) => o.status === 'conflict') ? 'complete' : 'consensus';
}

/** Categorical fields: agreement is reported as kappa as well as percent. */
export function isCategorical(field: FormField): boolean {
  return field.type === 'single-choice' || field.type === 'boolean';
}

/** A field's agreement over the studies two extractors both finished. */
export interface FieldAgreement {
  fieldId: string;
  label: string;
  type: FormField['type'];
  /** Slots compared (a blank counts as an answer: one blank against a value disagrees). */
  n: number;
  agreed: number;
  percent: number | null;
  /** Cohen's kappa for categorical fields, when at least two categories occur. */
  kappa: number | null;
}

function category(value: AnswerValue | null): string {
  if (value === null) return '(blank)';
  if (typeof value === 'object' && 'choice' in value) return String(value.choice);
  return JSON.stringify(canonical(value));
}

/**
 * Per-field agreement between the first two extractors of each finished study, from the
 * slots' outcomes (which carry every finished extractor's answer).
 */
export function fieldAgreement(
  form: ChartingForm,
  studies: readonly (readonly SlotOutcome[])[],
): FieldAgreement[] {
  const pairs = new Map<string, [AnswerValue | null, AnswerValue | null][]>();
  for (const outcomes of studies)
    for (const outcome of outcomes) {
      const [a, b] = outcome.answers;
      if (!a || !b) continue;
      const list = pairs.get(outcome.fieldId);
      if (list) list.push([a.value, b.value]);
      else pairs.set(outcome.fieldId, [[a.value, b.value]]);
    }
  return form.sections
    .flatMap((s) => s.fields)
    .map((field): FieldAgreement => {
      const list = pairs.get(field.id) ?? [];
      const agreed = list.filter(([a, b]) => sameAnswer(a, b)).length;
      let kappa: number | null = null;
      if (isCategorical(field) && list.length >= 2) {
        const categories = [...new Set(list.flatMap(([a, b]) => [category(a), category(b)]))];
        if (categories.length >= 2) {
          const matrix = categories.map(() => categories.map(() => 0));
          for (const [a, b] of list) {
            const row = matrix[categories.indexOf(category(a))] as number[];
            const j = categories.indexOf(category(b));
            row[j] = (row[j] as number) + 1;
          }
          const k = computePairAgreement(matrix).cohen.kappa;
          kappa = Number.isFinite(k) ? k : null;
        }
      }
      return {
        fieldId: field.id,
        label: field.label,
        type: field.type,
        n: list.length,
        agreed,
        percent: list.length ? agreed / list.length : null,
        kappa,
      };
    });
}
