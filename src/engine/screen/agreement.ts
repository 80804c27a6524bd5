import { summariseAgreement } from '#core/screen/agreement/index';
import type { AgreementSummary, RaterDecision } from '#core/screen/agreement/index';
import { createStopper } from '#core/screen/learning/index';
import type { StopAdvice } from '#core/screen/learning/index';
import { deriveOutcome, validateDecision } from '#core/screen/workflow/index';
import type { ScreenStage } from '#core/screen/workflow/index';
import { DomainError } from '#core/errors';
import { createRandom } from '#core/ports';
import { closeRound, drawSample, sampleRefusal, startRound } from '#core/workflow/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { readScreenSettings, readSettings, updateSettings } from '#engine/settings';
import { loadCurrentDecisions, WITHDRAWN } from './decisions';
import { eligibleRecordIds } from './screen';

export interface AgreementReport extends AgreementSummary {
  stage: ScreenStage;
  /** Records with at least two independent decisions. */
  itemsRatedTwice: number;
  /** Restricted to the calibration sample. */
  calibration: boolean;
}

function parseStage(stage: string): ScreenStage {
  return validateDecision({ stage, decision: 'include' }, { exclusionReasons: [] }).stage;
}

/**
 * Agreement at a stage from every reviewer's current independent decision
 * (resolutions are not votes): per reviewer pair and Fleiss' kappa overall.
 */
export async function computeAgreement(
  context: EngineContext,
  reviewId: number,
  stageName: string,
  options: { calibration?: boolean } = {},
): Promise<AgreementReport> {
  const stage = parseStage(stageName);
  let q = context.store.db
    .selectFrom('screen_decisions')
    .select(['record_id', 'reviewer', 'decision'])
    .where('review_id', '=', reviewId)
    .where('stage', '=', stage)
    .where('resolution', '=', 0)
    .where('superseded_by', 'is', null)
    .where('decision', '!=', WITHDRAWN);
  if (options.calibration) {
    const calibration = (await readSettings(context, reviewId)).calibration;
    if (!calibration || calibration.stage !== stage)
      throw new DomainError(
        'screen/no-calibration',
        `There is no calibration round at ${stage}; start one with \`reviewbench screen calibrate --sample N\`.`,
      );
    if (calibration.recordIds.length === 0)
      throw new DomainError('screen/no-calibration', 'The calibration sample is empty.');
    q = q.where('record_id', 'in', calibration.recordIds);
  }
  const rows = await q.orderBy('id').execute();
  const decisions: RaterDecision[] = rows.map((r) => ({
    itemId: String(r.record_id),
    raterId: r.reviewer,
    value: r.decision as RaterDecision['value'],
  }));
  const perItem = new Map<string, number>();
  for (const d of decisions) perItem.set(d.itemId, (perItem.get(d.itemId) ?? 0) + 1);
  return {
    ...summariseAgreement(decisions),
    stage,
    itemsRatedTwice: [...perItem.values()].filter((n) => n >= 2).length,
    calibration: options.calibration === true,
  };
}

export interface StopCheckResult {
  stage: ScreenStage;
  eligible: number;
  screened: number;
  relevantFound: number;
  /** Consecutive irrelevant decisions since the last relevant one. */
  trailingIrrelevant: number;
  advice: StopAdvice[];
}

/**
 * What the stopping rules say now: the labels in the order records were
 * settled, judged by the statistical rule (95% recall, 95% confidence), the
 * consecutive-irrelevant heuristic and the SAFE checkpoints.
 */
export async function stopCheck(
  context: EngineContext,
  reviewId: number,
  stageName: string,
  options: { recallTarget?: number; confidence?: number; consecutive?: number } = {},
): Promise<StopCheckResult> {
  const stage = parseStage(stageName);
  const settings = await readScreenSettings(context, reviewId);
  const eligible = await eligibleRecordIds(context, reviewId, stage, settings);
  const eligibleSet = new Set(eligible);
  const decisions = await loadCurrentDecisions(context.store.db, reviewId, stage);
  // A record's label counts from the moment it was settled (its last current decision).
  const settled: { at: number; label: 0 | 1 }[] = [];
  for (const [recordId, facts] of decisions) {
    if (!eligibleSet.has(recordId)) continue;
    const outcome = deriveOutcome(facts, settings);
    if (outcome.status === 'decided' && outcome.decision)
      settled.push({
        at: Math.max(...facts.map((f) => f.id)),
        label: outcome.decision === 'exclude' ? 0 : 1,
      });
  }
  const labels = settled.sort((a, b) => a.at - b.at).map((s) => s.label);
  const input = { labels, nRecords: eligible.length };
  const advice = [
    createStopper({
      name: 'statistical',
      options: {
        recallTarget: options.recallTarget ?? 0.95,
        confidence: options.confidence ?? 0.95,
      },
    }).advise(input),
    createStopper({
      name: 'n_consecutive_irrelevant',
      options: { n: options.consecutive ?? 100 },
    }).advise(input),
    createStopper({ name: 'safe' }).advise(input),
  ];
  let trailing = 0;
  for (let i = labels.length - 1; i >= 0 && labels[i] === 0; i -= 1) trailing += 1;
  return {
    stage,
    eligible: eligible.length,
    screened: labels.length,
    relevantFound: labels.filter((l) => l === 1).length,
    trailingIrrelevant: trailing,
    advice,
  };
}

/**
 * Starts a calibration round: a seeded random sample every reviewer screens
 * first, so the team sees its agreement before the main round.
 */
export async function startCalibration(
  context: EngineContext,
  reviewId: number,
  stageName: string,
  sample: number,
  seed = 1,
): Promise<{ stage: ScreenStage; recordIds: number[] }> {
  const stage = parseStage(stageName);
  const settings = await readScreenSettings(context, reviewId);
  const pool = await eligibleRecordIds(context, reviewId, stage, settings);
  const refusal = sampleRefusal(sample, pool.length);
  if (refusal) throw new DomainError('usage', refusal);
  const round = startRound(stage, drawSample(pool, sample, createRandom(seed)), nowIso(context));
  await updateSettings(
    context,
    reviewId,
    (s) => ({ ...s, calibration: round }),
    'screen.calibration-started',
  );
  return { stage, recordIds: round.recordIds };
}

/** Ends the calibration round; its decisions stay and count like any other. */
export async function closeCalibration(context: EngineContext, reviewId: number): Promise<void> {
  await updateSettings(
    context,
    reviewId,
    (s) => {
      if (!s.calibration)
        throw new DomainError('screen/no-calibration', 'There is no calibration round to close.');
      return { ...s, calibration: closeRound(s.calibration, nowIso(context)) };
    },
    'screen.calibration-closed',
  );
}
