import { DomainError } from '#core/errors';
import {
  findTool,
  genericTool,
  importRobvisCsv,
  overallOf,
  trafficLightScene,
  summaryScene,
} from '#core/appraise/index';
import type { AppraisalTable, AppraisalTool, Palette, Scene } from '#core/appraise/index';
import { checkQuote } from '#core/extract/index';
import type { Quote } from '#core/extract/index';
import {
  changeRefusal,
  computePairAgreement,
  isSettled,
  judgementOutcome,
  resolutionRefusal,
} from '#core/workflow/index';
import type { JudgementStatus } from '#core/workflow/index';
import type { EngineContext } from '#engine/context';
import { logEvent } from '#engine/events';
import { forgetReads, nowIso } from '#engine/context';
import { readSettings, updateSettings } from '#engine/settings';
import { requireReviewer } from '#engine/team/members';
import { resolutionPolicyOf } from '#engine/screen/screen';
import { extractionData, pageTexts, settledValues } from '#engine/extract/extractions';
import { extractionStudies } from '#engine/extract/studies';
import type { ExtractStudy } from '#engine/extract/studies';

// Appraisal on the shared dual-review workflow: each domain (and the overall judgement) of a
// study's unit is an item; assessors judge blind to each other; once the required assessors
// finished, agreed domains are the consensus and the rest wait for the lead.

export const OVERALL = 'overall';

export interface AppraiseSettings {
  assessorsPerStudy: number;
  blinded: boolean;
}

export async function readAppraiseSettings(
  context: EngineContext,
  reviewId: number,
): Promise<AppraiseSettings & { tool?: unknown }> {
  const settings = await readSettings(context, reviewId);
  return {
    assessorsPerStudy: settings.appraise?.assessorsPerStudy ?? 2,
    blinded: settings.appraise?.blinded ?? settings.screen?.blinded ?? true,
    ...(settings.appraise?.tool ? { tool: settings.appraise.tool } : {}),
  };
}

/** `appraise settings`: assessors per study (1 or 2), blinding, the review's own tool. */
export async function setAppraiseSettings(
  context: EngineContext,
  reviewId: number,
  change: Partial<AppraiseSettings> & { tool?: unknown },
): Promise<AppraiseSettings> {
  if (change.assessorsPerStudy !== undefined && ![1, 2].includes(change.assessorsPerStudy))
    throw new DomainError(
      'appraise/bad-tool',
      `Assessors per study is 1 or 2, got ${String(change.assessorsPerStudy)}.`,
    );
  if (change.tool !== undefined) genericTool(change.tool);
  await updateSettings(
    context,
    reviewId,
    (settings) => ({
      ...settings,
      appraise: {
        ...settings.appraise,
        ...(change.assessorsPerStudy !== undefined
          ? { assessorsPerStudy: change.assessorsPerStudy }
          : {}),
        ...(change.blinded !== undefined ? { blinded: change.blinded } : {}),
        ...(change.tool !== undefined ? { tool: change.tool } : {}),
      },
    }),
    'appraise.settings-changed',
  );
  forgetReads(context);
  return readAppraiseSettings(context, reviewId);
}

/** The shipped tools and the review's own (when it defined one). */
async function reviewTool(
  context: EngineContext,
  reviewId: number,
  id: string,
): Promise<AppraisalTool> {
  const settings = await readAppraiseSettings(context, reviewId);
  return findTool(id, settings.tool ? [genericTool(settings.tool)] : []);
}

/** What the contralesional-M1 form (or any form with a `rob_tool` field) says a study needs. */
const TOOL_WORDS: Record<string, string> = {
  syrcle: 'syrcle',
  'rob 2': 'rob2',
  rob2: 'rob2',
  'rob 2 (cluster)': 'rob2-cluster',
  'robins-i': 'robins-i',
  'robins-e': 'robins-e',
  'quadas-2': 'quadas-2',
};

/** The tool a charted `rob_tool` answer names (SYRCLE, RoB 2, ROBINS-I...), if any. */
function toolFromCharting(value: unknown): string | undefined {
  const word = (value as { choice?: string } | undefined)?.choice?.toLowerCase() ?? '';
  return TOOL_WORDS[word];
}

export interface AppraiseStudy extends ExtractStudy {
  toolId: string | null;
  assignedBy: string | null;
}

/**
 * The included studies with the tool each is appraised with: the lead's choice, else what
 * charting's consensus says in the form's `rob_tool` field (SYRCLE for animal studies, RoB 2 or
 * ROBINS-I for human ones), else none yet.
 */
export async function appraiseStudies(
  context: EngineContext,
  reviewId: number,
): Promise<AppraiseStudy[]> {
  const [studies, assignments] = await Promise.all([
    extractionStudies(context, reviewId),
    context.store.db
      .selectFrom('appraise_assignments')
      .select(['record_id', 'tool_id', 'assigned_by'])
      .where('review_id', '=', reviewId)
      .execute(),
  ]);
  const chosen = new Map(assignments.map((a) => [a.record_id, a]));
  const fromForm = new Map<number, string>();
  try {
    const data = await extractionData(context, reviewId);
    for (const item of data.studies) {
      const slot = item.outcomes.find((o) => o.entity === '' && o.fieldId === 'rob_tool');
      const tool = toolFromCharting(slot?.value);
      if (tool) fromForm.set(item.study.recordId, tool);
    }
  } catch (error) {
    // No charting form yet: tools come from the lead's choices alone.
    if (!(error instanceof DomainError) || error.code !== 'extract/no-form') throw error;
  }
  return studies.map((study) => {
    const own = chosen.get(study.recordId);
    const derived = fromForm.get(study.recordId);
    return {
      ...study,
      toolId: own?.tool_id ?? derived ?? null,
      assignedBy: own ? own.assigned_by : derived ? 'extraction' : null,
    };
  });
}

