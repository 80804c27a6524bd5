import type { Balancer } from '../types';

/** Settings of the `balanced` balancer. */
export interface BalancedOptions {
  /** How many times the total weight of class 1 exceeds that of class 0. Default 1. */
  ratio?: number;
}

/**
 * ASReview's `Balanced(ratio)`: weight 1 for relevant rows and `n1 / (ratio * n0)` for
 * irrelevant rows, then everything rescaled so the weights sum to the number of rows.
 */
export function weighBalanced(y: Uint8Array, options: BalancedOptions = {}): Float64Array {
  const ratio = options.ratio ?? 1;
  let n1 = 0;
  for (const label of y) n1 += label;
  const n0 = y.length - n1;
  const weights = new Float64Array(y.length);
  const zeroWeight = n0 > 0 && n1 > 0 ? n1 / (ratio * n0) : 1;
  let sum = 0;
  for (let i = 0; i < y.length; i += 1) {
    weights[i] = y[i] === 1 ? 1 : zeroWeight;
    sum += weights[i] as number;
  }
  const scale = y.length / sum;
  for (let i = 0; i < y.length; i += 1) weights[i] = (weights[i] as number) * scale;
  return weights;
}

/** The `balanced` balancer role. */
export function createBalanced(options: BalancedOptions = {}): Balancer {
  return { name: 'balanced', weigh: (y) => weighBalanced(y, options) };
}

/** The `none` balancer role: every row weighs 1. */
export function createUnbalanced(): Balancer {
  return { name: 'none', weigh: (y) => new Float64Array(y.length).fill(1) };
}
