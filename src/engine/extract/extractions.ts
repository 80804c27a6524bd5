import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '#core/errors';
import {
  checkAnswer,
  checkQuote,
  consolidateStudy,
  entityKey,
  fieldAgreement,
  isShown,
  missingRequired,
  normaliseEntityLabel,
  splitEntity,
  STUDY_LEVEL,
  studyStatus,
} from '#core/extract/index';
import type {
  AnswerValue,
  ChartingForm,
  FieldAgreement,
  FormField,
  FormSection,
  Quote,
  SlotAnswer,
  SlotOutcome,
  StudyExtractionStatus,
} from '#core/extract/index';
import { changeRefusal, isClosed, resolutionRefusal } from '#core/workflow/index';
import type { Database } from '#store/index';
import type { EngineContext } from '#engine/context';
import { forgetReads, nowIso } from '#engine/context';
import { readSettings, updateSettings } from '#engine/settings';
import { requireReviewer } from '#engine/team/members';
import { resolutionPolicyOf } from '#engine/screen/screen';
import { requireForm } from './forms';
import type { ReviewForm } from './forms';
import { extractionStudies, requireStudy } from './studies';
import { answerRow, insertAnswers } from './rows';
import { logEvent } from '#engine/events';
import type { ExtractStudy } from './studies';

// Dual extraction on the shared workflow: extractors chart a study blinded, a study closes when
// the required extractors finished it, agreed slots form the consensus and the rest queue for
// the lead (core/extract/consolidate.ts).

export interface ExtractSettings {
  /** How many extractors chart each study independently (1 or 2). */
  extractorsPerStudy: number;
  /** Extractors see nothing of each other's answers until a study closes. */
  blinded: boolean;
}

export async function readExtractSettings(
  context: EngineContext,
  reviewId: number,
): Promise<ExtractSettings> {
  const settings = await readSettings(context, reviewId);
  return {
    extractorsPerStudy: settings.extract?.extractorsPerStudy ?? 2,
    blinded: settings.extract?.blinded ?? settings.screen?.blinded ?? true,
  };
}

/** `extract settings`: extractors per study (1 or 2) and blinding; logged. */
export async function setExtractSettings(
  context: EngineContext,
  reviewId: number,
  change: Partial<ExtractSettings>,
): Promise<ExtractSettings> {
  if (change.extractorsPerStudy !== undefined && ![1, 2].includes(change.extractorsPerStudy))
    throw new DomainError(
      'extract/bad-settings',
      `Extractors per study is 1 or 2, got ${String(change.extractorsPerStudy)}.`,
    );
  await updateSettings(
    context,
    reviewId,
    (settings) => ({
      ...settings,
      extract: {
        ...settings.extract,
        ...(change.extractorsPerStudy !== undefined
          ? { extractorsPerStudy: change.extractorsPerStudy }
          : {}),
        ...(change.blinded !== undefined ? { blinded: change.blinded } : {}),
      },
    }),
    'extract.settings-changed',
  );
  forgetReads(context);
  return readExtractSettings(context, reviewId);
}

type Reader = Kysely<Database> | Transaction<Database>;

interface ProgressRow {
  id: number;
  extractor: string;
  state: string;
}

interface StudyRows {
  answers: SlotAnswer[];
  progress: ProgressRow[];
}

function toSlotAnswer(row: {
  id: number;
  extractor: string;
  resolution: number;
  entity: string;
  field_id: string;
  value: string;
  quote: string | null;
}): SlotAnswer {
  return {
    id: row.id,
    extractor: row.extractor,
    resolution: row.resolution === 1,
    entity: row.entity,
    fieldId: row.field_id,
    value: JSON.parse(row.value) as AnswerValue,
    ...(row.quote ? { quote: JSON.parse(row.quote) as Quote } : {}),
  };
}

const ANSWER_COLUMNS = [
  'id',
  'record_id',
  'extractor',
  'resolution',
  'entity',
  'field_id',
  'value',
  'quote',
] as const;

async function studyRows(db: Reader, reviewId: number, recordId: number): Promise<StudyRows> {
  const [answers, progress] = await Promise.all([
    db
      .selectFrom('extract_answers')
      .select(ANSWER_COLUMNS)
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('extract_progress')
      .select(['id', 'extractor', 'state'])
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .orderBy('id')
      .execute(),
  ]);
  return { answers: answers.map(toSlotAnswer), progress };
}