async function requireAppraiseStudy(
  context: EngineContext,
  reviewId: number,
  recordId: number,
): Promise<AppraiseStudy & { tool: AppraisalTool }> {
  // One study's tool without reading the whole review's charting (every judgement asks for it).
  const base = (await extractionStudies(context, reviewId)).find((s) => s.recordId === recordId);
  if (!base)
    throw new DomainError(
      'appraise/not-a-study',
      `Record ${recordId} is not an included study of this review (\`appraise status\` lists them).`,
    );
  const chosen = await context.store.db
    .selectFrom('appraise_assignments')
    .select(['tool_id', 'assigned_by'])
    .where('review_id', '=', reviewId)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  const derived = chosen
    ? undefined
    : toolFromCharting((await settledValues(context, reviewId, recordId)).rob_tool);
  const study: AppraiseStudy = {
    ...base,
    toolId: chosen?.tool_id ?? derived ?? null,
    assignedBy: chosen ? chosen.assigned_by : derived ? 'extraction' : null,
  };
  if (!study.toolId)
    throw new DomainError(
      'appraise/no-tool',
      `Study ${recordId} has no appraisal tool yet: chart its risk-of-bias tool, or \`appraise assign ${recordId} --tool rob2\`.`,
    );
  return { ...study, tool: await reviewTool(context, reviewId, study.toolId) };
}

/** `appraise assign`: the lead picks a study's tool (judgements under another tool stay kept). */
export async function assignTool(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  toolId: string,
): Promise<{ recordId: number; toolId: string }> {
  await reviewTool(context, reviewId, toolId);
  if (!(await extractionStudies(context, reviewId)).some((s) => s.recordId === recordId))
    throw new DomainError(
      'appraise/not-a-study',
      `Record ${recordId} is not an included study of this review.`,
    );
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('appraise_assignments')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .execute();
    await trx
      .insertInto('appraise_assignments')
      .values({
        review_id: reviewId,
        record_id: recordId,
        tool_id: toolId,
        assigned_by: context.actor,
        updated_at: at,
      })
      .execute();
    await logEvent(trx, {
      reviewId,
      type: 'appraise.assigned',
      subject: `record:${recordId}`,
      actor: context.actor,
      payload: { toolId },
      at: at,
    });
  });
  return { recordId, toolId };
}

interface Row {
  id: number;
  assessor: string;
  resolution: number;
  domain_id: string;
  tool_id: string;
  answers: string;
  proposal: string | null;
  judgement: string | null;
  justification: string | null;
  quotes: string | null;
}

async function unitRows(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  unit: string,
  toolId: string,
): Promise<{ rows: Row[]; progress: { assessor: string; state: string }[] }> {
  const [rows, progress] = await Promise.all([
    context.store.db
      .selectFrom('appraise_judgements')
      .select([
        'id',
        'assessor',
        'resolution',
        'domain_id',
        'tool_id',
        'answers',
        'proposal',
        'judgement',
        'justification',
        'quotes',
      ])
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .where('unit', '=', unit)
      .where('tool_id', '=', toolId)
      .orderBy('id')
      .execute(),
    context.store.db
      .selectFrom('appraise_progress')
      .select(['assessor', 'state'])
      .where('review_id', '=', reviewId)
      .where('record_id', '=', recordId)
      .where('unit', '=', unit)
      .orderBy('id')
      .execute(),
  ]);
  return { rows, progress };
}

function refusal(
  progress: readonly { assessor: string; state: string }[],
  assessor: string,
  settings: AppraiseSettings,
): { code: 'appraise/closed' | 'appraise/enough-assessors'; message: string } | undefined {
  const mine = progress.find((p) => p.assessor === assessor);
  if (!mine && progress.length >= settings.assessorsPerStudy)
    return {
      code: 'appraise/enough-assessors',
      message: `This study already has its ${settings.assessorsPerStudy} assessor${settings.assessorsPerStudy === 1 ? '' : 's'}.`,
    };
  const finished = progress.filter((p) => p.state === 'complete').length;
  const closed = finished >= settings.assessorsPerStudy;
  return mine && changeRefusal(closed ? 'conflict' : 'in-progress', settings.blinded)
    ? {
        code: 'appraise/closed',
        message:
          'Every required assessor has finished this study, and under blinding their judgements are final; the lead settles any disagreement.',
      }
    : undefined;
}

export interface JudgeInput {
  recordId: number;
  assessor: string;
  /** The result or outcome (tools appraised per result); '' or absent for the study. */
  unit?: string;
  domainId: string;
  /** Signalling answers of this domain (merged over those already given). */
  answers?: Record<string, string>;
  /** An override of the proposal (or the judgement of a domain the tool leaves to the assessor). */
  judgement?: string | null;
  justification?: string;
  /** A supporting quote per question id, as the PDF viewer gives it. */
  quotes?: Record<string, unknown>;
}

