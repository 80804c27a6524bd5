import { rankRecords } from '#core/screen/learning/index';
import type { FeatureMatrix, LinearModel } from '#core/screen/learning/index';
import type { RankJobResult } from './jobs';
import { readTextsFromStore } from './texts-from-store';
import type { SessionTexts, StoredTexts } from './texts-from-store';

/**
 * One review stage's ranking state, kept between retrainings: the texts, their
 * TF-IDF features (fitting 100,000 real abstracts takes ~7 s) and the last
 * model (a warm start for the solver). Lives in the persistent ranking process,
 * or in the calling thread for small reviews.
 */
interface Session {
  signature: string;
  ids: string[];
  texts: string[];
  features?: FeatureMatrix;
  /**
   * The last model per label owner ('' for the team's settled labels, else a reviewer):
   * each warm-starts only from its own, so a reviewer's ranking never starts from a model
   * that learned another reviewer's unsettled votes.
   */
  models: Map<string, LinearModel>;
  preset: string;
}

/** Warm starts kept per session: the team's and the most recent reviewers'. */
const MAX_MODELS = 32;

export interface RankSessionRequest {
  /** Names the session: one per store, review and stage. */
  key: string;
  /** Identifies the eligible set; a new one (an import, a de-duplication) starts a new session. */
  signature: string;
  /**
   * Sent only when the session is new or stale: inline, staged beforehand under `textsFrom`,
   * or read by the session itself from the store named by `textsFromStore`.
   */
  ids?: string[];
  texts?: string[];
  /** A token whose texts were sent ahead in parts with `stageTexts`. */
  textsFrom?: string;
  /** Read the texts from the store: the caller's thread then does none of that work. */
  textsFromStore?: StoredTexts;
  labels: [string, 0 | 1][];
  /** Whose labels these are: '' (default) the team's settled ones, else a reviewer's own ranking. */
  owner?: string;
  preset: string;
  /** Return only the head of the ranking: a 100,000-entry list is slow to pass between threads. */
  limit?: number;
}

export type RankSessionResponse = ({ needTexts: false } & RankJobResult) | { needTexts: true };

/** Sessions kept at once; the least recently used one is dropped beyond this. */
const MAX_SESSIONS = 4;
const sessions = new Map<string, Session>();

/** One part of a session's texts, sent ahead of the ranking request that uses them. */
export interface StagedTexts {
  /** Names one transfer; the ranking request refers to it as `textsFrom`. */
  token: string;
  ids: string[];
  texts: string[];
}

/** Texts arriving in parts, by transfer token, until a ranking request takes them. */
const staged = new Map<string, { ids: string[]; texts: string[] }>();
/** Transfers kept at once: a caller that died half-way leaves at most a few behind. */
const MAX_STAGED = 4;

/**
 * Adds a part of the texts of a coming session. Sending 100,000 texts as one
 * message stalls the sending thread for the whole copy; parts keep each copy short.
 */
export function stageTexts(part: StagedTexts): void {
  let buffer = staged.get(part.token);
  if (!buffer) {
    staged.set(part.token, (buffer = { ids: [], texts: [] }));
    while (staged.size > MAX_STAGED) staged.delete(staged.keys().next().value!);
  }
  for (let i = 0; i < part.ids.length; i += 1) {
    buffer.ids.push(part.ids[i]!);
    buffer.texts.push(part.texts[i] ?? '');
  }
}

/** The tail of the calls on the sessions, in the order they were made. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs calls on the sessions one at a time, in the order they were made: a
 * ranking that awaits its texts from the store is not overtaken by the next
 * call (a retraining of the same session, a part staged for another).
 */
export function inSessionOrder<T>(call: () => T | Promise<T>): Promise<T> {
  const result = queue.then(call);
  queue = result.catch(() => undefined);
  return result;
}

/** The texts a request brings for a new session, wherever they come from; none if it brings none. */
async function textsOf(request: RankSessionRequest): Promise<SessionTexts | undefined> {
  if (request.textsFromStore) return readTextsFromStore(request.textsFromStore);
  if (request.textsFrom !== undefined) {
    const sent = staged.get(request.textsFrom);
    staged.delete(request.textsFrom);
    return sent;
  }
  return request.ids && request.texts ? { ids: request.ids, texts: request.texts } : undefined;
}

/**
 * Ranks with the session's cached features, asking for the texts when it has
 * none. Awaits only while it reads texts from a store; call it through
 * `inSessionOrder` so calls keep their order.
 */
export async function rankInSession(request: RankSessionRequest): Promise<RankSessionResponse> {
  let session = sessions.get(request.key);
  if (!session || session.signature !== request.signature || session.preset !== request.preset) {
    const sent = await textsOf(request);
    if (!sent) return { needTexts: true };
    session = {
      signature: request.signature,
      ids: sent.ids,
      texts: sent.texts,
      models: new Map(),
      preset: request.preset,
    };
  }
  sessions.delete(request.key);
  sessions.set(request.key, session);
  while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
  const owner = request.owner ?? '';
  const result = rankRecords({
    ids: session.ids,
    texts: session.texts,
    labels: new Map(request.labels),
    preset: request.preset,
    features: session.features,
    previous: session.models.get(owner),
  });
  session.features = result.features;
  session.models.delete(owner);
  if (result.model) session.models.set(owner, result.model);
  for (const key of session.models.keys()) {
    if (session.models.size <= MAX_MODELS) break;
    if (key !== '') session.models.delete(key);
  }
  return {
    needTexts: false,
    preset: request.preset,
    ranking: request.limit === undefined ? result.ranking : result.ranking.slice(0, request.limit),
    recall: result.recall,
    advice: result.advice,
  };
}