/** Every study's answers and progress at once (exports, the queue, agreement). */
async function allRows(db: Reader, reviewId: number): Promise<Map<number, StudyRows>> {
  const [answers, progress] = await Promise.all([
    db
      .selectFrom('extract_answers')
      .select(ANSWER_COLUMNS)
      .where('review_id', '=', reviewId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('extract_progress')
      .select(['id', 'record_id', 'extractor', 'state'])
      .where('review_id', '=', reviewId)
      .orderBy('id')
      .execute(),
  ]);
  const out = new Map<number, StudyRows>();
  const of = (id: number): StudyRows => {
    let rows = out.get(id);
    if (!rows) out.set(id, (rows = { answers: [], progress: [] }));
    return rows;
  };
  for (const row of answers) of(row.record_id).answers.push(toSlotAnswer(row));
  for (const row of progress) of(row.record_id).progress.push(row);
  return out;
}

/** Extractors who finished, in the order they started the study (the workflow's order). */
function finishedOf(progress: readonly ProgressRow[]): string[] {
  return progress.filter((p) => p.state === 'complete').map((p) => p.extractor);
}

/** The workflow's view of a study: its slots, and whether it is closed (required finished). */
function studyOutcome(
  rows: StudyRows,
  settings: ExtractSettings,
): { outcomes: SlotOutcome[]; closed: boolean; status: StudyExtractionStatus } {
  const finished = finishedOf(rows.progress);
  const closed = finished.length >= settings.extractorsPerStudy;
  const outcomes = closed
    ? consolidateStudy(rows.answers, finished, settings.extractorsPerStudy)
    : [];
  return {
    outcomes,
    closed,
    status: studyStatus(
      rows.progress.map((p) => p.extractor),
      finished,
      settings.extractorsPerStudy,
      outcomes,
    ),
  };
}

interface Located {
  field: FormField;
  section: FormSection;
  entity: string;
}

/** The form's field and the slot's entity, checked: repeating sections need an entity. */
function locate(form: ChartingForm, fieldId: string, entity: string | undefined): Located {
  for (const section of form.sections) {
    const field = section.fields.find((f) => f.id === fieldId);
    if (!field) continue;
    if (!section.repeats) {
      if (entity && entity !== STUDY_LEVEL)
        throw new DomainError(
          'extract/bad-entity',
          `"${field.label}" (${field.id}) is asked once per study, not per ${entity}.`,
        );
      return { field, section, entity: STUDY_LEVEL };
    }
    const label = normaliseEntityLabel(splitEntity(entity ?? '')?.label ?? entity ?? '');
    if (!label || label.length > 200)
      throw new DomainError(
        'extract/bad-entity',
        `"${field.label}" (${field.id}) is asked per ${section.repeats}: name the ${section.repeats} (1-200 characters).`,
      );
    return { field, section, entity: entityKey(section.id, label) };
  }
  throw new DomainError(
    'extract/unknown-field',
    `The form "${form.title}" (version ${form.version}) has no field "${fieldId}".`,
  );
}

/** The text of each page of the study's full text, for anchoring quotes (none without a PDF). */
export /** The text of each page of the study's full text, for anchoring quotes (none without a PDF). */
async function pageTexts(
  db: Reader,
  reviewId: number,
  study: ExtractStudy,
): Promise<(page: number) => string | undefined> {
  if (study.fullTextRecordId === null) return () => undefined;
  const held = await db
    .selectFrom('full_texts')
    .select('sha256')
    .where('review_id', '=', reviewId)
    .where('record_id', '=', study.fullTextRecordId)
    .executeTakeFirst();
  if (!held) return () => undefined;
  const pages = await db
    .selectFrom('pdf_pages')
    .select(['page', 'text'])
    .where('sha256', '=', held.sha256)
    .execute();
  const byPage = new Map(pages.map((p) => [p.page, p.text]));
  return (page) => byPage.get(page);
}

export interface AnswerInput {
  recordId: number;
  extractor: string;
  fieldId: string;
  /** For a repeating section's field: the entity's label (e.g. "FMA-UE"). */
  entity?: string;
  /** The answer as JSON gives it (core/extract's checkAnswer); null clears the slot. */
  value: unknown;
  /** A supporting quote { text, page?, start?, end? }; null or absent: none. */
  quote?: unknown;
}

export interface SavedAnswer {
  recordId: number;
  entity: string;
  fieldId: string;
  value: AnswerValue | null;
  quote?: Quote;
  /** The extractor's progress on the study after the save. */
  state: 'in-progress' | 'complete';
}

/** Why `extractor` may not change their answers to this study now, or undefined. */
function editRefusal(
  rows: StudyRows,
  extractor: string,
  settings: ExtractSettings,
): { code: 'extract/closed' | 'extract/enough-extractors'; message: string } | undefined {
  const mine = rows.progress.find((p) => p.extractor === extractor);
  if (!mine && rows.progress.length >= settings.extractorsPerStudy)
    return {
      code: 'extract/enough-extractors',
      message: `This study already has its ${settings.extractorsPerStudy} extractor${settings.extractorsPerStudy === 1 ? '' : 's'}; pick another study.`,
    };
  if (!mine) return undefined;
  const { closed } = studyOutcome({ answers: [], progress: rows.progress }, settings);
  const refusal = changeRefusal(closed ? 'conflict' : 'in-progress', settings.blinded);
  return refusal
    ? {
        code: 'extract/closed',
        message:
          'Every required extractor has finished this study, and under blinding their answers are final; the lead reconciles any disagreement.',
      }
    : undefined;
}

/**
 * Saves (or with `value: null` clears) one answer of one extractor, checked against the form,
 * with its quote checked against the full text's page. All or nothing, and idempotent: saving
 * the same answer again changes nothing but the time.
 */
export async function saveAnswer(
  context: EngineContext,
  reviewId: number,
  input: AnswerInput,
): Promise<SavedAnswer> {
  const [form, study, settings] = await Promise.all([
    requireForm(context, reviewId),
    requireStudy(context, reviewId, input.recordId),
    readExtractSettings(context, reviewId),
    requireReviewer(context, reviewId, input.extractor),
  ]);
  const { field, entity } = locate(form.form, input.fieldId, input.entity);
  let value: AnswerValue | null = null;
  if (input.value !== null && input.value !== undefined) {
    const checked = checkAnswer(field, input.value);
    if (!checked.ok) throw new DomainError('extract/bad-answer', checked.message);
    value = checked.value;
  }
  let quote: Quote | undefined;
  if (input.quote !== null && input.quote !== undefined && value !== null) {
    const checked = checkQuote(input.quote, await pageTexts(context.store.db, reviewId, study));
    if (!checked.ok)
      throw new DomainError(
        'extract/bad-quote',
        `${field.label} (${field.id}): ${checked.message}`,
      );
    quote = checked.quote;
  }
  const at = nowIso(context);
  return context.store.db.transaction().execute(async (trx) => {
    const rows = await studyRows(trx, reviewId, input.recordId);
    const refusal = editRefusal(rows, input.extractor, settings);
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    let mine = rows.progress.find((p) => p.extractor === input.extractor);
    if (!mine) {
      await trx
        .insertInto('extract_progress')
        .values({
          review_id: reviewId,
          record_id: input.recordId,
          extractor: input.extractor,
          state: 'in-progress',
          updated_at: at,
        })
        .execute();
      mine = { id: 0, extractor: input.extractor, state: 'in-progress' };
    }
    const slot = trx
      .deleteFrom('extract_answers')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', input.recordId)
      .where('extractor', '=', input.extractor)
      .where('resolution', '=', 0)
      .where('entity', '=', entity)
      .where('field_id', '=', field.id);
    if (value === null) await slot.execute();
    else
      await trx
        .insertInto('extract_answers')
        .values(
          answerRow({
            reviewId,
            recordId: input.recordId,
            extractor: input.extractor,
            entity,
            fieldId: field.id,
            value,
            quote: quote ?? null,
            formVersion: form.version,
            at,
          }),
        )
        .onConflict((oc) =>
          oc
            .constraint('extract_answers_slot')
            .columns(['review_id', 'record_id', 'extractor', 'resolution', 'entity', 'field_id'])
            .doUpdateSet({
              value: JSON.stringify(value),
              quote: quote ? JSON.stringify(quote) : null,
              form_version: form.version,
              updated_at: at,
            }),
        )
        .execute();
    await logEvent(trx, {
      reviewId,
      type: value === null ? 'extract.cleared' : 'extract.answered',
      subject: `record:${input.recordId}`,
      actor: input.extractor,
      payload: { entity, fieldId: field.id, value, quote },
      at,
    });
    return {
      recordId: input.recordId,
      entity,
      fieldId: field.id,
      value,
      ...(quote ? { quote } : {}),
      state: mine.state as SavedAnswer['state'],
    };
  });
}

/** Required fields an extractor left blank: per study, and per entity of repeating sections. */
export function missingFor(form: ChartingForm, answers: readonly SlotAnswer[]): string[] {
  const byEntity = new Map<string, Record<string, unknown>>();
  for (const a of answers)
    (byEntity.get(a.entity) ?? byEntity.set(a.entity, {}).get(a.entity))![a.fieldId] = a.value;
  const study = byEntity.get(STUDY_LEVEL) ?? {};
  const missing = missingRequired(form, study).map((f) => `"${f.label}" (${f.id})`);
  for (const [entity, values] of byEntity) {
    const where = splitEntity(entity);
    const section = where && form.sections.find((s) => s.id === where.sectionId);
    if (!where || !section) continue;
    for (const field of section.fields)
      if (
        field.required &&
        isShown(field, { ...study, ...values }) &&
        values[field.id] === undefined
      )
        missing.push(
          `"${field.label}" (${field.id}) of ${section.repeats ?? 'entity'} "${where.label}"`,
        );
  }
  return missing;
}

/**
 * The extractor has finished the study: every required field answered, or a refusal naming
 * those left. When the required extractors have finished, the study closes and its
 * disagreements queue for the lead. Idempotent.
 */
export async function finishStudy(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  extractor: string,
): Promise<{ recordId: number; state: 'complete'; closed: boolean }> {
  const [form, settings] = await Promise.all([
    requireForm(context, reviewId),
    readExtractSettings(context, reviewId),
    requireStudy(context, reviewId, recordId),
    requireReviewer(context, reviewId, extractor),
  ]);
  const at = nowIso(context);
  return context.store.db.transaction().execute(async (trx) => {
    const rows = await studyRows(trx, reviewId, recordId);
    const mine = rows.progress.find((p) => p.extractor === extractor);
    if (mine?.state === 'complete')
      return {
        recordId,
        state: 'complete',
        closed: finishedOf(rows.progress).length >= settings.extractorsPerStudy,
      };
    const refusal = editRefusal(rows, extractor, settings);
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    const missing = missingFor(
      form.form,
      rows.answers.filter((a) => a.extractor === extractor && !a.resolution),
    );
    if (missing.length)
      throw new DomainError(
        'extract/missing-required',
        `Study ${recordId} cannot be finished: ${missing.length} required field${missing.length === 1 ? ' is' : 's are'} blank: ${missing.join(', ')}.`,
        { missing },
      );
    await writeProgress(trx, reviewId, recordId, extractor, 'complete', at, Boolean(mine));
    await logEvent(trx, {
      reviewId,
      type: 'extract.finished',
      subject: `record:${recordId}`,
      actor: extractor,
      payload: { formVersion: form.version },
      at,
    });
    const finished = finishedOf(rows.progress).length + 1;
    return { recordId, state: 'complete', closed: finished >= settings.extractorsPerStudy };
  });
}

async function writeProgress(
  trx: Reader,
  reviewId: number,
  recordId: number,
  extractor: string,
  state: 'in-progress' | 'complete',
  at: string,
  exists: boolean,
): Promise<void> {
  if (exists)
    await trx
      .updateTable('extract_progress')
      .set({ state, updated_at: at })
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .where('extractor', '=', extractor)
      .execute();
  else
    await trx
      .insertInto('extract_progress')
      .values({ review_id: reviewId, record_id: recordId, extractor, state, updated_at: at })
      .execute();
}

/** The extractor takes a finished study back to edit it (not once it closed under blinding). */
export async function reopenStudy(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  extractor: string,
): Promise<{ recordId: number; state: 'in-progress' }> {
  const settings = await readExtractSettings(context, reviewId);
  await requireStudy(context, reviewId, recordId);
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    const rows = await studyRows(trx, reviewId, recordId);
    const mine = rows.progress.find((p) => p.extractor === extractor);
    if (!mine || mine.state !== 'complete') return;
    const refusal = editRefusal(rows, extractor, settings);
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    await writeProgress(trx, reviewId, recordId, extractor, 'in-progress', at, true);
    await logEvent(trx, {
      reviewId,
      type: 'extract.reopened',
      subject: `record:${recordId}`,
      actor: extractor,
      payload: {},
      at,
    });
  });
  return { recordId, state: 'in-progress' };
}