export interface JudgedDomain {
  recordId: number;
  unit: string;
  toolId: string;
  domainId: string;
  answers: Record<string, string>;
  proposal: string | null;
  judgement: string | null;
  justification: string | null;
  missing: string[];
  /**
   * When a domain changed and the tool has an overall rule: the assessor's overall as it now
   * stands (its proposal follows the domains; an override with its reason stays), else null.
   */
  overall: {
    proposal: string | null;
    judgement: string | null;
    justification: string | null;
  } | null;
}

/**
 * Records an assessor's answers for one domain (or the overall judgement), computes the tool's
 * proposal and keeps the final judgement: the proposal, or an override with its justification.
 */
export async function judgeDomain(
  context: EngineContext,
  reviewId: number,
  input: JudgeInput,
): Promise<JudgedDomain> {
  const [study, settings] = await Promise.all([
    requireAppraiseStudy(context, reviewId, input.recordId),
    readAppraiseSettings(context, reviewId),
    requireReviewer(context, reviewId, input.assessor),
  ]);
  const tool = study.tool;
  const unit = (input.unit ?? '').trim();
  const state = await unitRows(context, reviewId, input.recordId, unit, tool.id);
  const stop = refusal(state.progress, input.assessor, settings);
  if (stop) throw new DomainError(stop.code, stop.message);
  const mine = state.rows.filter((r) => r.assessor === input.assessor && r.resolution === 0);
  const isOverall = input.domainId === OVERALL;
  const domain = tool.domains.find((d) => d.id === input.domainId);
  if (!isOverall && !domain)
    throw new DomainError(
      'appraise/bad-answer',
      `${tool.id} has no domain "${input.domainId}" (domains: ${tool.domains.map((d) => d.id).join(', ')}, ${OVERALL}).`,
    );
  const levels =
    isOverall && tool.overallOptions ? tool.overallOptions : [...tool.judgements, 'Not applicable'];
  const previous = mine.find((r) => r.domain_id === input.domainId);
  const answers: Record<string, string> = {
    ...(previous ? (JSON.parse(previous.answers) as Record<string, string>) : {}),
  };
  for (const [id, answer] of Object.entries(input.answers ?? {})) {
    const question = domain?.questions.find((q) => q.id === id);
    if (
      id === 'effect' &&
      tool.id.startsWith('rob2') &&
      ['assignment', 'adhering'].includes(answer)
    ) {
      answers[id] = answer;
      continue;
    }
    if (!question)
      throw new DomainError(
        'appraise/bad-answer',
        `Domain ${input.domainId} of ${tool.id} has no question "${id}".`,
      );
    if (answer === '') delete answers[id];
    else if (!question.options.includes(answer))
      throw new DomainError(
        'appraise/bad-answer',
        `Question ${id} takes ${question.options.join(', ')}, not "${answer}".`,
      );
    else answers[id] = answer;
  }
  let proposal: string | null = null;
  let missing: string[] = [];
  if (isOverall) {
    const finals = Object.fromEntries(
      mine.filter((r) => r.domain_id !== OVERALL).map((r) => [r.domain_id, r.judgement]),
    );
    proposal = overallOf(tool, finals);
  } else if (domain?.propose) {
    const proposed = domain.propose(answers);
    proposal = proposed.judgement ?? null;
    missing = proposed.missing;
  }
  let judgement: string | null = proposal;
  const justification = input.justification?.trim() || null;
  if (input.judgement !== undefined && input.judgement !== null && input.judgement !== '') {
    if (!levels.includes(input.judgement))
      throw new DomainError(
        'appraise/bad-judgement',
        `"${input.judgement}" is not a judgement of ${tool.id} (${levels.join(', ')}).`,
      );
    judgement = input.judgement;
    // A judgement the algorithm computed differently needs the assessor's reason.
    if (proposal !== null && judgement !== proposal && !justification)
      throw new DomainError(
        'appraise/bad-judgement',
        `${input.domainId}: the algorithm proposes "${proposal}"; judging "${judgement}" instead needs a justification.`,
      );
  } else if (
    input.judgement === undefined &&
    previous?.judgement &&
    previous.judgement !== previous.proposal
  ) {
    // An earlier override stands until the assessor changes it.
    judgement = previous.judgement;
  }
  const quotes: Record<string, Quote> = previous?.quotes
    ? (JSON.parse(previous.quotes) as Record<string, Quote>)
    : {};
  if (input.quotes && Object.keys(input.quotes).length) {
    const pages = await pageTexts(context.store.db, reviewId, study);
    for (const [id, quote] of Object.entries(input.quotes)) {
      if (!domain?.questions.some((q) => q.id === id) && id !== input.domainId)
        throw new DomainError(
          'appraise/bad-answer',
          `Domain ${input.domainId} has no question "${id}" to quote for.`,
        );
      if (quote === null) {
        delete quotes[id];
        continue;
      }
      const checked = checkQuote(quote, pages);
      if (!checked.ok) throw new DomainError('appraise/bad-answer', `${id}: ${checked.message}`);
      quotes[id] = checked.quote;
    }
  }
  const at = nowIso(context);
  const values = {
    review_id: reviewId,
    record_id: input.recordId,
    unit,
    tool_id: tool.id,
    assessor: input.assessor,
    resolution: 0,
    domain_id: input.domainId,
    answers: JSON.stringify(answers),
    proposal,
    judgement,
    justification: judgement !== proposal ? justification : null,
    quotes: Object.keys(quotes).length ? JSON.stringify(quotes) : null,
    updated_at: at,
  };
  // The overall follows the domains as a domain follows its answers: proposed by the tool's rule
  // once every domain is judged, kept in step as they change, an override (and its reason) kept.
  const overallRow = followingOverall(tool, mine, input.domainId, judgement);
  const overallValues = overallRow && {
    ...values,
    domain_id: OVERALL,
    answers: '{}',
    ...overallRow,
    quotes: mine.find((r) => r.domain_id === OVERALL)?.quotes ?? null,
  };
  await context.store.db.transaction().execute(async (trx) => {
    if (!state.progress.some((p) => p.assessor === input.assessor))
      await trx
        .insertInto('appraise_progress')
        .values({
          review_id: reviewId,
          record_id: input.recordId,
          unit,
          assessor: input.assessor,
          state: 'in-progress',
          updated_at: at,
        })
        .execute();
    await trx
      .deleteFrom('appraise_judgements')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', input.recordId)
      .where('unit', '=', unit)
      .where('assessor', '=', input.assessor)
      .where('resolution', '=', 0)
      .where('domain_id', 'in', overallValues ? [input.domainId, OVERALL] : [input.domainId])
      .execute();
    await trx
      .insertInto('appraise_judgements')
      .values(overallValues ? [values, overallValues] : [values])
      .execute();
    await logEvent(trx, {
      reviewId,
      type: 'appraise.judged',
      subject: `record:${input.recordId}`,
      actor: input.assessor,
      payload: {
        unit,
        toolId: tool.id,
        domainId: input.domainId,
        answers,
        proposal,
        judgement,
        justification: values.justification,
        ...(overallRow ? { overall: overallRow } : {}),
      },
      at: at,
    });
  });
  return {
    recordId: input.recordId,
    unit,
    toolId: tool.id,
    domainId: input.domainId,
    answers,
    proposal,
    judgement,
    justification: values.justification,
    missing,
    overall: overallRow,
  };
}

