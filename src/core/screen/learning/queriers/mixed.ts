import type { Querier } from '../types';

/** Settings of a mixed querier. */
export interface MixedOptions {
  /** Share of positions taken from the first querier. Default 0.95 (ASReview's mix ratio). */
  ratio?: number;
}

/**
 * Interleaves two queriers, as ASReview's `max_random` / `max_uncertainty` (95/5): each next
 * position comes from the first querier with probability `ratio`, otherwise from the second,
 * skipping positions already taken.
 */
export function createMixedQuerier(
  first: Querier,
  second: Querier,
  options: MixedOptions = {},
): Querier {
  const ratio = options.ratio ?? 0.95;
  return {
    name: `${first.name}_${second.name}`,
    rank: (scores, random) => {
      const a = first.rank(scores, random);
      const b = second.rank(scores, random);
      const taken = new Uint8Array(scores.length);
      const order = new Int32Array(scores.length);
      let ia = 0;
      let ib = 0;
      for (let k = 0; k < scores.length; k += 1) {
        const source = random.next() < ratio ? 'a' : 'b';
        let position: number;
        if (source === 'a') {
          while (taken[a[ia] as number]) ia += 1;
          position = a[ia] as number;
        } else {
          while (taken[b[ib] as number]) ib += 1;
          position = b[ib] as number;
        }
        taken[position] = 1;
        order[k] = position;
      }
      return order;
    },
  };
}
