import { DomainError } from '#core/errors';
import { studentTQuantile } from './student-t';

/** Fleiss' generalised kappa for many raters, with missing ratings allowed. */
export interface FleissResult {
  /** Subjects with at least one rating (Pe and the variance run over these). */
  n: number;
  /** Subjects rated by two raters or more (Pa, the observed agreement, runs over these). */
  multiplyRated: number;
  pa: number;
  pe: number;
  kappa: number;
  se: number;
  ci: [number, number];
}

/**
 * Fleiss' kappa from per-subject category counts (`counts[i][k]` = raters who put subject i in
 * category k), following Gwet's handling of missing ratings as coded in irrCAC `raw.py`:
 * Pa averages over subjects rated at least twice, Pe uses every rated subject, and the
 * variance is the linearisation-based one with a t interval on n - 1 degrees of freedom.
 */
export function computeFleissKappa(
  counts: readonly (readonly number[])[],
  options: { confidence?: number; samplingFraction?: number } = {},
): FleissResult {
  const rated = counts.filter((row) => row.reduce((a, b) => a + b, 0) > 0);
  const n = rated.length;
  const q = rated[0]?.length ?? 0;
  if (n < 2 || q < 2)
    throw new DomainError('agreement-empty', "Fleiss' kappa needs 2+ subjects and 2+ categories");
  const r = rated.map((row) => row.reduce((a, b) => a + b, 0));
  const sumQ = rated.map((row) => row.reduce((a, c) => a + c * (c - 1), 0));
  const n2 = r.filter((ri) => ri >= 2).length;
  if (n2 === 0) throw new DomainError('agreement-empty', 'No subject was rated twice');
  let pa = 0;
  rated.forEach((_, i) => {
    const ri = r[i] as number;
    if (ri >= 2) pa += (sumQ[i] as number) / (ri * (ri - 1));
  });
  pa /= n2;
  const pi = Array.from(
    { length: q },
    (_, k) => rated.reduce((a, row, i) => a + (row[k] as number) / (r[i] as number), 0) / n,
  );
  const pe = pi.reduce((a, v) => a + v * v, 0);
  const kappa = (pa - pe) / (1 - pe);
  let sumSquares = 0;
  rated.forEach((row, i) => {
    const ri = r[i] as number;
    const den = ri * (ri - 1) || -1;
    const paI = (sumQ[i] as number) / den;
    const peR2 = ri >= 2 ? pe : 0;
    const kappaI = ((n / n2) * (paI - peR2)) / (1 - pe);
    const peI = row.reduce((a, c, k) => a + c * (pi[k] as number), 0) / ri;
    const kappaX = kappaI - (2 * (1 - kappa) * (peI - pe)) / (1 - pe);
    sumSquares += (kappaX - kappa) ** 2;
  });
  const f = options.samplingFraction ?? 0;
  const se = Math.sqrt(((1 - f) / (n * (n - 1))) * sumSquares);
  const t = studentTQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2, n - 1);
  return {
    n,
    multiplyRated: n2,
    pa,
    pe,
    kappa,
    se,
    ci: [kappa - t * se, Math.min(1, kappa + t * se)],
  };
}
