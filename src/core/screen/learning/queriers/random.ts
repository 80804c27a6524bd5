import type { Random } from '#core/ports';
import type { Querier } from '../types';

/** A seeded Fisher-Yates permutation of 0..n-1. */
export function shufflePositions(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  for (let i = n - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  return order;
}

/** `random`: a seeded random order, ignoring the scores. */
export function createRandomQuerier(): Querier {
  return {
    name: 'random',
    rank: (scores, random) => shufflePositions(scores.length, random),
    pick: (scores, random) => random.int(scores.length),
  };
}
