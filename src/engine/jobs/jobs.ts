import { findDuplicates } from '#core/deduplicate/index';
import type { DedupInput, DedupResult, PairDecisionMemory } from '#core/deduplicate/index';
import type { RecallEstimate, StopAdvice } from '#core/screen/learning/index';

export type Progress = (done: number, total: number) => void;

export interface DedupJobPayload {
  records: DedupInput[];
  options: {
    newIds: string[];
    decided: [string, PairDecisionMemory][];
    preferredSources: string[];
  };
}

/** What a ranking returns across threads: the ranking, not the model or the features. */
export interface RankJobResult {
  preset: string;
  ranking: { id: string; score: number }[];
  recall: RecallEstimate;
  advice: StopAdvice;
}

/** Long CPU jobs by name; each runs the same in a worker thread or inline (awaited when async). */
export const JOBS = {
  dedup: (payload: DedupJobPayload, onProgress: Progress): DedupResult =>
    findDuplicates(payload.records, {
      newIds: new Set(payload.options.newIds),
      decided: new Map(payload.options.decided),
      preferredSources: payload.options.preferredSources,
      onProgress,
    }),
} as const;

export type JobName = keyof typeof JOBS;
