import { logGamma } from '#core/math/gamma';

export { logGamma };

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * P(X <= k) for X ~ Hypergeometric(population M, successes K, draws n), with scipy's
 * argument order (`hypergeom.cdf(k, M, K, n)`). Returns NaN for impossible parameters, as
 * scipy does.
 *
 * The term at k is computed in log space; the terms below it follow from the ratio of
 * neighbouring terms, pmf(j - 1) / pmf(j) = j (M - K - n + j) / ((K - j + 1)(n - j + 1)),
 * summed relative to the term at k (rescaled before they could overflow) and stopped once
 * they fall below 1e-17 of the sum while falling. The stopping rule's test evaluates tens of
 * thousands of these per call; a gamma function per term made 80,000 labels take a minute.
 */
export function hypergeometricCdf(
  k: number,
  population: number,
  successes: number,
  draws: number,
): number {
  if (successes < 0 || draws < 0 || successes > population || draws > population) return NaN;
  const low = Math.max(0, draws - (population - successes));
  const high = Math.min(successes, draws);
  if (k < low) return 0;
  if (k >= high) return 1;
  const logTop =
    logChoose(successes, k) +
    logChoose(population - successes, draws - k) -
    logChoose(population, draws);
  const failures = population - successes;
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let j = k; j > low; j -= 1) {
    const ratio = (j * (failures - draws + j)) / ((successes - j + 1) * (draws - j + 1));
    term *= ratio;
    sum += term;
    if (sum > 1e250) {
      term *= 1e-250;
      sum *= 1e-250;
      logScale += 250 * Math.LN10;
    }
    if (ratio < 1 && term < sum * 1e-17) break;
  }
  return Math.min(1, Math.exp(logTop + logScale + Math.log(sum)));
}
