import { createContext, useContext } from 'react';
import type { MeResult, ReviewDetail } from '#web/api';

export interface ReviewContextValue {
  reviewId: number;
  detail: ReviewDetail;
  me: MeResult;
  /** Reloads the review's status and the user's policies (after an import, say). */
  reload: () => Promise<void>;
}

export const ReviewContext = createContext<ReviewContextValue | undefined>(undefined);

/** The open review, its status and what the user may do in it. */
export function useReview(): ReviewContextValue {
  const value = useContext(ReviewContext);
  if (!value) throw new Error('useReview outside a review');
  return value;
}