/**
 * The assessor's overall row after `domainId` is judged `judgement`, or null when it does not
 * change: no overall rule, the domain is the overall itself, or nothing judged the overall yet
 * and some domain is still unjudged.
 */
function followingOverall(
  tool: AppraisalTool,
  mine: readonly Row[],
  domainId: string,
  judgement: string | null,
): { proposal: string | null; judgement: string | null; justification: string | null } | null {
  if (!tool.overall || domainId === OVERALL) return null;
  const finals: Record<string, string | null> = Object.fromEntries(
    mine.filter((r) => r.domain_id !== OVERALL).map((r) => [r.domain_id, r.judgement]),
  );
  finals[domainId] = judgement;
  const proposal = overallOf(tool, finals);
  const before = mine.find((r) => r.domain_id === OVERALL);
  if (!before && proposal === null) return null;
  const overridden = before?.judgement != null && before.judgement !== before.proposal;
  const kept = overridden ? before.judgement : proposal;
  return {
    proposal,
    judgement: kept,
    justification: overridden && kept !== proposal ? before.justification : null,
  };
}

/** The assessor has finished the study's unit: every domain judged (and the overall, if any). */
export async function finishAppraisal(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  assessor: string,
  unitInput = '',
): Promise<{ recordId: number; unit: string; closed: boolean }> {
  const [study, settings] = await Promise.all([
    requireAppraiseStudy(context, reviewId, recordId),
    readAppraiseSettings(context, reviewId),
  ]);
  const unit = unitInput.trim();
  const state = await unitRows(context, reviewId, recordId, unit, study.tool.id);
  const mine = new Map(
    state.rows
      .filter((r) => r.assessor === assessor && r.resolution === 0)
      .map((r) => [r.domain_id, r]),
  );
  const already = state.progress.find((p) => p.assessor === assessor);
  const finished = state.progress.filter((p) => p.state === 'complete').length;
  if (already?.state === 'complete')
    return { recordId, unit, closed: finished >= settings.assessorsPerStudy };
  const stop = refusal(state.progress, assessor, settings);
  if (stop) throw new DomainError(stop.code, stop.message);
  const needed = [
    ...study.tool.domains.map((d) => d.id),
    ...(study.tool.overall || study.tool.overallOptions ? [OVERALL] : []),
  ];
  const open = needed.filter((id) => !mine.get(id)?.judgement);
  if (open.length)
    throw new DomainError(
      'appraise/incomplete',
      `Study ${recordId}${unit ? ` (${unit})` : ''} cannot be finished: no judgement yet for ${open.join(', ')}.`,
      { open },
    );
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    if (already)
      await trx
        .updateTable('appraise_progress')
        .set({ state: 'complete', updated_at: at })
        .where('review_id', '=', reviewId)
        .where('record_id', '=', recordId)
        .where('unit', '=', unit)
        .where('assessor', '=', assessor)
        .execute();
    else
      await trx
        .insertInto('appraise_progress')
        .values({
          review_id: reviewId,
          record_id: recordId,
          unit,
          assessor,
          state: 'complete',
          updated_at: at,
        })
        .execute();
    await logEvent(trx, {
      reviewId,
      type: 'appraise.finished',
      subject: `record:${recordId}`,
      actor: assessor,
      payload: { unit, toolId: study.tool.id },
      at: at,
    });
  });
  return { recordId, unit, closed: finished + 1 >= settings.assessorsPerStudy };
}