/** An answer as the extraction screen and exports show it. */
export interface AnswerView {
  entity: string;
  fieldId: string;
  value: AnswerValue;
  quote?: Quote;
}

/** What one extractor sees of a study: their own answers, and the consensus once it closed. */
export interface ExtractorView {
  study: ExtractStudy;
  form: ReviewForm;
  /** The viewer's progress: not started, in progress, complete. */
  mine: 'not-started' | 'in-progress' | 'complete';
  /** Whether the viewer may still edit (false once the study closed under blinding). */
  editable: boolean;
  answers: AnswerView[];
  /** Once the study closed: the settled slots (agreed or resolved); none before. */
  consensus: AnswerView[];
  /** Answers a new form version had no place for, kept with the reason. */
  retired: { entity: string; fieldId: string; label: string; value: unknown; why: string }[];
}

/**
 * A study as `viewer` charts it. Under blinding it holds nothing of another extractor's answers
 * until the study closes, and then only the settled values, as screening's blind view does.
 */
export async function extractorView(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  viewer: string,
): Promise<ExtractorView> {
  const [form, study, settings] = await Promise.all([
    requireForm(context, reviewId),
    requireStudy(context, reviewId, recordId),
    readExtractSettings(context, reviewId),
  ]);
  const [rows, retired] = await Promise.all([
    studyRows(context.store.db, reviewId, recordId),
    context.store.db
      .selectFrom('extract_retired')
      .select(['entity', 'field_id', 'label', 'value', 'why'])
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .where('extractor', '=', viewer)
      .orderBy('id')
      .execute(),
  ]);
  const outcome = studyOutcome(rows, settings);
  const mine = rows.progress.find((p) => p.extractor === viewer);
  const view = (a: SlotAnswer | SlotOutcome, value: AnswerValue): AnswerView => ({
    entity: a.entity,
    fieldId: a.fieldId,
    value,
    ...('quote' in a && a.quote ? { quote: a.quote } : {}),
  });
  const consensus: AnswerView[] = [];
  if (outcome.closed)
    for (const slot of outcome.outcomes) {
      if (slot.value === undefined) continue;
      const quoted = slot.answers.find((a) => a.quote && a.value !== null);
      consensus.push({
        entity: slot.entity,
        fieldId: slot.fieldId,
        value: slot.value,
        ...(quoted?.quote ? { quote: quoted.quote } : {}),
      });
    }
  return {
    study,
    form,
    mine: mine ? (mine.state as 'in-progress' | 'complete') : 'not-started',
    editable: !editRefusal(rows, viewer, settings),
    answers: rows.answers
      .filter((a) => a.extractor === viewer && !a.resolution)
      .map((a) => view(a, a.value)),
    consensus,
    retired: retired.map((r) => ({
      entity: r.entity,
      fieldId: r.field_id,
      label: r.label,
      value: JSON.parse(r.value) as unknown,
      why: r.why,
    })),
  };
}

