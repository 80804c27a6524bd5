import type { Stopper, StopperInput, StopAdvice } from '../types';
import { hypergeometricCdf } from './hypergeometric';

/** Settings of the Callaghan & Mueller-Hansen stopping rule. */
export interface StatisticalStopOptions {
  /** Recall the reviewer wants to have reached (tau). Default 0.95. */
  recallTarget?: number;
  /** Confidence that the target was reached before stopping (1 - alpha). Default 0.95. */
  confidence?: number;
}

/** The smallest p-value over all urns and where it was found. */
export interface StatisticalTest {
  p: number;
  /** Urn size (the last n screened records). */
  n: number;
  /** Relevant records among the last n. */
  k: number;
  /** Least number of relevant records in the urn population under H0. */
  kHat: number;
  /** Urn population: the last n screened plus every unscreened record. */
  population: number;
}

/**
 * Callaghan & Mueller-Hansen (Syst Rev 2020;9:273), as `buscarpy.calculate_h0`: H0 says recall
 * is below the target. Each urn of the last n screened records is treated as a random sample
 * from itself plus the unscreened records; p(n) = HypergeomCDF(k; M, K^, n) with
 * K^ = floor(r_seen / tau - (r_seen - k) + 1) and M = N - (n_seen - n); the result is min p(n).
 * Urns with impossible parameters (scipy would give NaN) are skipped.
 */
export function testRecallTarget(
  labels: readonly (0 | 1)[],
  nRecords: number,
  recallTarget = 0.95,
): StatisticalTest {
  let seen = 0;
  for (const label of labels) seen += label;
  const nSeen = labels.length;
  let best: StatisticalTest = { p: 1, n: 0, k: 0, kHat: 0, population: nRecords };
  let k = 0;
  for (let n = 1; n <= nSeen; n += 1) {
    k += labels[nSeen - n] as number;
    const kHat = Math.floor(seen / recallTarget - (seen - k) + 1);
    const population = nRecords - (nSeen - n);
    const p = hypergeometricCdf(k, population, kHat, n);
    if (!Number.isNaN(p) && p < best.p) best = { p, n, k, kHat, population };
  }
  return best;
}

/** The `statistical` stopper role (stop when min p < 1 - confidence). */
export function createStatisticalStopper(options: StatisticalStopOptions = {}): Stopper {
  const recallTarget = options.recallTarget ?? 0.95;
  const alpha = 1 - (options.confidence ?? 0.95);
  return {
    name: 'statistical',
    advise: (input: StopperInput): StopAdvice => {
      const test = testRecallTarget(input.labels, input.nRecords, recallTarget);
      const stop = input.labels.length > 0 && test.p < alpha;
      return {
        stopper: 'statistical',
        stop,
        reason: stop
          ? `Recall >= ${recallTarget} can be assumed with ${1 - alpha} confidence (p = ${test.p.toFixed(4)})`
          : `Not yet: p = ${test.p.toFixed(4)} >= ${alpha.toFixed(2)} for recall target ${recallTarget}`,
        details: { ...test, recallTarget, alpha },
      };
    },
  };
}
