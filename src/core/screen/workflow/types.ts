import type { ReviewerId } from '#core/domain/index';

/** The two screening stages; CLI and API spell them this way. */
export const SCREEN_STAGES = ['ti-ab', 'full-text'] as const;
export type ScreenStage = (typeof SCREEN_STAGES)[number];

export const SCREEN_DECISIONS = ['include', 'exclude', 'maybe'] as const;
export type ScreenDecisionValue = (typeof SCREEN_DECISIONS)[number];

/**
 * The active-learning preset the screening queue (and `reviewbench simulate`
 * without --model) uses; see core/screen/learning/presets.ts for where its
 * parameters come from.
 */
export const DEFAULT_SCREENING_PRESET = 'rb_default';

/** How a review screens: set by its lead, stored with the review. */
export interface ScreenSettings {
  /** Independent decisions each record needs per stage (1, 2 or more). */
  reviewersPerRecord: number;
  /** While blinded no reviewer sees another's decisions; only resolvers see conflicts. */
  blinded: boolean;
  /** Reviewers allowed to resolve conflicts; empty means any reviewer may. */
  resolvers: ReviewerId[];
  /** Controlled list of full-text exclusion reasons (feeds PRISMA). */
  exclusionReasons: string[];
  /** Terms highlighted in titles and abstracts. */
  highlight: { include: string[]; exclude: string[] };
}

export const DEFAULT_EXCLUSION_REASONS = [
  'Wrong population',
  'Wrong concept',
  'Wrong context',
  'Wrong study design',
  'Wrong publication type',
  'Not in English',
  'Duplicate report',
];

export const DEFAULT_SCREEN_SETTINGS: ScreenSettings = {
  reviewersPerRecord: 2,
  blinded: true,
  resolvers: [],
  exclusionReasons: DEFAULT_EXCLUSION_REASONS,
  highlight: { include: [], exclude: [] },
};

/** One current (not superseded) decision on a record at a stage. */
export interface DecisionFact {
  id: number;
  recordId: number;
  stage: ScreenStage;
  reviewer: ReviewerId;
  decision: ScreenDecisionValue;
  reason?: string;
  /** A resolver's decision that settles a conflict. */
  resolution: boolean;
  createdAt: string;
}

/** Where a record stands at one stage. */
export type OutcomeStatus = 'pending' | 'in-progress' | 'conflict' | 'decided';

export interface StageOutcome {
  status: OutcomeStatus;
  /** The settled value, when `decided`. */
  decision?: ScreenDecisionValue;
  /** The full-text exclusion reason of the settled decision. */
  reason?: string;
  /** True when a resolver's decision settled it. */
  resolved: boolean;
  /** Reviewers whose independent decisions count (resolutions excluded). */
  reviewers: ReviewerId[];
}