/** A study in the lead's overview: who charts it, its status and open disagreements. */
export interface StudyOverview {
  recordId: number;
  title: string;
  authors: string;
  year: number | null;
  fullText: boolean;
  status: StudyExtractionStatus;
  extractors: { name: string; state: 'in-progress' | 'complete' }[];
  conflicts: number;
}

/** Every study's extraction status (the lead's view: who, how far, disagreements). */
export async function extractionOverview(
  context: EngineContext,
  reviewId: number,
): Promise<StudyOverview[]> {
  const [studies, settings, rows] = await Promise.all([
    extractionStudies(context, reviewId),
    readExtractSettings(context, reviewId),
    allRows(context.store.db, reviewId),
  ]);
  return studies.map((study) => {
    const own = rows.get(study.recordId) ?? { answers: [], progress: [] };
    const outcome = studyOutcome(own, settings);
    return {
      recordId: study.recordId,
      title: study.title,
      authors: study.authors,
      year: study.year,
      fullText: study.fullTextRecordId !== null,
      status: outcome.status,
      extractors: own.progress.map((p) => ({
        name: p.extractor,
        state: p.state as 'in-progress' | 'complete',
      })),
      conflicts: outcome.outcomes.filter((o) => o.status === 'conflict').length,
    };
  });
}

