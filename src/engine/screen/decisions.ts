import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { DecisionFact, ScreenStage } from '#core/screen/workflow/index';
import { appendEvents } from '#store/index';
import type { Database, ScreenDecisionTable } from '#store/index';
import type { EngineContext } from '#engine/context';

/** Decision value of the row an undo writes; it supersedes the undone decision. */
export const WITHDRAWN = 'withdrawn';

/** The current (not superseded) decisions of a stage, grouped by record. */
export async function loadCurrentDecisions(
  db: Kysely<Database>,
  reviewId: number,
  stage: ScreenStage,
  recordIds?: number[],
): Promise<Map<number, DecisionFact[]>> {
  let q = db
    .selectFrom('screen_decisions')
    .select(FACT_COLUMNS)
    .where('review_id', '=', reviewId)
    .where('stage', '=', stage)
    .where('superseded_by', 'is', null)
    // An undone decision leaves a `withdrawn` marker: history, not a vote.
    .where('decision', '!=', WITHDRAWN);
  if (recordIds) {
    if (recordIds.length === 0) return new Map();
    q = q.where('record_id', 'in', recordIds);
  }
  const rows = await q.orderBy('id').execute();
  const byRecord = new Map<number, DecisionFact[]>();
  for (const row of rows) {
    const fact = toDecisionFact(row);
    const list = byRecord.get(row.record_id);
    if (list) list.push(fact);
    else byRecord.set(row.record_id, [fact]);
  }
  return byRecord;
}

/** The columns a decision fact is read from. */
const FACT_COLUMNS = [
  'id',
  'record_id',
  'stage',
  'reviewer',
  'decision',
  'reason',
  'resolution',
  'created_at',
] as const;

export type FactRow = Pick<Selectable<ScreenDecisionTable>, (typeof FACT_COLUMNS)[number]>;

/** A stored decision row as the workflow rules see it. */
export function toDecisionFact(row: FactRow): DecisionFact {
  return {
    id: row.id,
    recordId: row.record_id,
    stage: row.stage as ScreenStage,
    reviewer: row.reviewer,
    decision: row.decision as DecisionFact['decision'],
    reason: row.reason ?? undefined,
    resolution: row.resolution === 1,
    createdAt: row.created_at,
  };
}

/**
 * One record's current rows at a stage, `withdrawn` markers included: a new
 * vote supersedes the reviewer's marker too, keeping the history one chain.
 */
export async function loadCurrentRecordRows(
  db: Kysely<Database>,
  reviewId: number,
  stage: ScreenStage,
  recordId: number,
): Promise<FactRow[]> {
  return currentRecordRowsQuery(db, reviewId, stage, recordId, false).execute();
}

/** The query of `loadCurrentRecordRows`; with `literal`, its values are written into the text. */
function currentRecordRowsQuery(
  db: Kysely<Database>,
  reviewId: number,
  stage: ScreenStage,
  recordId: number,
  literal: boolean,
) {
  const value = <V extends number | string>(v: V) => (literal ? sql.lit(v) : v);
  return db
    .selectFrom('screen_decisions')
    .select(FACT_COLUMNS)
    .where('review_id', '=', value(reviewId))
    .where('record_id', '=', value(recordId))
    .where('stage', '=', value(stage))
    .where('superseded_by', 'is', null)
    .orderBy('id');
}

/** One stage's current decisions held in memory, and the highest decision id already read. */
interface StageDecisions extends StageDecisionsView {
  seenThrough: number;
  byRecord: Map<number, DecisionFact[]>;
  /** Records changed by each change applied, oldest first, from change number `logBase` on. */
  log: number[];
  logBase: number;
  /** Serialises refreshes so two requests never apply the same rows twice. */
  refreshing?: Promise<void>;
}

/** A stage's current decisions as kept in memory, with what changed in them, for callers that derive from them. */
export interface StageDecisionsView {
  /** Current decisions by record. Shared: callers must not change it. */
  readonly byRecord: ReadonlyMap<number, readonly DecisionFact[]>;
  /** The highest decision row id read: the same in every process that has read the same rows. */
  readonly seenThrough: number;
  /** How many changes (a record's decisions changing) were applied so far. */
  readonly changes: number;
  /** The records changed after the first `changes` changes (repeats possible); undefined once forgotten. */
  changedSince(changes: number): readonly number[] | undefined;
}

/** Changes remembered per stage; a caller further behind derives again from the whole map. */
const LOG_LIMIT = 100_000;

const stageCaches = new WeakMap<EngineContext['store'], Map<string, StageDecisions>>();

/** Lock namespace for pg_advisory_xact_lock(namespace, reviewId): "screen decisions of one review". */
const DECISIONS_LOCK = 72_001;

