import { DomainError } from '#core/errors';
import type {
  DecisionFact,
  ScreenDecisionValue,
  ScreenSettings,
  ScreenStage,
  StageOutcome,
} from './types';
import { DEFAULT_SCREEN_SETTINGS, SCREEN_DECISIONS, SCREEN_STAGES } from './types';

/**
 * Derives a record's outcome at a stage from its current decisions: a
 * resolution settles it; otherwise it is decided once enough independent
 * reviewers agree, and a conflict when they do not (maybe is its own value).
 */
export function deriveOutcome(
  decisions: readonly DecisionFact[],
  settings: Pick<ScreenSettings, 'reviewersPerRecord'>,
): StageOutcome {
  const independent = decisions.filter((d) => !d.resolution);
  const reviewers = independent.map((d) => d.reviewer);
  const resolution = latest(decisions.filter((d) => d.resolution));
  if (resolution)
    return {
      status: 'decided',
      decision: resolution.decision,
      reason: resolution.reason,
      resolved: true,
      reviewers,
    };
  if (independent.length === 0) return { status: 'pending', resolved: false, reviewers };
  const values = new Set(independent.map((d) => d.decision));
  if (values.size > 1) return { status: 'conflict', resolved: false, reviewers };
  // Two reviewers can agree on "exclude" for different reasons; PRISMA counts one, the earliest.
  if (independent.length < settings.reviewersPerRecord)
    return { status: 'in-progress', resolved: false, reviewers };
  const first = independent[0]!;
  return {
    status: 'decided',
    decision: first.decision,
    reason: independent.find((d) => d.reason)?.reason,
    resolved: false,
    reviewers,
  };
}

function latest(decisions: readonly DecisionFact[]): DecisionFact | undefined {
  let best: DecisionFact | undefined;
  for (const d of decisions) if (!best || d.id > best.id) best = d;
  return best;
}

/** True when a record with this title/abstract outcome goes on to full-text screening. */
export function passesToFullText(outcome: StageOutcome): boolean {
  return (
    outcome.status === 'decided' && (outcome.decision === 'include' || outcome.decision === 'maybe')
  );
}

/** Checks a decision before it is recorded; returns the canonical reason text. */
export function validateDecision(
  input: { stage: string; decision: string; reason?: string },
  settings: Pick<ScreenSettings, 'exclusionReasons'>,
): { stage: ScreenStage; decision: ScreenDecisionValue; reason?: string } {
  if (!(SCREEN_STAGES as readonly string[]).includes(input.stage)) {
    throw new DomainError(
      'screen/unknown-stage',
      `Unknown screening stage "${input.stage}". Available: ${SCREEN_STAGES.join(', ')}`,
    );
  }
  if (!(SCREEN_DECISIONS as readonly string[]).includes(input.decision)) {
    throw new DomainError(
      'screen/unknown-decision',
      `Unknown decision "${input.decision}". Available: ${SCREEN_DECISIONS.join(', ')}`,
    );
  }
  const stage = input.stage as ScreenStage;
  const decision = input.decision as ScreenDecisionValue;
  const reasonText = input.reason?.trim();
  if (stage === 'full-text' && decision === 'exclude') {
    if (!reasonText) {
      throw new DomainError(
        'screen/reason-required',
        `A full-text exclusion needs a reason. Available: ${settings.exclusionReasons.join(', ')}`,
      );
    }
    const match = settings.exclusionReasons.find(
      (r) => r.toLowerCase() === reasonText.toLowerCase(),
    );
    if (!match) {
      throw new DomainError(
        'screen/unknown-reason',
        `Unknown exclusion reason "${reasonText}". Available: ${settings.exclusionReasons.join(', ')}`,
      );
    }
    return { stage, decision, reason: match };
  }
  return reasonText ? { stage, decision, reason: reasonText } : { stage, decision };
}

/** Merges stored settings over the defaults, validating what a lead may set. */
export function resolveScreenSettings(stored: Partial<ScreenSettings> | undefined): ScreenSettings {
  const settings = { ...structuredClone(DEFAULT_SCREEN_SETTINGS), ...(stored ?? {}) };
  if (!Number.isInteger(settings.reviewersPerRecord) || settings.reviewersPerRecord < 1) {
    throw new DomainError(
      'screen/bad-settings',
      `reviewersPerRecord must be a whole number of at least 1, got ${settings.reviewersPerRecord}`,
    );
  }
  return settings;
}