/** A study in an extractor's own list: only their own progress, whether it is theirs to do. */
export interface MyStudy {
  recordId: number;
  title: string;
  authors: string;
  year: number | null;
  fullText: boolean;
  mine: 'not-started' | 'in-progress' | 'complete';
  /** Open to the viewer: they chart it, or it still lacks an extractor. */
  open: boolean;
}

/**
 * The studies as one extractor sees them: their own progress only (blinding: whether a
 * study has another extractor is not theirs to know beyond "open to you").
 */
export async function myStudies(
  context: EngineContext,
  reviewId: number,
  viewer: string,
): Promise<MyStudy[]> {
  const [studies, settings, progress] = await Promise.all([
    extractionStudies(context, reviewId),
    readExtractSettings(context, reviewId),
    context.store.db
      .selectFrom('extract_progress')
      .select(['record_id', 'extractor', 'state'])
      .where('review_id', '=', reviewId)
      .execute(),
  ]);
  const byStudy = new Map<number, { extractor: string; state: string }[]>();
  for (const p of progress)
    (byStudy.get(p.record_id) ?? byStudy.set(p.record_id, []).get(p.record_id))!.push(p);
  return studies.map((study) => {
    const list = byStudy.get(study.recordId) ?? [];
    const mine = list.find((p) => p.extractor === viewer);
    return {
      recordId: study.recordId,
      title: study.title,
      authors: study.authors,
      year: study.year,
      fullText: study.fullTextRecordId !== null,
      mine: mine ? (mine.state as 'in-progress' | 'complete') : 'not-started',
      open: Boolean(mine) || list.length < settings.extractorsPerStudy,
    };
  });
}