/**
 * Runs `write` in a transaction that serialises the writes of one review's screening
 * decisions. Rows are never deleted and a superseding row always has a higher id, so readers
 * can catch up by reading only ids above what they saw, provided ids become visible in order:
 * PostgreSQL hands out serial ids before commit, so writers take an advisory lock first (SQLite
 * has one writer at a time anyway). On PostgreSQL the transaction is opened and the lock taken
 * in one round trip: a simple query may hold both statements, and it quotes nothing (both
 * numbers are integers).
 */
export async function inScreenTransaction<T>(
  context: EngineContext,
  reviewId: number,
  write: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return inLockedTransaction(context, reviewId, undefined, (trx) => write(trx));
}

/**
 * Like `inScreenTransaction`, with one record's current rows at a stage (those of
 * `loadCurrentRecordRows`) read first, after the lock. On PostgreSQL the begin, the lock
 * and that read are one simple query, so one round trip.
 */
export async function inRecordTransaction<T>(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
  recordId: number,
  write: (trx: Kysely<Database>, rows: FactRow[]) => Promise<T>,
): Promise<T> {
  return inLockedTransaction(context, reviewId, { stage, recordId }, write);
}

async function inLockedTransaction<T>(
  context: EngineContext,
  reviewId: number,
  record: { stage: ScreenStage; recordId: number } | undefined,
  write: (trx: Kysely<Database>, rows: FactRow[]) => Promise<T>,
): Promise<T> {
  const { db, dialect } = context.store;
  if (dialect !== 'postgres')
    return db
      .transaction()
      .execute(async (trx) =>
        write(
          trx,
          record ? await loadCurrentRecordRows(trx, reviewId, record.stage, record.recordId) : [],
        ),
      );
  // The statements below are sent as one text without parameters (a simple query): the ids
  // are checked integers, and the record's read is `loadCurrentRecordRows` with its values
  // written in by Kysely.
  if (!Number.isSafeInteger(reviewId)) throw new Error(`Not a review id: ${reviewId}`);
  return db.connection().execute(async (connection) => {
    const opening = `begin; select pg_advisory_xact_lock(${DECISIONS_LOCK}, ${reviewId})`;
    // The store answers a query of several statements with the rows of the last that has some.
    const read = record
      ? `; ${currentRecordRowsQuery(connection, reviewId, record.stage, record.recordId, true).compile().sql}`
      : '';
    const { rows } = await sql.raw<FactRow>(opening + read).execute(connection);
    let result: T;
    try {
      result = await write(connection, record ? rows : []);
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}

/**
 * The current decisions of a stage, like `loadCurrentDecisions`, kept per store
 * and refreshed by reading only rows written since the last call (new rows, and
 * rows they superseded), with the records each refresh changed.
 */
export async function loadStageDecisions(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
): Promise<StageDecisionsView> {
  let perStore = stageCaches.get(context.store);
  if (!perStore) stageCaches.set(context.store, (perStore = new Map()));
  const key = `${reviewId}:${stage}`;
  let cache = perStore.get(key);
  if (!cache) {
    const created: StageDecisions = {
      seenThrough: 0,
      byRecord: new Map(),
      log: [],
      logBase: 0,
      get changes() {
        return this.logBase + this.log.length;
      },
      changedSince(changes) {
        if (changes < this.logBase) return undefined;
        return this.log.slice(changes - this.logBase);
      },
    };
    perStore.set(key, (cache = created));
  }
  while (cache.refreshing) await cache.refreshing;
  const refresh = refreshStageDecisions(context.store.db, reviewId, stage, cache);
  cache.refreshing = refresh;
  try {
    await refresh;
  } finally {
    cache.refreshing = undefined;
  }
  return cache;
}

async function refreshStageDecisions(
  db: Kysely<Database>,
  reviewId: number,
  stage: ScreenStage,
  cache: StageDecisions,
): Promise<void> {
  const since = cache.seenThrough;
  // One query (one snapshot, one round trip): the rows written since the last call, and the
  // older rows superseded since then (a superseding row always has a higher id than the row it
  // replaces). Two branches rather than an OR, so each reads its own index range.
  const columns = [...FACT_COLUMNS, 'superseded_by'] as const;
  const rows = await db
    .selectFrom('screen_decisions')
    .select(columns)
    .where('review_id', '=', reviewId)
    .where('stage', '=', stage)
    .where('id', '>', since)
    .unionAll(
      db
        .selectFrom('screen_decisions')
        .select(columns)
        .where('review_id', '=', reviewId)
        .where('stage', '=', stage)
        // Not `id <= since` as well: SQLite would then walk the stage's ids instead.
        .where('superseded_by', '>', since),
    )
    .execute();
  // A row written and superseded since comes from both branches: it is taken once.
  const fresh = [...new Map(rows.filter((row) => row.id > since).map((row) => [row.id, row]))]
    .map(([, row]) => row)
    .sort((a, b) => a.id - b.id);
  const superseded = rows.filter((row) => row.id <= since);
  if (cache.log.length + rows.length > LOG_LIMIT) {
    cache.logBase += cache.log.length;
    cache.log = [];
  }
  for (const row of rows) cache.log.push(row.record_id);
  for (const row of fresh) {
    cache.seenThrough = Math.max(cache.seenThrough, row.id);
    if (row.superseded_by !== null || row.decision === WITHDRAWN) continue;
    const fact = toDecisionFact(row);
    const list = cache.byRecord.get(row.record_id);
    if (list) list.push(fact);
    else cache.byRecord.set(row.record_id, [fact]);
  }
  for (const row of superseded) {
    const list = cache.byRecord.get(row.record_id);
    if (!list) continue;
    const kept = list.filter((f) => f.id !== row.id);
    if (kept.length === 0) cache.byRecord.delete(row.record_id);
    else if (kept.length !== list.length) cache.byRecord.set(row.record_id, kept);
  }
}

/** A new decision row; the defaults cover what most callers leave empty. */
export interface NewDecision {
  reviewId: number;
  recordId: number;
  stage: ScreenStage;
  reviewer: string;
  decision: string;
  reason?: string;
  resolution: boolean;
  rankingId?: number;
  rank?: number;
  createdAt: string;
}

/** The event a decision is recorded with; its payload is written after `decisionId`. */
export interface DecisionEvent {
  type: 'screen.decided' | 'screen.resolved';
  payload: Record<string, unknown>;
}

/**
 * Inserts a decision, supersedes the rows it replaces and appends its event, whose payload is
 * `{"decisionId": <new id>, ...payload}`. On PostgreSQL that is one statement (data-modifying
 * CTEs, the id spliced into the payload's text), so one round trip; on SQLite three.
 */
export async function insertDecisionWithEvent(
  trx: Kysely<Database>,
  dialect: EngineContext['store']['dialect'],
  row: NewDecision,
  supersedes: readonly number[],
  event: DecisionEvent,
): Promise<number> {
  const subject = `record:${row.recordId}`;
  if (dialect !== 'postgres') {
    const id = await insertSupersedingDecision(trx, row, supersedes);
    await appendEvents(trx, [
      {
        review_id: row.reviewId,
        type: event.type,
        stage: 'screen',
        subject,
        actor: row.reviewer,
        payload: JSON.stringify({ decisionId: id, ...event.payload }),
        created_at: row.createdAt,
      },
    ]);
    return id;
  }
  // JSON.stringify({ decisionId: id, ...payload }) is '{"decisionId":' + id + this.
  const rest = JSON.stringify(event.payload);
  const tail = rest === '{}' ? '}' : `,${rest.slice(1)}`;
  const supersede =
    supersedes.length > 0
      ? sql`, superseded as (update screen_decisions set superseded_by = (select id from decided) where id in (${sql.join([...supersedes])}))`
      : sql``;
  const { rows } = await sql<{ id: number | string }>`
    with decided as (
      insert into screen_decisions (review_id, record_id, stage, reviewer, decision, reason,
        resolution, calibration, ranking_id, rank, superseded_by, created_at)
      values (${row.reviewId}, ${row.recordId}, ${row.stage}, ${row.reviewer}, ${row.decision},
        ${row.reason ?? null}, ${row.resolution ? 1 : 0}, 0, ${row.rankingId ?? null},
        ${row.rank ?? null}, null, ${row.createdAt})
      returning id
    )${supersede},
    logged as (
      insert into events (review_id, type, stage, subject, actor, payload, created_at)
      select ${row.reviewId}, ${event.type}, 'screen', ${subject}, ${row.reviewer},
        '{"decisionId":' || decided.id || ${tail}::text, ${row.createdAt}
      from decided
    )
    select id from decided`.execute(trx);
  return Number(rows[0]!.id);
}

/**
 * Inserts a decision and marks the rows it replaces as superseded by it: the one
 * way decisions change, so history is kept and the current set is `superseded_by is null`.
 */
export async function insertSupersedingDecision(
  trx: Kysely<Database>,
  row: NewDecision,
  supersedes: readonly number[],
): Promise<number> {
  const inserted = await trx
    .insertInto('screen_decisions')
    .values({
      review_id: row.reviewId,
      record_id: row.recordId,
      stage: row.stage,
      reviewer: row.reviewer,
      decision: row.decision,
      reason: row.reason ?? null,
      resolution: row.resolution ? 1 : 0,
      calibration: 0,
      ranking_id: row.rankingId ?? null,
      rank: row.rank ?? null,
      superseded_by: null,
      created_at: row.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (supersedes.length > 0)
    await trx
      .updateTable('screen_decisions')
      .set({ superseded_by: inserted.id })
      .where('id', 'in', [...supersedes])
      .execute();
  return inserted.id;
}
