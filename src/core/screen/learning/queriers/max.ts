import type { Querier } from '../types';

/** Positions sorted by `key` ascending; ties keep position order (a stable sort). */
export function sortPositions(key: (position: number) => number, n: number): Int32Array {
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) keys[i] = key(i);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  return Int32Array.from(order);
}

/**
 * `max`: the most-likely-relevant first. Like ASReview's `argsort(-score, kind="stable")`,
 * ties go to the lower pool position, i.e. the lower record id.
 */
export function createMaxQuerier(): Querier {
  return {
    name: 'max',
    rank: (scores) => sortPositions((i) => -(scores[i] as number), scores.length),
    pick: (scores) => {
      let best = 0;
      let bestScore = -Infinity;
      for (let i = 0; i < scores.length; i += 1) {
        if ((scores[i] as number) > bestScore) {
          bestScore = scores[i] as number;
          best = i;
        }
      }
      return best;
    },
  };
}