interface DomainOutcome {
  domainId: string;
  status: JudgementStatus;
  value?: string;
  judgements: {
    assessor: string;
    judgement: string | null;
    proposal: string | null;
    justification: string | null;
  }[];
}

function outcomes(
  tool: AppraisalTool,
  rows: readonly Row[],
  finished: readonly string[],
  required: number,
): DomainOutcome[] {
  const ids = [
    ...tool.domains.map((d) => d.id),
    ...(tool.overall || tool.overallOptions ? [OVERALL] : []),
  ];
  return ids.map((domainId) => {
    const own = rows.filter((r) => r.domain_id === domainId);
    const judgements = finished.map((assessor, i) => {
      const row = own.find((r) => r.assessor === assessor && r.resolution === 0);
      return { id: row?.id ?? -1 - i, assessor, value: row?.judgement ?? null, resolution: false };
    });
    for (const r of own)
      if (r.resolution === 1)
        judgements.push({ id: r.id, assessor: r.assessor, value: r.judgement, resolution: true });
    const outcome = judgementOutcome<string | null>(judgements, required);
    return {
      domainId,
      status: outcome.status,
      ...(isSettled(outcome.status) && outcome.value ? { value: outcome.value } : {}),
      judgements: finished.map((assessor) => {
        const row = own.find((r) => r.assessor === assessor && r.resolution === 0);
        return {
          assessor,
          judgement: row?.judgement ?? null,
          proposal: row?.proposal ?? null,
          justification: row?.justification ?? null,
        };
      }),
    };
  });
}

interface UnitState {
  study: AppraiseStudy;
  tool: AppraisalTool;
  unit: string;
  rows: Row[];
  progress: { assessor: string; state: string }[];
  closed: boolean;
  outcomes: DomainOutcome[];
}

/** Every appraised unit of every study with a tool, and its workflow state. */
async function allUnits(
  context: EngineContext,
  reviewId: number,
): Promise<{ studies: AppraiseStudy[]; units: UnitState[] }> {
  const [studies, settings, rows, progress] = await Promise.all([
    appraiseStudies(context, reviewId),
    readAppraiseSettings(context, reviewId),
    context.store.db
      .selectFrom('appraise_judgements')
      .select([
        'id',
        'record_id',
        'unit',
        'assessor',
        'resolution',
        'domain_id',
        'tool_id',
        'answers',
        'proposal',
        'judgement',
        'justification',
        'quotes',
      ])
      .where('review_id', '=', reviewId)
      .orderBy('id')
      .execute(),
    context.store.db
      .selectFrom('appraise_progress')
      .select(['record_id', 'unit', 'assessor', 'state'])
      .where('review_id', '=', reviewId)
      .orderBy('id')
      .execute(),
  ]);
  const out: UnitState[] = [];
  const tools = new Map<string, AppraisalTool>();
  for (const study of studies) {
    if (!study.toolId) continue;
    let tool = tools.get(study.toolId);
    if (!tool) tools.set(study.toolId, (tool = await reviewTool(context, reviewId, study.toolId)));
    const own = rows.filter((r) => r.record_id === study.recordId && r.tool_id === tool.id);
    const units = [
      ...new Set([
        ...own.map((r) => r.unit),
        ...progress.filter((p) => p.record_id === study.recordId).map((p) => p.unit),
      ]),
    ];
    if (units.length === 0) units.push('');
    for (const unit of units) {
      const unitProgress = progress.filter(
        (p) => p.record_id === study.recordId && p.unit === unit,
      );
      const finished = unitProgress.filter((p) => p.state === 'complete').map((p) => p.assessor);
      const closed = finished.length >= settings.assessorsPerStudy;
      const unitRows = own.filter((r) => r.unit === unit);
      out.push({
        study,
        tool,
        unit,
        rows: unitRows,
        progress: unitProgress,
        closed,
        outcomes: closed ? outcomes(tool, unitRows, finished, settings.assessorsPerStudy) : [],
      });
    }
  }
  return { studies, units: out };
}

/** The lead's overview: per study and unit, tool, assessors, status and disagreements. */
export async function appraisalOverview(context: EngineContext, reviewId: number) {
  const { studies, units } = await allUnits(context, reviewId);
  const withTool = new Set(units.map((u) => u.study.recordId));
  return [
    ...units.map((u) => {
      const conflicts = u.outcomes.filter((o) => o.status === 'conflict').length;
      return {
        recordId: u.study.recordId,
        title: u.study.title,
        authors: u.study.authors,
        year: u.study.year,
        toolId: u.tool.id,
        assignedBy: u.study.assignedBy,
        unit: u.unit,
        assessors: u.progress.map((p) => ({ name: p.assessor, state: p.state })),
        status:
          u.progress.length === 0
            ? 'not-started'
            : !u.closed
              ? 'in-progress'
              : conflicts
                ? 'complete'
                : 'consensus',
        conflicts,
      };
    }),
    ...studies
      .filter((s) => !withTool.has(s.recordId))
      .map((s) => ({
        recordId: s.recordId,
        title: s.title,
        authors: s.authors,
        year: s.year,
        toolId: null,
        assignedBy: null,
        unit: '',
        assessors: [],
        status: 'no-tool',
        conflicts: 0,
      })),
  ];
}

