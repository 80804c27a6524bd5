import { DomainError } from '#core/errors';
import { scoreRows } from '../score';
import type { Classifier, LinearModel, TrainingSet } from '../types';

/** Settings of the ensemble classifier. */
export interface EnsembleOptions {
  /** Relative weight of each member. Default: equal. */
  weights?: readonly number[];
}

/**
 * Averages several linear classifiers after putting their margins on one scale: each member's
 * log-odds/margin is standardised by its mean and spread over the training rows, then the
 * weighted sum is itself one linear model (so explain() and one-pass scoring still work).
 * Warm starts are passed to each member through `previous.members`.
 */
export function createEnsemble(
  members: readonly Classifier[],
  options: EnsembleOptions = {},
): Classifier {
  if (members.length === 0)
    throw new DomainError('ensemble-empty', 'An ensemble needs at least one member');
  const weights = options.weights ?? members.map(() => 1);
  return {
    name: 'ensemble',
    fit: (set: TrainingSet, previous?: LinearModel): LinearModel => {
      const fitted = members.map((member, m) =>
        member.fit({ ...set, fullCoef: true }, previous?.members?.[m]),
      );
      const coef = new Float64Array(set.x.nCols);
      let intercept = 0;
      const total = weights.reduce((a, b) => a + b, 0);
      fitted.forEach((model, m) => {
        const margins = scoreRows({ ...model, link: 'identity' }, set.x, set.rows);
        let mean = 0;
        for (const v of margins) mean += v;
        mean /= margins.length;
        let variance = 0;
        for (const v of margins) variance += (v - mean) ** 2;
        const spread = Math.sqrt(variance / margins.length) || 1;
        const scale = (weights[m] ?? 1) / total / spread;
        for (let j = 0; j < coef.length; j += 1)
          coef[j] = (coef[j] as number) + scale * (model.coef[j] as number);
        intercept += scale * (model.intercept - mean);
      });
      return { classifier: 'ensemble', coef, intercept, link: 'identity', members: fitted };
    },
  };
}
