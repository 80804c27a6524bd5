// Lanczos approximation (g = 7, nine coefficients), accurate to about 15 significant digits.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** Natural log of the gamma function for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < 9; i += 1) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * P(X <= k) for X ~ Hypergeometric(population M, successes K, draws n), with scipy's
 * argument order (`hypergeom.cdf(k, M, K, n)`). Summed in log space so large urns do not
 * overflow. Returns NaN for impossible parameters, as scipy does.
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
  const denominator = logChoose(population, draws);
  const terms: number[] = [];
  for (let j = low; j <= k; j += 1) {
    terms.push(
      logChoose(successes, j) + logChoose(population - successes, draws - j) - denominator,
    );
  }
  const top = Math.max(...terms);
  let sum = 0;
  for (const term of terms) sum += Math.exp(term - top);
  return Math.min(1, Math.exp(top + Math.log(sum)));
}
