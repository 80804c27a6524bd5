import type { Stopper, StopperInput } from '../types';

/** Number of irrelevant labels at the end of the screening order. */
export function countTrailingIrrelevant(labels: readonly (0 | 1)[]): number {
  let count = 0;
  for (let i = labels.length - 1; i >= 0 && labels[i] === 0; i -= 1) count += 1;
  return count;
}

/** Settings of the consecutive-irrelevant heuristic. */
export interface ConsecutiveIrrelevantOptions {
  /** Stop once this many irrelevant records in a row were screened. Default 50. */
  n?: number;
}

/**
 * The heuristic ASReview LAB shows on its progress plot (discussion #557). Callaghan &
 * Mueller-Hansen show fixed thresholds give inconsistent recall, so prefer `statistical`.
 */
export function createConsecutiveIrrelevantStopper(
  options: ConsecutiveIrrelevantOptions = {},
): Stopper {
  const n = options.n ?? 50;
  return {
    name: 'n_consecutive_irrelevant',
    advise: (input: StopperInput) => {
      const run = countTrailingIrrelevant(input.labels);
      return {
        stopper: 'n_consecutive_irrelevant',
        stop: run >= n,
        reason: `${run} irrelevant in a row (threshold ${n})`,
        details: { run, threshold: n },
      };
    },
  };
}
