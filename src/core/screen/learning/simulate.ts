import { DomainError } from '#core/errors';
import { createRandom } from '#core/ports';
import { computeSimulationMetrics, type SimulationMetrics } from './metrics';
import { getPreset, type Preset } from './presets';
import {
  createBalancer,
  createClassifier,
  createFeatureExtractor,
  createQuerier,
} from './registry';
import { scoreUnlabelled } from './score';
import type { LinearModel } from './types';

/** Progress of a running simulation. */
export interface SimulateProgress {
  screened: number;
  total: number;
  relevantFound: number;
  relevantTotal: number;
}

/** Input of {@link simulate}. */
export interface SimulateOptions {
  /** One text per record (title + ' ' + abstract), by row position. */
  texts: readonly string[];
  /** The known label of every row. */
  labels: readonly (0 | 1)[];
  /** Rows labelled relevant before the model runs. */
  priorIncluded: readonly number[];
  /** Rows labelled irrelevant before the model runs. */
  priorExcluded: readonly number[];
  /** A preset name or a preset. */
  preset: string | Preset;
  /** Seed of the solvers' shuffling and of random queriers. */
  seed: number;
  /** Keep screening after the last relevant record was found. Default false. */
  screenAll?: boolean;
  onProgress?: (progress: SimulateProgress) => void;
}

/** Output of {@link simulate}. */
export interface SimulateResult {
  /** Row positions in screening order, priors first. */
  order: number[];
  /** asreview-insights metrics over the labels after the priors (padded with 0). */
  metrics: SimulationMetrics;
  seconds: number;
}

/**
 * Replays screening on a labelled set the way ASReview's simulation does (ASREVIEW_BASELINE.md):
 * features fitted once on all records, a retrain after every label (warm-started), the pool
 * in ascending row order, one record queried at a time, and a stop once every relevant record
 * is found unless `screenAll`.
 */
export function simulate(options: SimulateOptions): SimulateResult {
  const started = Date.now();
  const { texts, labels } = options;
  const n = texts.length;
  if (labels.length !== n) {
    throw new DomainError('simulate-mismatch', `${labels.length} labels for ${n} texts`);
  }
  const preset = typeof options.preset === 'string' ? getPreset(options.preset) : options.preset;
  const random = createRandom(options.seed);
  const x = createFeatureExtractor(preset.features).fit(texts).matrix;
  const classifier = createClassifier(preset.classifier);
  const balancer = createBalancer(preset.balancer);
  const querier = createQuerier(preset.querier);

  const order: number[] = [...options.priorIncluded, ...options.priorExcluded];
  const isLabelled = new Uint8Array(n);
  for (const row of order) {
    if (row < 0 || row >= n || isLabelled[row]) {
      throw new DomainError('simulate-bad-prior', `Prior row ${row} is out of range or repeated`);
    }
    isLabelled[row] = 1;
  }
  let relevantTotal = 0;
  for (const label of labels) relevantTotal += label;
  let found = 0;
  for (const row of order) found += labels[row] as number;

  const rows = new Int32Array(n);
  const y = new Uint8Array(n);
  order.forEach((row, i) => {
    rows[i] = row;
    y[i] = labels[row] as number;
  });
  const pool = new Int32Array(n - order.length);
  let poolSize = 0;
  for (let row = 0; row < n; row += 1) if (!isLabelled[row]) pool[poolSize++] = row;
  const scores = new Float64Array(n);
  let model: LinearModel | undefined;
  let nLabelled = order.length;

  while (poolSize > 0 && (options.screenAll || found < relevantTotal)) {
    const labelledY = y.subarray(0, nLabelled);
    let hasBoth = false;
    for (let i = 1; i < nLabelled && !hasBoth; i += 1) hasBoth = labelledY[i] !== labelledY[0];
    const poolView = pool.subarray(0, poolSize);
    let position: number;
    if (hasBoth) {
      model = classifier.fit(
        {
          x,
          rows: rows.subarray(0, nLabelled),
          y: labelledY,
          weights: balancer.weigh(labelledY),
          random,
          fullCoef: false,
        },
        model,
      );
      const poolScores = scoreUnlabelled(model, x, poolView, scores.subarray(0, poolSize));
      position = querier.pick
        ? querier.pick(poolScores, random)
        : (querier.rank(poolScores, random)[0] as number);
    } else {
      // Until both classes are labelled nothing can be trained: screen at random (ASReview
      // does the same before its model is fittable).
      position = random.int(poolSize);
    }
    const row = pool[position] as number;
    pool.copyWithin(position, position + 1, poolSize);
    poolSize -= 1;
    order.push(row);
    rows[nLabelled] = row;
    y[nLabelled] = labels[row] as number;
    nLabelled += 1;
    found += labels[row] as number;
    options.onProgress?.({ screened: nLabelled, total: n, relevantFound: found, relevantTotal });
  }

  const nPriors = options.priorIncluded.length + options.priorExcluded.length;
  const after: (0 | 1)[] = order.slice(nPriors).map((row) => labels[row] as 0 | 1);
  while (after.length < n - nPriors) after.push(0);
  return {
    order,
    metrics: computeSimulationMetrics(after),
    seconds: (Date.now() - started) / 1000,
  };
}
