import type { BibRecord } from '#core/domain/index';
import { DomainError } from '#core/errors';
import type { ScreenStage, StageOutcome } from '#core/screen/workflow/index';
import { deriveOutcome, validateDecision } from '#core/screen/workflow/index';
import { resolutionRefusal } from '#core/workflow/index';
import { appendEvents, fromRecordRow, listRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readScreenSettings } from '#engine/settings';
import { requireReviewer } from '#engine/team/members';
import {
  WITHDRAWN,
  inRecordTransaction,
  insertSupersedingDecision,
  loadCurrentDecisions,
  toDecisionFact,
} from './decisions';
import { requireResolver, resolutionPolicyOf } from './screen';

/** One vote or resolution as a resolver reads it. */
export interface JudgementLine {
  reviewer: string;
  decision: string;
  reason?: string;
  at: string;
}

/** A step in a record's screening history at one stage, oldest first. */
export interface HistoryStep extends Partial<Pick<JudgementLine, 'decision' | 'reason'>> {
  reviewer: string;
  /** A vote, a vote withdrawn by undo, a resolution, or a resolution undone. */
  action: 'voted' | 'withdrew' | 'resolved' | 'unresolved';
  at: string;
}

/**
 * A conflict with everything its resolver needs to settle it without opening the record
 * elsewhere: the whole record, every current vote with its reason, the notes and tags
 * reviewers left, the resolution (once resolved) and the record's history at the stage.
 */
export interface ConflictView {
  recordId: number;
  /** Also in `record`; kept at the top for callers that list titles. */
  title?: string;
  status: 'conflict' | 'resolved';
  record: Omit<BibRecord, 'raw' | 'originals' | 'extra'>;
  decisions: JudgementLine[];
  resolution?: JudgementLine;
  notes: { reviewer: string; kind: 'note' | 'tag'; text: string; at: string }[];
  history: HistoryStep[];
}

/**
 * What a stored decision row did, for a history: a vote, a vote withdrawn by undo, a
 * resolution, or a resolution undone (the last two are resolution rows).
 */
export function describeDecisionRow(row: {
  decision: string;
  reason: string | null;
  resolution: number;
  created_at: string;
}): Pick<HistoryStep, 'action' | 'at' | 'decision' | 'reason'> {
  const withdrawn = row.decision === WITHDRAWN;
  const resolution = row.resolution === 1;
  return {
    action: resolution ? (withdrawn ? 'unresolved' : 'resolved') : withdrawn ? 'withdrew' : 'voted',
    at: row.created_at,
    ...(withdrawn ? {} : { decision: row.decision }),
    ...(row.reason && !withdrawn ? { reason: row.reason } : {}),
  };
}

/** Which conflicts to list: those waiting for a resolver, or those already settled. */
export type ConflictFilter = 'open' | 'resolved';

function stageOf(name: string): ScreenStage {
  return validateDecision({ stage: name, decision: 'include' }, { exclusionReasons: [] }).stage;
}

/**
 * The conflicts at a stage (open ones by record id; resolved ones latest first), each with
 * its context. Under blinding only resolvers may look.
 */