/** One study's unit as an assessor sees it: the tool, their judgements; the consensus once closed. */
export async function appraisalView(
  context: EngineContext,
  reviewId: number,
  recordId: number,
  viewer: string,
  unitInput = '',
) {
  const [study, settings] = await Promise.all([
    requireAppraiseStudy(context, reviewId, recordId),
    readAppraiseSettings(context, reviewId),
  ]);
  const unit = unitInput.trim();
  const state = await unitRows(context, reviewId, recordId, unit, study.tool.id);
  const finished = state.progress.filter((p) => p.state === 'complete').map((p) => p.assessor);
  const closed = finished.length >= settings.assessorsPerStudy;
  const mine = state.progress.find((p) => p.assessor === viewer);
  return {
    recordId,
    unit,
    study: {
      title: study.title,
      authors: study.authors,
      year: study.year,
      fullTextRecordId: study.fullTextRecordId,
    },
    toolId: study.tool.id,
    mine: mine ? mine.state : 'not-started',
    editable: !refusal(state.progress, viewer, settings),
    judgements: state.rows
      .filter((r) => r.assessor === viewer && r.resolution === 0)
      .map((r) => ({
        domainId: r.domain_id,
        answers: JSON.parse(r.answers) as Record<string, string>,
        proposal: r.proposal,
        judgement: r.judgement,
        justification: r.justification,
        quotes: r.quotes ? (JSON.parse(r.quotes) as Record<string, Quote>) : {},
      })),
    consensus: closed
      ? outcomes(study.tool, state.rows, finished, settings.assessorsPerStudy)
          .filter((o) => o.value)
          .map((o) => ({ domainId: o.domainId, judgement: o.value! }))
      : [],
  };
}

/** Disagreements waiting for the lead: per study, unit and domain, every assessor's judgement. */
export async function appraisalQueue(context: EngineContext, reviewId: number) {
  const { units } = await allUnits(context, reviewId);
  return units.flatMap((u) =>
    u.outcomes
      .filter((o) => o.status === 'conflict')
      .map((o) => ({
        recordId: u.study.recordId,
        title: u.study.title,
        toolId: u.tool.id,
        unit: u.unit,
        domainId: o.domainId,
        domain:
          o.domainId === OVERALL
            ? 'Overall'
            : (u.tool.domains.find((d) => d.id === o.domainId)?.name ?? o.domainId),
        judgements: o.judgements,
      })),
  );
}

/** The lead settles a domain (or the overall) of a closed study's unit. */
export async function resolveAppraisal(
  context: EngineContext,
  reviewId: number,
  input: {
    recordId: number;
    unit?: string;
    domainId: string;
    judgement: string;
    resolver: string;
    justification?: string;
  },
): Promise<{ recordId: number; unit: string; domainId: string; judgement: string }> {
  const [study, settings, policy] = await Promise.all([
    requireAppraiseStudy(context, reviewId, input.recordId),
    readAppraiseSettings(context, reviewId),
    resolutionPolicyOf(context, reviewId),
  ]);
  const tool = study.tool;
  const unit = (input.unit ?? '').trim();
  const levels =
    input.domainId === OVERALL && tool.overallOptions
      ? tool.overallOptions
      : [...tool.judgements, 'Not applicable'];
  if (!levels.includes(input.judgement))
    throw new DomainError(
      'appraise/bad-judgement',
      `"${input.judgement}" is not a judgement of ${tool.id} (${levels.join(', ')}).`,
    );
  const state = await unitRows(context, reviewId, input.recordId, unit, tool.id);
  const finished = state.progress.filter((p) => p.state === 'complete').map((p) => p.assessor);
  if (finished.length < settings.assessorsPerStudy)
    throw new DomainError(
      'appraise/not-in-conflict',
      `Study ${input.recordId} is still being appraised.`,
    );
  const outcome = outcomes(tool, state.rows, finished, settings.assessorsPerStudy).find(
    (o) => o.domainId === input.domainId,
  );
  if (!outcome || (outcome.status !== 'conflict' && outcome.status !== 'resolved'))
    throw new DomainError(
      'appraise/not-in-conflict',
      `${input.domainId} of study ${input.recordId} is not a disagreement (${outcome ? outcome.status : 'no such domain'}).`,
    );
  const denied = resolutionRefusal(
    policy,
    input.resolver,
    state.progress.map((p) => p.assessor),
  );
  if (denied) throw new DomainError('appraise/forbidden', denied);
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('appraise_judgements')
      .where('review_id', '=', reviewId)
      .where('record_id', '=', input.recordId)
      .where('unit', '=', unit)
      .where('resolution', '=', 1)
      .where('domain_id', '=', input.domainId)
      .execute();
    await trx
      .insertInto('appraise_judgements')
      .values({
        review_id: reviewId,
        record_id: input.recordId,
        unit,
        tool_id: tool.id,
        assessor: input.resolver,
        resolution: 1,
        domain_id: input.domainId,
        answers: '{}',
        proposal: null,
        judgement: input.judgement,
        justification: input.justification?.trim() || null,
        quotes: null,
        updated_at: at,
      })
      .execute();
    await logEvent(trx, {
      reviewId,
      type: 'appraise.resolved',
      subject: `record:${input.recordId}`,
      actor: input.resolver,
      payload: {
        unit,
        domainId: input.domainId,
        judgement: input.judgement,
        judgements: outcome.judgements,
      },
      at: at,
    });
  });
  return { recordId: input.recordId, unit, domainId: input.domainId, judgement: input.judgement };
}

