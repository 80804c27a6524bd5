import { findDuplicates } from '#core/deduplicate/index';
import type { DedupInput, DedupResult, PairDecisionMemory } from '#core/deduplicate/index';
import { rankForScreening } from '#core/screen/queue/index';
import type { RankForScreeningResult } from '#core/screen/queue/index';

export type Progress = (done: number, total: number) => void;

export interface DedupJobPayload {
  records: DedupInput[];
  options: { newIds: string[]; decided: [string, PairDecisionMemory][]; preferredSources: string[] };
}

export interface RankJobPayload {
  texts: string[];
  labels: number[];
  labelOrder: number[];
  preset?: string;
}

export type RankJobResult = RankForScreeningResult;

/** Long CPU jobs by name; each runs the same in a worker thread or inline. */
export const JOBS = {
  dedup: (payload: DedupJobPayload, onProgress: Progress): DedupResult =>
    findDuplicates(payload.records, {
      newIds: new Set(payload.options.newIds),
      decided: new Map(payload.options.decided),
      preferredSources: payload.options.preferredSources,
      onProgress,
    }),
  rank: (payload: RankJobPayload): RankJobResult =>
    rankForScreening({ texts: payload.texts, labels: Int8Array.from(payload.labels), labelOrder: payload.labelOrder, preset: payload.preset }),
} as const;

export type JobName = keyof typeof JOBS;