export async function conflicts(
  context: EngineContext,
  reviewId: number,
  stageName: string,
  viewer?: string,
  show: ConflictFilter = 'open',
): Promise<ConflictView[]> {
  const stage = stageOf(stageName);
  const settings = await readScreenSettings(context, reviewId);
  if (settings.blinded) {
    if (!viewer)
      throw new DomainError(
        'screen/forbidden',
        'Screening is blinded: name the resolver who is looking (--reviewer).',
      );
    requireResolver(await resolutionPolicyOf(context, reviewId), viewer);
  }
  const decisions = await loadCurrentDecisions(context.store.db, reviewId, stage);
  const chosen = new Map<number, StageOutcome>();
  for (const [id, facts] of decisions) {
    const outcome = deriveOutcome(facts, settings);
    if (show === 'open' ? outcome.status === 'conflict' : outcome.resolved) chosen.set(id, outcome);
  }
  const ids = [...chosen.keys()];
  if (ids.length === 0) return [];
  const { db } = context.store;
  const [records, historyRows, noteRows] = await Promise.all([
    listRecords(db, { reviewId, ids }),
    db
      .selectFrom('screen_decisions')
      .select(['id', 'record_id', 'reviewer', 'decision', 'reason', 'resolution', 'created_at'])
      .where('review_id', '=', reviewId)
      .where('stage', '=', stage)
      .where('record_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('record_notes')
      .select(['record_id', 'reviewer', 'kind', 'text', 'created_at'])
      .where('review_id', '=', reviewId)
      .where('record_id', 'in', ids)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute(),
  ]);
  const history = new Map<number, HistoryStep[]>();
  for (const row of historyRows) {
    const step: HistoryStep = { reviewer: row.reviewer, ...describeDecisionRow(row) };
    const list = history.get(row.record_id);
    if (list) list.push(step);
    else history.set(row.record_id, [step]);
  }
  const notes = new Map<number, ConflictView['notes']>();
  for (const row of noteRows) {
    const note = {
      reviewer: row.reviewer,
      kind: row.kind as 'note' | 'tag',
      text: row.text,
      at: row.created_at,
    };
    const list = notes.get(row.record_id);
    if (list) list.push(note);
    else notes.set(row.record_id, [note]);
  }
  const line = (d: { reviewer: string; decision: string; reason?: string; createdAt: string }) => ({
    reviewer: d.reviewer,
    decision: d.decision,
    ...(d.reason ? { reason: d.reason } : {}),
    at: d.createdAt,
  });
  const views = records.map((row): ConflictView => {
    const { raw: _raw, originals: _originals, extra: _extra, ...record } = fromRecordRow(row);
    const facts = decisions.get(row.id) ?? [];
    const resolution = facts.filter((d) => d.resolution).at(-1);
    return {
      recordId: row.id,
      title: record.title,
      status: show === 'open' ? 'conflict' : 'resolved',
      record,
      decisions: facts.filter((d) => !d.resolution).map(line),
      ...(resolution ? { resolution: line(resolution) } : {}),
      notes: notes.get(row.id) ?? [],
      history: history.get(row.id) ?? [],
    };
  });
  return show === 'open'
    ? views.sort((a, b) => a.recordId - b.recordId)
    : views.sort(
        (a, b) =>
          (b.resolution?.at ?? '').localeCompare(a.resolution?.at ?? '') || b.recordId - a.recordId,
      );
}

/**
 * Undoes a conflict's resolution: a `withdrawn` resolution supersedes it, so the record is a
 * conflict again (for any resolver to settle anew) and the history keeps both.
 */
export async function unresolve(
  context: EngineContext,
  reviewId: number,
  input: { stage: string; recordId: number; reviewer: string },
): Promise<{ recordId: number; stage: ScreenStage; undone: number; outcome: StageOutcome }> {
  const stage = stageOf(input.stage);
  const [settings, policy] = await Promise.all([
    readScreenSettings(context, reviewId),
    resolutionPolicyOf(context, reviewId),
    requireReviewer(context, reviewId, input.reviewer),
  ]);
  requireResolver(policy, input.reviewer);
  const createdAt = nowIso(context);
  return inRecordTransaction(context, reviewId, stage, input.recordId, async (trx, rows) => {
    const current = rows.find((row) => row.resolution === 1 && row.decision !== WITHDRAWN);
    if (!current)
      throw new DomainError(
        'screen/not-resolved',
        `Record ${input.recordId} has no resolution to undo at ${stage}.`,
      );
    const votes = rows.filter((row) => row.decision !== WITHDRAWN).map(toDecisionFact);
    const refusal = resolutionRefusal(
      policy,
      input.reviewer,
      votes.filter((v) => !v.resolution).map((v) => v.reviewer),
    );
    if (refusal) throw new DomainError('screen/forbidden', refusal);
    const markerId = await insertSupersedingDecision(
      trx,
      {
        reviewId,
        recordId: input.recordId,
        stage,
        reviewer: input.reviewer,
        decision: WITHDRAWN,
        resolution: true,
        createdAt,
      },
      [current.id],
    );
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: 'screen.unresolved',
        stage: 'screen',
        subject: `record:${input.recordId}`,
        actor: input.reviewer,
        payload: JSON.stringify({
          stage,
          undone: current.id,
          marker: markerId,
          decision: current.decision,
        }),
        created_at: createdAt,
      },
    ]);
    const after = await loadCurrentDecisions(trx, reviewId, stage, [input.recordId]);
    return {
      recordId: input.recordId,
      stage,
      undone: current.id,
      outcome: deriveOutcome(after.get(input.recordId) ?? [], settings),
    };
  });
}
