import { DomainError } from '#core/errors';

/**
 * Where a report sought (a record included at title/abstract) stands in retrieval:
 * `sought -> found (open-access copy located) | needs-manual -> retrieved | not-retrieved`.
 * Only `not-retrieved` carries a reason; it feeds PRISMA's "reports not retrieved" box.
 */
export const RETRIEVAL_STATES = [
  'sought',
  'found',
  'needs-manual',
  'retrieved',
  'not-retrieved',
] as const;
export type RetrievalState = (typeof RETRIEVAL_STATES)[number];

/** The reasons a review starts with; a review may name its own (they are review data). */
export const DEFAULT_NOT_RETRIEVED_REASONS = [
  'No access',
  'Interlibrary loan failed',
  'Author did not reply',
  'Abstract only',
  'Not found',
] as const;

/** What happens to a report's retrieval. */
export type RetrievalEvent =
  /** A full text was attached (uploaded, matched or downloaded). */
  | { type: 'attached' }
  /** An open-access look-up located a copy (not yet downloaded). */
  | { type: 'located' }
  /** A look-up found nothing, or a located copy could not be downloaded. */
  | { type: 'not-located' }
  /** The team gave up on the report, for this reason. */
  | { type: 'not-retrieved'; reason: string }
  /** The attached full text was the wrong one and was removed. */
  | { type: 'detached' }
  /** A report marked not retrieved is sought again. */
  | { type: 'reopened' };

export interface RetrievalStatus {
  state: RetrievalState;
  reason?: string;
}

/**
 * The state after `event`, or a `retrieve/bad-transition` error saying why it cannot happen
 * (a report with a full text cannot be "not retrieved" before the file is detached).
 */
export function nextRetrievalStatus(
  current: RetrievalStatus,
  event: RetrievalEvent,
): RetrievalStatus {
  const refuse = (message: string): never => {
    throw new DomainError('retrieve/bad-transition', message);
  };
  switch (event.type) {
    case 'attached':
      return { state: 'retrieved' };
    case 'located':
      return current.state === 'sought' || current.state === 'needs-manual'
        ? { state: 'found' }
        : current;
    case 'not-located':
      return current.state === 'sought' || current.state === 'found'
        ? { state: 'needs-manual' }
        : current;
    case 'not-retrieved': {
      const reason = event.reason.trim();
      if (!reason) return refuse('Say why the report was not retrieved.');
      if (current.state === 'retrieved')
        return refuse('A full text is attached to this report; detach it first.');
      return { state: 'not-retrieved', reason };
    }
    case 'detached':
      return current.state === 'retrieved'
        ? { state: 'needs-manual' }
        : refuse('No full text is attached to this report.');
    case 'reopened':
      return current.state === 'not-retrieved'
        ? { state: 'sought' }
        : refuse('Only a report marked not retrieved can be sought again.');
  }
}
