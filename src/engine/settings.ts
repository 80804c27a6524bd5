import type { ScreenSettings } from '#core/screen/workflow/index';
import { resolveScreenSettings } from '#core/screen/workflow/index';
import { DomainError } from '#core/errors';
import { appendEvents, getReview, updateReviewSettings } from '#store/index';
import type { EngineContext } from './context';
import { forgetReads, nowIso, readOnce } from './context';
import type { CalibrationRound } from '#core/workflow/index';

/** Everything a review stores in its settings column, by stage. */
export interface ReviewSettings {
  screen?: Partial<ScreenSettings>;
  calibration?: CalibrationRound;
  deduplicate?: { preferredSources?: string[] };
  /** The reasons offered for "not retrieved" (default: core/retrieve's list). */
  retrieve?: { reasons?: string[] };
  /** Extractors per study (1 or 2) and blinding (default: screening's). */
  extract?: { extractorsPerStudy?: number; blinded?: boolean };
  /** Assessors per study (1 or 2), blinding (default: screening's), the review's own tool. */
  appraise?: { assessorsPerStudy?: number; blinded?: boolean; tool?: unknown };
  report?: {
    boxText?: Record<string, string>;
    /** Typed previous-version totals, for a review whose earlier version lived elsewhere. */
    previous?: { studies?: number; reports?: number };
    /** Closed versions of a living review, oldest first. */
    versions?: ReviewVersion[];
  };
}

/** A closed version of a living review: what it included and where its records end. */
export interface ReviewVersion {
  version: number;
  closedAt: string;
  /** Records with a higher id belong to later versions. */
  throughRecordId: number;
  studies: number;
  reports: number;
}

export async function readSettings(
  context: EngineContext,
  reviewId: number,
): Promise<ReviewSettings> {
  return (await readReviewSettingsAndProtocol(context, reviewId)).settings;
}

/** The review's settings and its protocol, from one read. */
export async function readReviewSettingsAndProtocol(
  context: EngineContext,
  reviewId: number,
): Promise<{ settings: ReviewSettings; protocol: ReviewProtocolCriteria }> {
  const review = await readOnce(context, `review:${reviewId}`, () =>
    getReview(context.store.db, reviewId),
  );
  if (!review) throw new DomainError('review/not-found', `No review with id ${reviewId}.`);
  return {
    settings: JSON.parse(review.settings) as ReviewSettings,
    protocol: JSON.parse(review.protocol) as ReviewProtocolCriteria,
  };
}

/** The part of a stored protocol screening shows beside each record. */
export interface ReviewProtocolCriteria {
  inclusionCriteria?: string[];
  exclusionCriteria?: string[];
}

export async function readScreenSettings(
  context: EngineContext,
  reviewId: number,
): Promise<ScreenSettings> {
  return resolveScreenSettings((await readSettings(context, reviewId)).screen);
}

/** Applies a change to the settings in one transaction and logs it. */
export async function updateSettings(
  context: EngineContext,
  reviewId: number,
  change: (settings: ReviewSettings) => ReviewSettings,
  eventType = 'review.settings-changed',
): Promise<ReviewSettings> {
  const written = await context.store.db.transaction().execute(async (trx) => {
    const review = await getReview(trx, reviewId);
    if (!review) throw new DomainError('review/not-found', `No review with id ${reviewId}.`);
    const next = change(JSON.parse(review.settings) as ReviewSettings);
    if (next.screen) resolveScreenSettings(next.screen);
    await updateReviewSettings(trx, reviewId, JSON.stringify(next));
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: eventType,
        stage: null,
        subject: `review:${reviewId}`,
        actor: context.actor,
        payload: JSON.stringify(next),
        created_at: nowIso(context),
      },
    ]);
    return next;
  });
  forgetReads(context);
  return written;
}
