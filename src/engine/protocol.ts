import { DomainError } from '#core/errors';
import { parseProtocol } from '#core/protocol/index';
import type { ReviewProtocol } from '#core/protocol/index';
import { getReview } from '#store/index';
import type { EngineContext } from './context';
import { logEvent } from './events';
import { forgetReads, nowIso } from './context';

export interface ProtocolState {
  protocol: ReviewProtocol;
  version: number;
  versions: { version: number; reason: string | null; createdAt: string; createdBy: string }[];
}

/** The review's protocol as it stands, with every version and the reason of each amendment. */
export async function readProtocol(
  context: EngineContext,
  reviewId: number,
): Promise<ProtocolState> {
  const review = await getReview(context.store.db, reviewId);
  if (!review) throw new DomainError('review/not-found', `No review with id ${reviewId}.`);
  const rows = await context.store.db
    .selectFrom('protocol_versions')
    .select(['version', 'reason', 'created_at', 'created_by'])
    .where('review_id', '=', reviewId)
    .orderBy('version')
    .execute();
  const versions = rows.length
    ? rows.map((r) => ({
        version: r.version,
        reason: r.reason,
        createdAt: r.created_at,
        createdBy: r.created_by,
      }))
    : [{ version: 1, reason: null, createdAt: review.created_at, createdBy: 'review creator' }];
  return {
    protocol: JSON.parse(review.protocol) as ReviewProtocol,
    version: versions.at(-1)!.version,
    versions,
  };
}

function checked(next: unknown): ReviewProtocol {
  const parsed = parseProtocol(next);
  if (!parsed.ok)
    throw new DomainError(
      'protocol/bad-protocol',
      `The protocol has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}: ${parsed.problems.join('; ')}`,
      { problems: parsed.problems },
    );
  return parsed.protocol;
}

/**
 * `protocol edit`: the protocol as first written, changed in place (version 1). Once it has been
 * amended, a change is an amendment with its reason.
 */
export async function editProtocol(
  context: EngineContext,
  reviewId: number,
  next: unknown,
): Promise<ProtocolState> {
  const protocol = checked(next);
  const state = await readProtocol(context, reviewId);
  if (state.version > 1)
    throw new DomainError(
      'protocol/amend-instead',
      `The protocol has been amended (version ${state.version}): record this change as an amendment with its reason (\`protocol amend --reason ...\`).`,
    );
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('protocol_versions').where('review_id', '=', reviewId).execute();
    await trx
      .insertInto('protocol_versions')
      .values({
        review_id: reviewId,
        version: 1,
        protocol: JSON.stringify(protocol),
        reason: null,
        created_at: at,
        created_by: context.actor,
      })
      .execute();
    await trx
      .updateTable('reviews')
      .set({ protocol: JSON.stringify(protocol) })
      .where('id', '=', reviewId)
      .execute();
    await logEvent(trx, {
      reviewId,
      type: 'protocol.edited',
      subject: 'protocol',
      actor: context.actor,
      payload: protocol,
      at: at,
    });
  });
  forgetReads(context);
  return readProtocol(context, reviewId);
}

/** `protocol amend`: the next version, with the reason and the date; earlier ones are kept. */
export async function amendProtocol(
  context: EngineContext,
  reviewId: number,
  next: unknown,
  reason: string,
): Promise<ProtocolState> {
  if (!reason.trim())
    throw new DomainError(
      'protocol/no-reason',
      'An amendment needs its reason (PRISMA-ScR item 5 asks for it).',
    );
  const protocol = checked(next);
  const state = await readProtocol(context, reviewId);
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom('protocol_versions')
      .select('version')
      .where('review_id', '=', reviewId)
      .execute();
    if (stored.length === 0)
      await trx
        .insertInto('protocol_versions')
        .values({
          review_id: reviewId,
          version: 1,
          protocol: JSON.stringify(state.protocol),
          reason: null,
          created_at: state.versions[0]!.createdAt,
          created_by: state.versions[0]!.createdBy,
        })
        .execute();
    const version = Math.max(1, ...stored.map((s) => s.version)) + 1;
    await trx
      .insertInto('protocol_versions')
      .values({
        review_id: reviewId,
        version,
        protocol: JSON.stringify(protocol),
        reason: reason.trim(),
        created_at: at,
        created_by: context.actor,
      })
      .execute();
    await trx
      .updateTable('reviews')
      .set({ protocol: JSON.stringify(protocol) })
      .where('id', '=', reviewId)
      .execute();
    await logEvent(trx, {
      reviewId,
      type: 'protocol.amended',
      subject: 'protocol',
      actor: context.actor,
      payload: { version, reason: reason.trim(), protocol },
      at: at,
    });
  });
  forgetReads(context);
  return readProtocol(context, reviewId);
}

/** One version's protocol as it read then. */
export async function protocolVersion(
  context: EngineContext,
  reviewId: number,
  version: number,
): Promise<ReviewProtocol> {
  const row = await context.store.db
    .selectFrom('protocol_versions')
    .select('protocol')
    .where('review_id', '=', reviewId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (row) return JSON.parse(row.protocol) as ReviewProtocol;
  const state = await readProtocol(context, reviewId);
  if (version === 1 && state.versions.length === 1) return state.protocol;
  throw new DomainError(
    'protocol/bad-protocol',
    `The protocol has no version ${version} (versions 1-${state.version}).`,
  );
}
