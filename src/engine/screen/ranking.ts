import type { DecisionFact, ScreenSettings, ScreenStage } from '#core/screen/workflow/index';
import { DEFAULT_SCREENING_PRESET, deriveOutcome } from '#core/screen/workflow/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { runJob } from '#engine/jobs/run-job';
import type { RankJobPayload, RankJobResult } from '#engine/jobs/jobs';

/** A stored ranking: what the model said, on how many labels, and when. */
export interface RankingSnapshot {
  id: number;
  preset: string;
  labels: number;
  ranked: { id: number; score: number }[];
  estimate: {
    found: number;
    /** Relevant records expected among those not yet screened (conservative). */
    expectedRemaining: number;
    /** found / (found + expectedRemaining). */
    recall: number;
    /** The largest recall the statistical stopping test supports at 95% confidence. */
    lowerBound95: number;
    stop: { stop: boolean; reason: string };
    fingerprint: string;
  };
}

/** How many ranked ids a snapshot keeps: the queue only ever needs the head. */
const KEEP = 5000;

/**
 * The ranking in force for a stage: reused while no label changed, else
 * retrained (in a worker thread for large reviews) and stored, so every
 * decision can say which ranking it was made under.
 */
export async function currentRanking(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  eligible: number[],
  decisions: Map<number, DecisionFact[]>,
  settings: ScreenSettings,
  preset?: string,
): Promise<RankingSnapshot | undefined> {
  const labelled: { id: number; label: 0 | 1; at: number }[] = [];
  for (const id of eligible) {
    const facts = decisions.get(id) ?? [];
    const label = trainingLabel(facts, settings);
    if (label !== undefined) labelled.push({ id, label, at: Math.max(...facts.map((f) => f.id)) });
  }
  const found = labelled.filter((l) => l.label === 1).length;
  if (found === 0 || found === labelled.length) return undefined;
  let maxDecision = 0;
  for (const facts of decisions.values()) for (const f of facts) maxDecision = Math.max(maxDecision, f.id);
  const fingerprint = `${eligible.length}:${labelled.length}:${maxDecision}`;
  const { db } = context.store;
  const latest = await db.selectFrom('screen_rankings').selectAll().where('review_id', '=', reviewId).where('stage', '=', stage).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (latest) {
    const estimate = JSON.parse(latest.estimate) as RankingSnapshot['estimate'];
    if (estimate.fingerprint === fingerprint) return { id: latest.id, preset: latest.preset, labels: latest.labels, ranked: JSON.parse(latest.ranked) as RankingSnapshot['ranked'], estimate };
  }
  const rows = await loadTexts(context, reviewId, eligible);
  const payload: RankJobPayload = {
    ids: eligible.map(String),
    texts: eligible.map((id) => rows.get(id) ?? ''),
    labels: [...labelled].sort((a, b) => a.at - b.at).map((l): [string, 0 | 1] => [String(l.id), l.label]),
    preset: preset ?? DEFAULT_SCREENING_PRESET,
  };
  const result = await runJob<RankJobResult>('rank', payload, { inline: eligible.length < 20000 });
  const ranked = result.ranking.slice(0, KEEP).map((r) => ({ id: Number(r.id), score: r.score }));
  const estimate = {
    found: result.recall.found,
    expectedRemaining: result.recall.expectedRemaining,
    recall: result.recall.estimate,
    lowerBound95: result.recall.lowerBound95,
    stop: { stop: result.advice.stop, reason: result.advice.reason },
    fingerprint,
  };
  const inserted = await db
    .insertInto('screen_rankings')
    .values({ review_id: reviewId, stage, preset: result.preset, labels: labelled.length, ranked: JSON.stringify(ranked), estimate: JSON.stringify(estimate), created_at: nowIso(context) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: inserted.id, preset: result.preset, labels: labelled.length, ranked, estimate };
}

/** A record teaches the model once its reviewers agree (or a resolver decided); maybe counts as relevant. */
function trainingLabel(facts: DecisionFact[], settings: ScreenSettings): 0 | 1 | undefined {
  if (facts.length === 0) return undefined;
  const outcome = deriveOutcome(facts, { reviewersPerRecord: Math.min(settings.reviewersPerRecord, 1) });
  if (outcome.status !== 'decided' || !outcome.decision) return undefined;
  return outcome.decision === 'exclude' ? 0 : 1;
}

async function loadTexts(context: EngineContext, reviewId: number, ids: number[]): Promise<Map<number, string>> {
  const texts = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await context.store.db.selectFrom('records').select(['id', 'title', 'abstract']).where('review_id', '=', reviewId).where('id', 'in', ids.slice(i, i + 1000)).execute();
    for (const r of rows) texts.set(r.id, `${r.title ?? ''} ${r.abstract ?? ''}`);
  }
  return texts;
}