/** Agreement per domain between the first two assessors of every closed unit (percent, kappa). */
export async function appraisalAgreement(
  context: EngineContext,
  reviewId: number,
  toolId?: string,
) {
  const units = (await allUnits(context, reviewId)).units.filter(
    (u) => u.closed && (!toolId || u.tool.id === toolId),
  );
  const byDomain = new Map<string, [string, string][]>();
  for (const u of units)
    for (const o of u.outcomes) {
      const [a, b] = o.judgements;
      if (!a || !b) continue;
      const key = `${u.tool.id}\u0000${o.domainId}`;
      const list = byDomain.get(key) ?? [];
      list.push([a.judgement ?? '(none)', b.judgement ?? '(none)']);
      byDomain.set(key, list);
    }
  return [...byDomain].map(([key, pairs]) => {
    const [tool, domainId] = key.split('\u0000') as [string, string];
    const agreed = pairs.filter(([a, b]) => a === b).length;
    const categories = [...new Set(pairs.flat())];
    let kappa: number | null = null;
    if (pairs.length >= 2 && categories.length >= 2) {
      const matrix = categories.map(() => categories.map(() => 0));
      for (const [a, b] of pairs) matrix[categories.indexOf(a)]![categories.indexOf(b)]! += 1;
      const k = computePairAgreement(matrix).cohen.kappa;
      kappa = Number.isFinite(k) ? k : null;
    }
    return {
      toolId: tool,
      domainId,
      n: pairs.length,
      agreed,
      percent: pairs.length ? agreed / pairs.length : null,
      kappa,
    };
  });
}

/**
 * The review's settled judgements for one tool as a robvis table (a row per study and unit, in
 * study order): what the plots draw and `appraise export` writes. Units not yet settled are left
 * out; a domain settled with nothing is "No information".
 */
export async function appraisalTable(
  context: EngineContext,
  reviewId: number,
  toolId: string,
): Promise<AppraisalTable> {
  const tool = await reviewTool(context, reviewId, toolId);
  return tableOf(tool, (await allUnits(context, reviewId)).units);
}

/** Every tool in use, each with its table of settled judgements, from one read of the review. */
export async function appraisalTables(
  context: EngineContext,
  reviewId: number,
): Promise<AppraisalTable[]> {
  const { units } = await allUnits(context, reviewId);
  const tools = new Map(units.map((u) => [u.tool.id, u.tool]));
  return [...tools.values()].map((tool) => tableOf(tool, units));
}

function tableOf(tool: AppraisalTool, all: readonly UnitState[]): AppraisalTable {
  const units = all.filter((u) => u.tool.id === tool.id && u.closed);
  const names = new Map<string, number>();
  return {
    tool,
    domains: tool.domains.map((d) => ({ column: d.column, name: d.name })),
    hasOverall: Boolean(tool.overall || tool.overallOptions),
    layout: 'robvis',
    rows: units
      .filter((u) => u.outcomes.every((o) => o.status !== 'conflict'))
      .map((u) => {
        const base = `${studyLabel(u.study)}${u.unit ? ` (${u.unit})` : ''}`;
        const seen = names.get(base) ?? 0;
        names.set(base, seen + 1);
        const value = (id: string) =>
          u.outcomes.find((o) => o.domainId === id)?.value ?? 'No information';
        return {
          recordId: u.study.recordId,
          unit: u.unit,
          study: seen ? `${base} [${u.study.recordId}]` : base,
          judgements: Object.fromEntries(tool.domains.map((d) => [d.column, value(d.id)])),
          ...(tool.overall || tool.overallOptions ? { overall: value(OVERALL) } : {}),
        };
      }),
  };
}

/** A figure of the review's settled judgements for one tool. */
export async function appraisalPlot(
  context: EngineContext,
  reviewId: number,
  options: { toolId: string; type: 'traffic' | 'summary'; palette?: Palette },
): Promise<Scene> {
  const table = await appraisalTable(context, reviewId, options.toolId);
  if (table.rows.length === 0)
    throw new DomainError(
      'appraise/incomplete',
      `No study appraised with ${options.toolId} is settled yet: nothing to plot.`,
    );
  return options.type === 'traffic'
    ? trafficLightScene(table, options.palette)
    : summaryScene(table, { palette: options.palette ?? 'cochrane' });
}

/** The studies as one assessor sees them: tool, their own progress, whether open to them. */
export async function myAppraisals(context: EngineContext, reviewId: number, viewer: string) {
  const [studies, settings, progress] = await Promise.all([
    appraiseStudies(context, reviewId),
    readAppraiseSettings(context, reviewId),
    context.store.db
      .selectFrom('appraise_progress')
      .select(['record_id', 'unit', 'assessor', 'state'])
      .where('review_id', '=', reviewId)
      .where('unit', '=', '')
      .execute(),
  ]);
  return studies.map((s) => {
    const list = progress.filter((p) => p.record_id === s.recordId);
    const mine = list.find((p) => p.assessor === viewer);
    return {
      recordId: s.recordId,
      title: s.title,
      authors: s.authors,
      year: s.year,
      toolId: s.toolId,
      fullText: s.fullTextRecordId !== null,
      mine: mine ? mine.state : 'not-started',
      open: s.toolId !== null && (Boolean(mine) || list.length < settings.assessorsPerStudy),
    };
  });
}

/** How a study is named in robvis tables: "Authors Year", or "Record N" without authors. */
function studyLabel(study: { recordId: number; authors: string; year: number | null }): string {
  return `${study.authors || `Record ${study.recordId}`}${study.year ? ` ${study.year}` : ''}`;
}

