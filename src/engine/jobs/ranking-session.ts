import { rankRecords } from '#core/screen/learning/index';
import type { FeatureMatrix, LinearModel } from '#core/screen/learning/index';
import type { RankJobResult } from './jobs';

/**
 * One review stage's ranking state, kept between retrainings: the texts, their
 * TF-IDF features (fitting 100,000 texts takes tens of seconds) and the last
 * model (a warm start for the solver). Lives in the persistent ranking worker,
 * or in the calling thread for small reviews.
 */
interface Session {
  signature: string;
  ids: string[];
  texts: string[];
  features?: FeatureMatrix;
  model?: LinearModel;
  preset: string;
}

export interface RankSessionRequest {
  /** `reviewId:stage`. */
  key: string;
  /** Identifies the eligible set; a new one (an import, a de-duplication) starts a new session. */
  signature: string;
  /** Sent only when the session is new or stale. */
  ids?: string[];
  texts?: string[];
  labels: [string, 0 | 1][];
  preset: string;
  /** Return only the head of the ranking: a 100,000-entry list is slow to pass between threads. */
  limit?: number;
}

export type RankSessionResponse = ({ needTexts: false } & RankJobResult) | { needTexts: true };

/** Sessions kept at once; the least recently used one is dropped beyond this. */
const MAX_SESSIONS = 4;
const sessions = new Map<string, Session>();

/** Ranks with the session's cached features, asking for the texts when it has none. */
export function rankInSession(request: RankSessionRequest): RankSessionResponse {
  let session = sessions.get(request.key);
  if (!session || session.signature !== request.signature || session.preset !== request.preset) {
    if (!request.ids || !request.texts) return { needTexts: true };
    session = {
      signature: request.signature,
      ids: request.ids,
      texts: request.texts,
      preset: request.preset,
    };
  }
  sessions.delete(request.key);
  sessions.set(request.key, session);
  while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
  const result = rankRecords({
    ids: session.ids,
    texts: session.texts,
    labels: new Map(request.labels),
    preset: request.preset,
    features: session.features,
    previous: session.model,
  });
  session.features = result.features;
  session.model = result.model;
  return {
    needTexts: false,
    preset: request.preset,
    ranking: request.limit === undefined ? result.ranking : result.ranking.slice(0, request.limit),
    recall: result.recall,
    advice: result.advice,
  };
}
