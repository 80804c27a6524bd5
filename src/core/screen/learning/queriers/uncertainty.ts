import type { Querier } from '../types';
import { sortPositions } from './max';

/** Settings of the `uncertainty` querier. */
export interface UncertaintyOptions {
  /** The score of greatest doubt: 0.5 for probabilities, 0 for SVM margins. Default 0.5. */
  boundary?: number;
}

/** `uncertainty`: the records the model is least sure about first (closest to the boundary). */
export function createUncertaintyQuerier(options: UncertaintyOptions = {}): Querier {
  const boundary = options.boundary ?? 0.5;
  return {
    name: 'uncertainty',
    rank: (scores) =>
      sortPositions((i) => Math.abs((scores[i] as number) - boundary), scores.length),
  };
}