/** One disagreement waiting for the lead (the contract of `extract reconcile --json`). */
export interface ReconcileItem {
  recordId: number;
  title: string;
  entity: string;
  fieldId: string;
  label: string;
  answers: { extractor: string; value: AnswerValue | null; quote?: Quote }[];
}

/** Every open disagreement of closed studies, study by study, field by field in form order. */
export async function reconcileQueue(
  context: EngineContext,
  reviewId: number,
): Promise<ReconcileItem[]> {
  const [form, studies, settings, rows] = await Promise.all([
    requireForm(context, reviewId),
    extractionStudies(context, reviewId),
    readExtractSettings(context, reviewId),
    allRows(context.store.db, reviewId),
  ]);
  const order = new Map(form.form.sections.flatMap((s) => s.fields).map((f, i) => [f.id, i]));
  const labels = new Map(form.form.sections.flatMap((s) => s.fields).map((f) => [f.id, f.label]));
  const queue: ReconcileItem[] = [];
  for (const study of studies) {
    const own = rows.get(study.recordId);
    if (!own) continue;
    const outcome = studyOutcome(own, settings);
    const open = outcome.outcomes
      .filter((o) => o.status === 'conflict')
      .sort(
        (a, b) =>
          (a.entity === b.entity ? 0 : a.entity < b.entity ? -1 : 1) ||
          (order.get(a.fieldId) ?? 1e9) - (order.get(b.fieldId) ?? 1e9),
      );
    for (const slot of open)
      queue.push({
        recordId: study.recordId,
        title: study.title,
        entity: slot.entity,
        fieldId: slot.fieldId,
        label: labels.get(slot.fieldId) ?? slot.fieldId,
        answers: slot.answers,
      });
  }
  return queue;
}

export interface ResolveInput {
  recordId: number;
  fieldId: string;
  entity?: string;
  /** The settled answer, as JSON gives it. */
  value: unknown;
  resolver: string;
  quote?: unknown;
}

/**
 * The lead settles a slot of a closed study: its value (checked against the form), with the
 * quote of an extractor who gave the same answer unless another is given. The resolver is a
 * designated resolver (else a lead) who did not chart the study, unless they chart alone.
 */
