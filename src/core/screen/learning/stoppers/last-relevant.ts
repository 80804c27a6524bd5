import type { Stopper, StopperInput } from '../types';

/**
 * ASReview's `LastRelevant` for simulations: stop once every relevant record is labelled.
 * Only a simulation knows the total, so without `nRelevantTotal` it never stops.
 */
export function createLastRelevantStopper(): Stopper {
  return {
    name: 'last_relevant',
    advise: (input: StopperInput) => {
      let found = input.nPriorRelevant ?? 0;
      for (const label of input.labels) found += label;
      const total = input.nRelevantTotal;
      const stop = total !== undefined && found >= total;
      return {
        stopper: 'last_relevant',
        stop,
        reason:
          total === undefined ? 'Total relevant unknown' : `${found} of ${total} relevant found`,
        details: { found, total: total ?? -1 },
      };
    },
  };
}
