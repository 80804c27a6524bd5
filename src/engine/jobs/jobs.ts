import { findDuplicates } from '#core/deduplicate/index';
import type { DedupInput, DedupResult, PairDecisionMemory } from '#core/deduplicate/index';
import { rankRecords } from '#core/screen/learning/index';
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

export interface RankJobPayload {
  ids: string[];
  texts: string[];
  /** [id, label] in labelling order. */
  labels: [string, 0 | 1][];
  preset: string;
}

/** What crosses back from the worker: the ranking, not the model or the features. */
export interface RankJobResult {
  preset: string;
  ranking: { id: string; score: number }[];
  recall: RecallEstimate;
  advice: StopAdvice;
}

/** Long CPU jobs by name; each runs the same in a worker thread or inline. */
export const JOBS = {
  dedup: (payload: DedupJobPayload, onProgress: Progress): DedupResult =>
    findDuplicates(payload.records, {
      newIds: new Set(payload.options.newIds),
      decided: new Map(payload.options.decided),
      preferredSources: payload.options.preferredSources,
      onProgress,
    }),
  rank: (payload: RankJobPayload): RankJobResult => {
    const result = rankRecords({
      ids: payload.ids,
      texts: payload.texts,
      labels: new Map(payload.labels),
      preset: payload.preset,
    });
    return {
      preset: payload.preset,
      ranking: result.ranking,
      recall: result.recall,
      advice: result.advice,
    };
  },
} as const;

export type JobName = keyof typeof JOBS;
