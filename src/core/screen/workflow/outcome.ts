import { DomainError } from '#core/errors';
import { changeRefusal, judgementOutcome } from '#core/workflow/index';
import type {
  DecisionFact,
  ScreenDecisionValue,
  ScreenSettings,
  ScreenStage,
  StageOutcome,
} from './types';
import { DEFAULT_SCREEN_SETTINGS, SCREEN_DECISIONS, SCREEN_STAGES } from './types';

/**
 * Derives a record's outcome at a stage from its current decisions, by the shared
 * dual-review rule (core/workflow): a resolution settles it; otherwise it is decided once
 * enough independent reviewers agree, and a conflict when they do not (maybe is its own value).
 */
export function deriveOutcome(
  decisions: readonly DecisionFact[],
  settings: Pick<ScreenSettings, 'reviewersPerRecord'>,
): StageOutcome {
  const outcome = judgementOutcome(
    decisions.map((d) => ({ ...d, assessor: d.reviewer, value: d.decision })),
    settings.reviewersPerRecord,
  );
  const reviewers = outcome.assessors;
  if (outcome.status === 'resolved' || outcome.status === 'agreed') {
    // Two reviewers can agree on "exclude" for different reasons; PRISMA counts one, the earliest.
    const reason =
      outcome.status === 'resolved'
        ? decisions.find((d) => d.id === outcome.settledBy?.id)?.reason
        : decisions.find((d) => !d.resolution && d.reason)?.reason;
    return {
      status: 'decided',
      decision: outcome.value,
      reason,
      resolved: outcome.status === 'resolved',
      reviewers,
    };
  }
  return { status: outcome.status, resolved: false, reviewers };
}

/**
 * Why nobody may vote on this record, change or withdraw a vote on it now, or undefined:
 * under blinding a closed record (every required vote in, or resolved) is final.
 */
export function voteRefusal(
  decisions: readonly DecisionFact[],
  settings: Pick<ScreenSettings, 'reviewersPerRecord' | 'blinded'>,
): string | undefined {
  const outcome = judgementOutcome(
    decisions.map((d) => ({ ...d, assessor: d.reviewer, value: d.decision })),
    settings.reviewersPerRecord,
  );
  return changeRefusal(outcome.status, settings.blinded);
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
