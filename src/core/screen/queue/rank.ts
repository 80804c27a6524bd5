import { createRandom } from '#core/ports';
import { getPreset } from '#core/screen/learning/presets';
import type { Preset } from '#core/screen/learning/presets';
import { createBalancer, createClassifier, createFeatureExtractor, createStopper } from '#core/screen/learning/registry';
import type { RoleSpec } from '#core/screen/learning/registry';
import { scoreRows } from '#core/screen/learning/score';
import type { StopAdvice } from '#core/screen/learning/types';

/** The preset the live screening queue uses unless a review picks another. */
export const DEFAULT_QUEUE_PRESET = 'elas_u4';

export interface RankForScreeningOptions {
  /** Title + abstract per record, by position. */
  texts: readonly string[];
  /** Known label per position: 1 relevant, 0 irrelevant, -1 not yet labelled. */
  labels: Int8Array;
  /** Positions in the order they were labelled (for the stopping rule). */
  labelOrder: readonly number[];
  preset?: string | Preset;
  seed?: number;
  /** The stopping rule to report; default the statistical rule at 95% recall, 95% confidence. */
  stopper?: RoleSpec;
}

export interface RankedEntry {
  position: number;
  score: number;
}

export interface RecallEstimate {
  found: number;
  /** Expected relevant records still in the pool (sum of calibrated scores). */
  expectedRemaining: number;
  /** found / (found + expectedRemaining), a rough point estimate of recall so far. */
  recall: number;
}

export interface RankForScreeningResult {
  preset: string;
  /** Unlabelled positions, most likely relevant first; empty until both classes are labelled. */
  ranked: RankedEntry[];
  trained: boolean;
  estimate: RecallEstimate;
  stop: StopAdvice;
}

/**
 * Ranks the unlabelled records of a screening stage: fit features on all
 * texts, train on the labels so far, score the pool. Before the model can train
 * (it needs one relevant and one irrelevant label) records come in position order.
 */
export function rankForScreening(options: RankForScreeningOptions): RankForScreeningResult {
  const preset = typeof options.preset === 'object' ? options.preset : getPreset(options.preset ?? DEFAULT_QUEUE_PRESET);
  const { texts, labels } = options;
  const pool: number[] = [];
  const rows: number[] = [];
  const y: number[] = [];
  for (const position of options.labelOrder) {
    if (labels[position] === 0 || labels[position] === 1) {
      rows.push(position);
      y.push(labels[position]!);
    }
  }
  for (let i = 0; i < texts.length; i += 1) if (labels[i] === -1) pool.push(i);
  const found = y.reduce((sum, v) => sum + v, 0);
  const orderedLabels = y as (0 | 1)[];
  const stop = createStopper(options.stopper ?? { name: 'statistical', options: { recallTarget: 0.95, confidence: 0.95 } }).advise({ labels: orderedLabels, nRecords: texts.length });
  const canTrain = found > 0 && found < y.length;
  if (!canTrain || pool.length === 0) {
    return { preset: preset.name, ranked: pool.map((position) => ({ position, score: 0 })), trained: false, estimate: { found, expectedRemaining: Number.NaN, recall: Number.NaN }, stop };
  }
  const x = createFeatureExtractor(preset.features).fit(texts).matrix;
  const yArray = Uint8Array.from(y);
  const model = createClassifier(preset.classifier).fit({
    x,
    rows: Int32Array.from(rows),
    y: yArray,
    weights: createBalancer(preset.balancer).weigh(yArray),
    random: createRandom(options.seed ?? 0),
  });
  const poolRows = Int32Array.from(pool);
  const scores = scoreRows(model, x, poolRows);
  const ranked = pool.map((position, k) => ({ position, score: scores[k]! }));
  // Stable sort: ties go to the lower position, as ASReview's max querier does.
  ranked.sort((a, b) => b.score - a.score || a.position - b.position);
  return { preset: preset.name, ranked, trained: true, estimate: estimateRecall(found, scores, model.link === 'sigmoid'), stop };
}

/**
 * Expected relevant records left in the pool, from the scores: probabilities
 * are summed directly; SVM margins are squashed with a logistic first. A rough
 * guide for the reviewer, not a guarantee (the stopping rule gives that).
 */
function estimateRecall(found: number, scores: Float64Array, probabilities: boolean): RecallEstimate {
  let expected = 0;
  for (const s of scores) expected += probabilities ? s : 1 / (1 + Math.exp(-4 * s));
  return { found, expectedRemaining: expected, recall: found / (found + expected) };
}
