import { DomainError } from '#core/errors';
import { createRandom } from '#core/ports';
import type { FeatureMatrix } from './features/tfidf';
import { getPreset, type Preset } from './presets';
import {
  createBalancer,
  createClassifier,
  createFeatureExtractor,
  createQuerier,
  createStopper,
  type RoleSpec,
} from './registry';
import { scoreUnlabelled } from './score';
import { testRecallTarget } from './stoppers/statistical';
import type { LinearModel, StopAdvice } from './types';

/** Input of {@link rankRecords}. */
export interface RankRecordsOptions {
  /** Record ids, aligned with `texts`. */
  ids: readonly string[];
  /** One text per record (title + ' ' + abstract). */
  texts: readonly string[];
  /** Labels so far by record id, in labelling order (a Map keeps insertion order). */
  labels: ReadonlyMap<string, 0 | 1>;
  /** A preset name or a preset. */
  preset: string | Preset;
  seed?: number;
  /** The stopper whose advice to return. Default `statistical` (recall 0.95, confidence 0.95). */
  stopper?: RoleSpec;
  /** Features from an earlier call on the same texts, to skip refitting. */
  features?: FeatureMatrix;
  /** The model of an earlier call, to warm-start the solver. */
  previous?: LinearModel;
  /** Size of the recent window behind the recall estimate. Default 50. */
  recentWindow?: number;
}

/** A recall estimate; see {@link rankRecords} for how it is made. */
export interface RecallEstimate {
  found: number;
  /** Relevant records expected among the unlabelled ones (conservative). */
  expectedRemaining: number;
  /** found / (found + expectedRemaining). */
  estimate: number;
  /** The largest recall target the statistical test supports at 95 % confidence (0 if none). */
  lowerBound95: number;
}

/** Output of {@link rankRecords}. */
export interface RankRecordsResult {
  /** Unlabelled records, best first, with their scores (ties keep input order). */
  ranking: { id: string; score: number }[];
  /** Undefined until both a relevant and an irrelevant label exist (ranking is then random). */
  model?: LinearModel;
  features: FeatureMatrix;
  recall: RecallEstimate;
  advice: StopAdvice;
}

function lowerRecallBound(labels: (0 | 1)[], nRecords: number): number {
  if (!labels.includes(1)) return 0;
  let low = 0;
  let high = 0.999;
  if (testRecallTarget(labels, nRecords, 0.01).p >= 0.05) return 0;
  for (let i = 0; i < 20; i += 1) {
    const mid = (low + high) / 2;
    if (testRecallTarget(labels, nRecords, mid).p < 0.05) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Ranks the unlabelled records for the live screening queue. The recall estimate is simple and
 * conservative: the relevant rate among the last `recentWindow` labelled records (which, under
 * a max querier, were the most promising ones) times the number still unlabelled gives the
 * expected remaining relevant records; `lowerBound95` comes from the Callaghan &
 * Mueller-Hansen test (the largest target it accepts at p < 0.05).
 */
export function rankRecords(options: RankRecordsOptions): RankRecordsResult {
  const { ids, texts, labels } = options;
  if (ids.length !== texts.length) {
    throw new DomainError('rank-mismatch', `${ids.length} ids for ${texts.length} texts`);
  }
  const preset = typeof options.preset === 'string' ? getPreset(options.preset) : options.preset;
  const random = createRandom(options.seed ?? 0);
  const features = options.features ?? createFeatureExtractor(preset.features).fit(texts);
  const rowOf = new Map(ids.map((id, row) => [id, row]));
  const labelledRows: number[] = [];
  const labelValues: (0 | 1)[] = [];
  for (const [id, label] of labels) {
    const row = rowOf.get(id);
    if (row === undefined)
      throw new DomainError('rank-unknown-id', `Labelled record ${id} is not in the set`);
    labelledRows.push(row);
    labelValues.push(label);
  }
  const isLabelled = new Uint8Array(ids.length);
  for (const row of labelledRows) isLabelled[row] = 1;
  const pool = Int32Array.from(ids.map((_, row) => row).filter((row) => !isLabelled[row]));

  let model: LinearModel | undefined;
  let order: Int32Array;
  let scores: Float64Array;
  if (labelValues.includes(0) && labelValues.includes(1)) {
    const y = Uint8Array.from(labelValues);
    model = createClassifier(preset.classifier).fit(
      {
        x: features.matrix,
        rows: Int32Array.from(labelledRows),
        y,
        weights: createBalancer(preset.balancer).weigh(y),
        random,
      },
      options.previous,
    );
    scores = scoreUnlabelled(model, features.matrix, pool);
    order = createQuerier(preset.querier).rank(scores, random);
  } else {
    scores = new Float64Array(pool.length);
    order = createQuerier({ name: 'random' }).rank(scores, random);
  }
  const ranking = Array.from(order, (position) => ({
    id: ids[pool[position] as number] as string,
    score: scores[position] as number,
  }));

  const found = labelValues.reduce<number>((a, b) => a + b, 0);
  const window = labelValues.slice(-(options.recentWindow ?? 50));
  const recentRate =
    window.length === 0 ? 0 : window.reduce<number>((a, b) => a + b, 0) / window.length;
  const expectedRemaining = recentRate * pool.length;
  const advice = createStopper(options.stopper ?? { name: 'statistical' }).advise({
    labels: labelValues,
    nRecords: ids.length,
  });
  const recall: RecallEstimate = {
    found,
    expectedRemaining,
    estimate: found + expectedRemaining === 0 ? 0 : found / (found + expectedRemaining),
    lowerBound95: lowerRecallBound(labelValues, ids.length),
  };
  return model
    ? { ranking, model, features, recall, advice }
    : { ranking, features, recall, advice };
}
