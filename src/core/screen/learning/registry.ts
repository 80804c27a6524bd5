import { unknownName } from '#core/errors';
import { createBalanced, createUnbalanced, type BalancedOptions } from './balancers/balanced';
import { createEnsemble, type EnsembleOptions } from './classifiers/ensemble';
import { createLogistic, type LogisticOptions } from './classifiers/logistic';
import { createNb, type NbOptions } from './classifiers/nb';
import { createSvm, type SvmOptions } from './classifiers/svm';
import { fitTfidf, type TfidfOptions } from './features/tfidf';
import { createMaxQuerier } from './queriers/max';
import { createMixedQuerier, type MixedOptions } from './queriers/mixed';
import { createRandomQuerier } from './queriers/random';
import { createUncertaintyQuerier, type UncertaintyOptions } from './queriers/uncertainty';
import {
  createConsecutiveIrrelevantStopper,
  type ConsecutiveIrrelevantOptions,
} from './stoppers/consecutive-irrelevant';
import { createLastRelevantStopper } from './stoppers/last-relevant';
import { createSafeStopper, type SafeOptions } from './stoppers/safe';
import { createStatisticalStopper, type StatisticalStopOptions } from './stoppers/statistical';
import type { Balancer, Classifier, FeatureExtractor, Querier, Stopper } from './types';

/** Plain-data options of one role (what a preset or a config file holds). */
export type RoleOptions = Readonly<Record<string, unknown>>;

/** A role chosen by name with its options, e.g. `{ name: 'svm', options: { c: 0.11 } }`. */
export interface RoleSpec {
  name: string;
  options?: RoleOptions;
}

type Factories<T> = Readonly<Record<string, (options: RoleOptions) => T>>;

/** Feature extractors by name. */
export const FEATURE_EXTRACTORS: Factories<FeatureExtractor> = {
  tfidf: (options) => ({ name: 'tfidf', fit: (texts) => fitTfidf(texts, options as TfidfOptions) }),
};

/** Classifiers by name. */
export const CLASSIFIERS: Factories<Classifier> = {
  svm: (options) => createSvm(options as SvmOptions),
  nb: (options) => createNb(options as NbOptions),
  logistic: (options) => createLogistic(options as LogisticOptions),
  // `{ name: 'ensemble', options: { members: [RoleSpec, ...], weights?: number[] } }`
  ensemble: (options) => {
    const members = (options.members ?? []) as RoleSpec[];
    return createEnsemble(
      members.map((spec) => createClassifier(spec)),
      options as EnsembleOptions,
    );
  },
};

/** Balancers by name. */
export const BALANCERS: Factories<Balancer> = {
  balanced: (options) => createBalanced(options as BalancedOptions),
  none: () => createUnbalanced(),
};

/** Queriers by name; the mixed ones follow ASReview's 95/5 split by default. */
export const QUERIERS: Factories<Querier> = {
  max: () => createMaxQuerier(),
  uncertainty: (options) => createUncertaintyQuerier(options as UncertaintyOptions),
  random: () => createRandomQuerier(),
  max_random: (options) =>
    createMixedQuerier(createMaxQuerier(), createRandomQuerier(), options as MixedOptions),
  max_uncertainty: (options) =>
    createMixedQuerier(
      createMaxQuerier(),
      createUncertaintyQuerier(options as UncertaintyOptions),
      options as MixedOptions,
    ),
};

/** Stoppers by name. */
export const STOPPERS: Factories<Stopper> = {
  last_relevant: () => createLastRelevantStopper(),
  n_consecutive_irrelevant: (options) =>
    createConsecutiveIrrelevantStopper(options as ConsecutiveIrrelevantOptions),
  statistical: (options) => createStatisticalStopper(options as StatisticalStopOptions),
  safe: (options) => createSafeStopper(options as SafeOptions),
};

function lookUp<T>(kind: string, registry: Factories<T>, spec: RoleSpec): T {
  const factory = registry[spec.name];
  if (!factory) throw unknownName(kind, spec.name, Object.keys(registry));
  return factory(spec.options ?? {});
}

/** Builds a feature extractor from its spec; unknown names list the available ones. */
export function createFeatureExtractor(spec: RoleSpec): FeatureExtractor {
  return lookUp('feature extractor', FEATURE_EXTRACTORS, spec);
}

/** Builds a classifier from its spec. */
export function createClassifier(spec: RoleSpec): Classifier {
  return lookUp('classifier', CLASSIFIERS, spec);
}

/** Builds a balancer from its spec. */
export function createBalancer(spec: RoleSpec): Balancer {
  return lookUp('balancer', BALANCERS, spec);
}

/** Builds a querier from its spec. */
export function createQuerier(spec: RoleSpec): Querier {
  return lookUp('querier', QUERIERS, spec);
}

/** Builds a stopper from its spec. */
export function createStopper(spec: RoleSpec): Stopper {
  return lookUp('stopper', STOPPERS, spec);
}