export async function resolveSlot(
  context: EngineContext,
  reviewId: number,
  input: ResolveInput,
): Promise<{ recordId: number; entity: string; fieldId: string; value: AnswerValue }> {
  const [form, study, settings, policy] = await Promise.all([
    requireForm(context, reviewId),
    requireStudy(context, reviewId, input.recordId),
    readExtractSettings(context, reviewId),
    resolutionPolicyOf(context, reviewId),
  ]);
  const { field, entity } = locate(form.form, input.fieldId, input.entity);
  const checked = checkAnswer(field, input.value);
  if (!checked.ok) throw new DomainError('extract/bad-answer', checked.message);
  let quote: Quote | undefined;
  if (input.quote !== undefined && input.quote !== null) {
    const q = checkQuote(input.quote, await pageTexts(context.store.db, reviewId, study));
    if (!q.ok) throw new DomainError('extract/bad-quote', q.message);
    quote = q.quote;
  }
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    const rows = await studyRows(trx, reviewId, input.recordId);
    const outcome = studyOutcome(rows, settings);
    if (!outcome.closed)
      throw new DomainError(
        'extract/not-in-conflict',
        `Study ${input.recordId} is still being charted; its disagreements are settled once every required extractor has finished it.`,
      );
    const slot = outcome.outcomes.find((o) => o.entity === entity && o.fieldId === field.id);
    if (!slot || !isClosed(slot.status) || slot.status === 'agreed')
      throw new DomainError(
        'extract/not-in-conflict',
        `"${field.label}" (${field.id})${entity ? ` of ${splitEntity(entity)?.label ?? entity}` : ''} of study ${input.recordId} is not a disagreement (${slot ? slot.status : 'nobody answered it'}).`,
      );
    const refusal = resolutionRefusal(
      policy,
      input.resolver,
      rows.progress.map((p) => p.extractor),
    );
    if (refusal) throw new DomainError('extract/forbidden', refusal);
    quote ??= slot.answers.find(
      (a) => a.quote && a.value !== null && sameValue(a.value, checked.value),
    )?.quote;
    await trx
      .deleteFrom('extract_answers')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', input.recordId)
      .where('resolution', '=', 1)
      .where('entity', '=', entity)
      .where('field_id', '=', field.id)
      .execute();
    await insertAnswers(trx, [
      answerRow({
        reviewId,
        recordId: input.recordId,
        extractor: input.resolver,
        resolution: true,
        entity,
        fieldId: field.id,
        value: checked.value,
        quote: quote ?? null,
        formVersion: form.version,
        at,
      }),
    ]);
    await logEvent(trx, {
      reviewId,
      type: 'extract.resolved',
      subject: `record:${input.recordId}`,
      actor: input.resolver,
      payload: {
        entity,
        fieldId: field.id,
        value: checked.value,
        answers: slot.answers,
      },
      at,
    });
  });
  return { recordId: input.recordId, entity, fieldId: field.id, value: checked.value };
}

function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Everything charted, for exports and synthesis: per study, each extractor's answers and the slots. */
export interface ExtractionData {
  form: ReviewForm;
  settings: ExtractSettings;
  studies: {
    study: ExtractStudy;
    status: StudyExtractionStatus;
    /** Every extractor's current answers (not resolutions). */
    answers: SlotAnswer[];
    /** The slots once the study closed (agreed, resolved or in conflict). */
    outcomes: SlotOutcome[];
  }[];
}

export async function extractionData(
  context: EngineContext,
  reviewId: number,
): Promise<ExtractionData> {
  const [form, studies, settings, rows] = await Promise.all([
    requireForm(context, reviewId),
    extractionStudies(context, reviewId),
    readExtractSettings(context, reviewId),
    allRows(context.store.db, reviewId),
  ]);
  return {
    form,
    settings,
    studies: studies.map((study) => {
      const own = rows.get(study.recordId) ?? { answers: [], progress: [] };
      const outcome = studyOutcome(own, settings);
      return {
        study,
        status: outcome.status,
        answers: own.answers.filter((a) => !a.resolution),
        outcomes: outcome.outcomes,
      };
    }),
  };
}

/** Per-field agreement over the closed studies (percent; kappa for categorical fields). */
export async function extractAgreement(
  context: EngineContext,
  reviewId: number,
): Promise<{ studies: number; fields: FieldAgreement[] }> {
  const data = await extractionData(context, reviewId);
  const closed = data.studies.filter((s) => s.status === 'complete' || s.status === 'consensus');
  return {
    studies: closed.length,
    fields: fieldAgreement(
      data.form.form,
      closed.map((s) => s.outcomes),
    ),
  };
}

/** One study's settled (agreed or resolved) study-level values by field id; none while open. */
export async function settledValues(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<Record<string, AnswerValue>> {
  const [settings, rows] = await Promise.all([
    readExtractSettings(context, reviewId),
    studyRows(context.store.db, reviewId, recordId),
  ]);
  return Object.fromEntries(
    studyOutcome(rows, settings)
      .outcomes.filter((o) => o.entity === STUDY_LEVEL && o.value !== undefined)
      .map((o) => [o.fieldId, o.value!]),
  );
}