/**
 * `appraise import TABLE --tool ID --assessor NAME`: an assessor's judgements made elsewhere, in
 * robvis's layout, recorded as their finished appraisal of each study (rows named as `appraise
 * export` names them, "Authors Year" with an optional "(result)", or by record id). Every row is
 * checked first: an unknown study, a study appraised with another tool, one already closed or
 * with its assessors refuse the whole table, naming the line; nothing changes.
 */
export async function importAppraisals(
  context: EngineContext,
  reviewId: number,
  input: { text: string; fileName: string; toolId: string; assessor: string },
): Promise<{ file: string; studies: number; judgements: number }> {
  const tool = await reviewTool(context, reviewId, input.toolId);
  const table = importRobvisCsv(input.text, tool, input.fileName);
  const [studies, settings] = await Promise.all([
    appraiseStudies(context, reviewId),
    readAppraiseSettings(context, reviewId),
    requireReviewer(context, reviewId, input.assessor),
  ]);
  const byLabel = new Map(studies.map((s) => [studyLabel(s).toLowerCase(), s]));
  const byId = new Map(studies.map((s) => [String(s.recordId), s]));
  const progress = await context.store.db
    .selectFrom('appraise_progress')
    .select(['record_id', 'unit', 'assessor', 'state'])
    .where('review_id', '=', reviewId)
    .execute();
  const problems: string[] = [];
  const plans: {
    study: AppraiseStudy;
    unit: string;
    row: (typeof table.rows)[number];
    line: number;
  }[] = [];
  table.rows.forEach((row, i) => {
    const line = i + 2;
    const name = row.study.trim();
    const unitMatch = /^(.*?) \((.+)\)$/.exec(name);
    const study =
      byLabel.get(name.toLowerCase()) ??
      byId.get(name.replace(/^record\s+/i, '')) ??
      (unitMatch ? byLabel.get(unitMatch[1]!.toLowerCase()) : undefined);
    const unit = study && !byLabel.get(name.toLowerCase()) && unitMatch ? unitMatch[2]! : '';
    if (!study)
      return problems.push(
        `line ${line}: no included study is named "${name}" (as \`appraise export\` names them: "Authors Year")`,
      );
    if (study.toolId && study.toolId !== tool.id)
      return problems.push(
        `line ${line}: study ${study.recordId} is appraised with ${study.toolId}, not ${tool.id}`,
      );
    const unitProgress = progress.filter((p) => p.record_id === study.recordId && p.unit === unit);
    const stop = refusal(unitProgress, input.assessor, settings);
    if (stop) return problems.push(`line ${line}: study ${study.recordId}: ${stop.message}`);
    if (unitProgress.some((p) => p.assessor === input.assessor && p.state === 'complete'))
      return problems.push(
        `line ${line}: ${input.assessor} has already finished study ${study.recordId}`,
      );
    plans.push({ study, unit, row, line });
    return undefined;
  });
  if (problems.length)
    throw new DomainError(
      'appraise/bad-csv',
      `${input.fileName}: nothing imported: ${problems.join('; ')}.`,
      { problems },
    );
  const at = nowIso(context);
  let judgements = 0;
  await context.store.db.transaction().execute(async (trx) => {
    for (const { study, unit, row } of plans) {
      if (!study.toolId)
        await trx
          .insertInto('appraise_assignments')
          .values({
            review_id: reviewId,
            record_id: study.recordId,
            tool_id: tool.id,
            assigned_by: context.actor,
            updated_at: at,
          })
          .execute();
      await trx
        .deleteFrom('appraise_judgements')
        .where('review_id', '=', reviewId)
        .where('record_id', '=', study.recordId)
        .where('unit', '=', unit)
        .where('assessor', '=', input.assessor)
        .where('resolution', '=', 0)
        .execute();
      const values = [
        ...tool.domains.map((d) => [d.id, row.judgements[d.column]] as const),
        ...(tool.overall || tool.overallOptions ? [[OVERALL, row.overall] as const] : []),
      ]
        .filter((e): e is readonly [string, string] => Boolean(e[1]))
        .map(([domainId, judgement]) => ({
          review_id: reviewId,
          record_id: study.recordId,
          unit,
          tool_id: tool.id,
          assessor: input.assessor,
          resolution: 0,
          domain_id: domainId,
          answers: '{}',
          proposal: null,
          judgement,
          justification: `Imported from ${input.fileName}.`,
          quotes: null,
          updated_at: at,
        }));
      if (values.length) await trx.insertInto('appraise_judgements').values(values).execute();
      judgements += values.length;
      await trx
        .deleteFrom('appraise_progress')
        .where('review_id', '=', reviewId)
        .where('record_id', '=', study.recordId)
        .where('unit', '=', unit)
        .where('assessor', '=', input.assessor)
        .execute();
      await trx
        .insertInto('appraise_progress')
        .values({
          review_id: reviewId,
          record_id: study.recordId,
          unit,
          assessor: input.assessor,
          state: 'complete',
          updated_at: at,
        })
        .execute();
    }
    await logEvent(trx, {
      reviewId,
      type: 'appraise.imported',
      subject: `file:${input.fileName}`,
      actor: input.assessor,
      payload: { toolId: tool.id, studies: plans.length, judgements },
      at: at,
    });
  });
  return { file: input.fileName, studies: plans.length, judgements };
}
