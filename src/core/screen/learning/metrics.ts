import { DomainError } from '#core/errors';

// Ported from asreview-insights (`asreviewcontrib/insights/algorithms.py`, `metrics.py`) so
// that numbers compare one-to-one with published ASReview simulations (METHODS.md 5.1).

/** numpy's `round`: halves go to the even neighbour (`Math.round` rounds them up). */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function countPositives(labels: readonly number[]): number {
  let p = 0;
  for (const label of labels) p += label;
  return p;
}

function cumulative(labels: readonly number[]): Int32Array {
  const found = new Int32Array(labels.length);
  let sum = 0;
  labels.forEach((label, i) => {
    sum += label;
    found[i] = sum;
  });
  return found;
}

/** `round(linspace(0, p, n))`: the recall curve of screening in random order. */
function randomCurve(p: number, n: number): Int32Array {
  const curve = new Int32Array(n);
  for (let i = 0; i < n; i += 1) curve[i] = roundHalfEven(n === 1 ? 0 : (p * i) / (n - 1));
  return curve;
}

/** First index whose value is >= `value` (numpy `searchsorted`, side left, sorted input). */
function searchLeft(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * insights' `_slice_metric`: the y at the last x <= v. When v is below the first x, numpy's
 * index -1 wraps to the last element; insights keeps that quirk for WSS and ERF.
 */
function sliceMetric(x: readonly number[], y: readonly number[], v: number): number {
  let i = -1;
  while (i + 1 < x.length && (x[i + 1] as number) <= v) i += 1;
  return (i === -1 ? y[y.length - 1] : y[i]) as number;
}

/** A metric curve: x and y values of equal length. */
export interface MetricCurve {
  x: number[];
  y: number[];
}

/** Recall after each screened record: x = t/N, y = found/P. */
export function computeRecallCurve(labels: readonly (0 | 1)[]): MetricCurve {
  const n = labels.length;
  const p = countPositives(labels);
  const found = cumulative(labels);
  return {
    x: Array.from({ length: n }, (_, i) => (i + 1) / n),
    y: Array.from(found, (value) => value / p),
  };
}

/** Options of {@link computeRecall}. */
export interface RecallOptions {
  /** `at` is a number of records rather than a fraction. */
  xAbsolute?: boolean;
  /** Return the number of relevant records found rather than the fraction. */
  yAbsolute?: boolean;
}

/** insights' `_recall`: recall at the last point with t/N <= `at` (0 when `at` < 1/N). */
export function computeRecall(
  labels: readonly (0 | 1)[],
  at: number,
  options: RecallOptions = {},
): number {
  const n = labels.length;
  const p = countPositives(labels);
  const found = cumulative(labels);
  let i = -1;
  while (i + 1 < n && (options.xAbsolute ? i + 2 : (i + 2) / n) <= at) i += 1;
  if (i === -1) return 0;
  return options.yAbsolute ? (found[i] as number) : (found[i] as number) / p;
}

/** insights' `_wss_values`: for each k = 1..P, x = k/P and y = (t_rand(k) - t_model(k)) / N. */
export function computeWssCurve(labels: readonly (0 | 1)[]): MetricCurve {
  const n = labels.length;
  const p = countPositives(labels);
  const found = cumulative(labels);
  const random = randomCurve(p, n);
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 1; k <= p; k += 1) {
    x.push(k / p);
    y.push((searchLeft(random, k) - searchLeft(found, k)) / n);
  }
  return { x, y };
}

/** insights' WSS@r: the WSS value at the largest k with k/P <= r (not Cohen's classic WSS). */
export function computeWss(labels: readonly (0 | 1)[], recall: number): number {
  const curve = computeWssCurve(labels);
  return sliceMetric(curve.x, curve.y, recall);
}

/** insights' `_erf`: (found - found at random) / P at the last t/N <= `at`. */
export function computeErf(labels: readonly (0 | 1)[], at: number): number {
  const n = labels.length;
  const p = countPositives(labels);
  const found = cumulative(labels);
  const random = randomCurve(p, n);
  const x = Array.from({ length: n }, (_, i) => (i + 1) / n);
  const y = Array.from(found, (value, i) => (value - (random[i] as number)) / p);
  return sliceMetric(x, y, at);
}

/**
 * insights' `_loss_value`: normalised area between the best possible recall curve and this
 * one; 0 is perfect, about 0.5 is random, 1 is worst.
 */
export function computeLoss(labels: readonly (0 | 1)[]): number {
  const n = labels.length;
  const p = countPositives(labels);
  if (n < 2 || p === 0 || p === n) {
    throw new DomainError(
      'metric-undefined',
      'loss needs at least one relevant and one irrelevant label',
      {
        n,
        p,
      },
    );
  }
  let area = 0;
  for (const value of cumulative(labels)) area += value;
  return (p * (n - (p - 1) / 2) - area) / (p * (n - p));
}

/** insights' `_time_to_discovery`: (record id, 1-based position) of each relevant record. */
export function computeTimeToDiscovery(
  recordIds: readonly number[],
  labels: readonly (0 | 1)[],
): [number, number][] {
  const out: [number, number][] = [];
  labels.forEach((label, i) => {
    if (label === 1) out.push([recordIds[i] as number, i + 1]);
  });
  return out;
}

/** Mean 1-based position at which relevant records were found (ATD, in label actions). */
export function computeAverageTimeToDiscovery(labels: readonly (0 | 1)[]): number {
  let sum = 0;
  let count = 0;
  labels.forEach((label, i) => {
    if (label === 1) {
      sum += i + 1;
      count += 1;
    }
  });
  return count === 0 ? 0 : sum / count;
}

/** The summary metrics of one simulation, computed on labels after the priors. */
export interface SimulationMetrics {
  wss95: number;
  wss100: number;
  rrf10: number;
  erf10: number;
  loss: number;
  atd: number;
}

/** All summary metrics for labels in screening order (priors excluded, padded with 0). */
export function computeSimulationMetrics(labels: readonly (0 | 1)[]): SimulationMetrics {
  return {
    wss95: computeWss(labels, 0.95),
    wss100: computeWss(labels, 1),
    rrf10: computeRecall(labels, 0.1),
    erf10: computeErf(labels, 0.1),
    loss: computeLoss(labels),
    atd: computeAverageTimeToDiscovery(labels),
  };
}
