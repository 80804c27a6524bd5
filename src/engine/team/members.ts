import { DomainError } from '#core/errors';
import type { Kysely, Transaction } from 'kysely';
import { appendEvents } from '#store/index';
import type { Database } from '#store/index';
import type { EngineContext } from '#engine/context';
import { forgetReads, nowIso, readOnce } from '#engine/context';

export const REVIEWER_ROLES = ['lead', 'reviewer', 'viewer'] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

/** A member of a review's team: the name their decisions carry, their role, their account. */
export interface ReviewerView {
  name: string;
  role: ReviewerRole;
  addedAt: string;
  /** The account they sign in with; undefined for a name the CLI added. */
  userId?: string;
}

/** Leads and reviewers judge; viewers only look. */
export function judges(role: ReviewerRole): boolean {
  return role === 'lead' || role === 'reviewer';
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!/^[\p{L}\p{N}._@ -]{1,80}$/u.test(trimmed))
    throw new DomainError(
      'screen/bad-reviewer-name',
      `Reviewer names are 1-80 letters, digits, spaces or . _ @ -, got "${name}".`,
    );
  return trimmed;
}

function checkRole(role: string): ReviewerRole {
  if (!(REVIEWER_ROLES as readonly string[]).includes(role))
    throw new DomainError(
      'team/unknown-role',
      `Unknown role "${role}". Available: ${REVIEWER_ROLES.join(', ')}`,
    );
  return role as ReviewerRole;
}

type Writer = Kysely<Database> | Transaction<Database>;

/**
 * Adds a member (idempotent for the same name and role), or changes the role of one; a
 * removed member added again is a member again. `userId` binds the member to an account:
 * the server recognises members by it, never by an email string.
 */
export async function addReviewer(
  context: EngineContext,
  reviewId: number,
  name: string,
  role: string,
  userId?: string,
): Promise<ReviewerView> {
  const added = await context.store.db
    .transaction()
    .execute((trx) => addMemberIn(trx, context, reviewId, name, role, userId));
  forgetReads(context);
  return added;
}

/** `addReviewer` inside a caller's transaction (an invitation's acceptance). */
export async function addMemberIn(
  trx: Writer,
  context: EngineContext,
  reviewId: number,
  name: string,
  role: string,
  userId?: string,
): Promise<ReviewerView> {
  const trimmed = checkName(name);
  const checked = checkRole(role);
  const createdAt = nowIso(context);
  const existing = await trx
    .selectFrom('reviewers')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('name', '=', trimmed)
    .executeTakeFirst();
  if (existing) {
    if (existing.user_id && userId && existing.user_id !== userId)
      throw new DomainError(
        'team/already-member',
        `"${trimmed}" is already a member bound to another account.`,
      );
    if (existing.role !== checked && existing.role === 'lead' && !existing.removed_at)
      await requireAnotherLead(trx, reviewId, existing.id);
    const change = {
      role: checked,
      user_id: existing.user_id ?? userId ?? null,
      removed_at: null,
    };
    if (
      existing.role !== change.role ||
      existing.user_id !== change.user_id ||
      existing.removed_at !== null
    ) {
      await trx.updateTable('reviewers').set(change).where('id', '=', existing.id).execute();
      await appendTeamEvent(trx, context, reviewId, trimmed, 'team.member-changed', {
        from: existing.removed_at ? 'removed' : existing.role,
        to: checked,
        account: change.user_id !== existing.user_id ? 'bound' : undefined,
      });
    }
    return {
      name: trimmed,
      role: checked,
      addedAt: existing.created_at,
      userId: change.user_id ?? undefined,
    };
  }
  await trx
    .insertInto('reviewers')
    .values({
      review_id: reviewId,
      name: trimmed,
      role: checked,
      created_at: createdAt,
      user_id: userId ?? null,
      removed_at: null,
    })
    .execute();
  await appendTeamEvent(trx, context, reviewId, trimmed, 'team.member-added', { role: checked });
  return { name: trimmed, role: checked, addedAt: createdAt, userId };
}

/** Changes a member's role; the last lead stays a lead. */
export async function changeRole(
  context: EngineContext,
  reviewId: number,
  name: string,
  role: string,
): Promise<ReviewerView> {
  const checked = checkRole(role);
  const changed = await context.store.db.transaction().execute(async (trx) => {
    const row = await requireMemberRow(trx, reviewId, name);
    if (row.role === checked)
      return {
        name: row.name,
        role: checked,
        addedAt: row.created_at,
        userId: row.user_id ?? undefined,
      };
    if (row.role === 'lead') await requireAnotherLead(trx, reviewId, row.id);
    await trx.updateTable('reviewers').set({ role: checked }).where('id', '=', row.id).execute();
    await appendTeamEvent(trx, context, reviewId, row.name, 'team.member-changed', {
      from: row.role,
      to: checked,
    });
    return {
      name: row.name,
      role: checked,
      addedAt: row.created_at,
      userId: row.user_id ?? undefined,
    };
  });
  forgetReads(context);
  return changed;
}

/** Removes a member: they keep their history (their decisions name them) and may do nothing more. */
export async function removeMember(
  context: EngineContext,
  reviewId: number,
  name: string,
): Promise<{ name: string; removedAt: string }> {
  const removedAt = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    const row = await requireMemberRow(trx, reviewId, name);
    if (row.role === 'lead') await requireAnotherLead(trx, reviewId, row.id);
    await trx
      .updateTable('reviewers')
      .set({ removed_at: removedAt })
      .where('id', '=', row.id)
      .execute();
    await appendTeamEvent(trx, context, reviewId, row.name, 'team.member-removed', {
      role: row.role,
    });
  });
  forgetReads(context);
  return { name: name.trim(), removedAt };
}

async function requireMemberRow(trx: Writer, reviewId: number, name: string) {
  const row = await trx
    .selectFrom('reviewers')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('name', '=', name.trim())
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!row)
    throw new DomainError('team/member-not-found', `"${name}" is not a member of this review.`);
  return row;
}

/** A review always keeps a lead: the last one can be neither demoted nor removed. */
async function requireAnotherLead(trx: Writer, reviewId: number, exceptId: number): Promise<void> {
  const other = await trx
    .selectFrom('reviewers')
    .select('id')
    .where('review_id', '=', reviewId)
    .where('role', '=', 'lead')
    .where('removed_at', 'is', null)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  if (!other)
    throw new DomainError(
      'team/last-lead',
      'This is the review’s last lead: make someone else a lead first.',
    );
}

async function appendTeamEvent(
  trx: Writer,
  context: EngineContext,
  reviewId: number,
  name: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await appendEvents(trx, [
    {
      review_id: reviewId,
      type,
      stage: 'team',
      subject: `reviewer:${name}`,
      actor: context.actor,
      payload: JSON.stringify(payload),
      created_at: nowIso(context),
    },
  ]);
}

/** The review's current members (removed ones left out), in the order they joined. */
export async function listReviewers(
  context: EngineContext,
  reviewId: number,
): Promise<ReviewerView[]> {
  const rows = await readOnce(context, `reviewers:${reviewId}`, () =>
    context.store.db
      .selectFrom('reviewers')
      .selectAll()
      .where('review_id', '=', reviewId)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute(),
  );
  return rows.map((r) => ({
    name: r.name,
    role: r.role as ReviewerRole,
    addedAt: r.created_at,
    ...(r.user_id ? { userId: r.user_id } : {}),
  }));
}

/** Every review a user account is a member of, with the role. */
export async function membershipsOf(
  context: EngineContext,
  userId: string,
): Promise<{ reviewId: number; name: string; role: ReviewerRole }[]> {
  const rows = await context.store.db
    .selectFrom('reviewers')
    .select(['review_id', 'name', 'role'])
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .orderBy('review_id')
    .execute();
  return rows.map((r) => ({ reviewId: r.review_id, name: r.name, role: r.role as ReviewerRole }));
}

/** Decisions come only from current members who may judge (viewers may not). */
export async function requireReviewer(
  context: EngineContext,
  reviewId: number,
  name: string,
): Promise<ReviewerRole> {
  // Within a request that already listed the reviewers (the access check), no second read.
  const row = context.reads
    ? (await listReviewers(context, reviewId)).find((r) => r.name === name)
    : await context.store.db
        .selectFrom('reviewers')
        .select('role')
        .where('review_id', '=', reviewId)
        .where('name', '=', name)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
  if (!row)
    throw new DomainError(
      'screen/unknown-reviewer',
      `"${name}" is not a reviewer of this review. Add them with \`reviewbench reviewer add "${name}"\`.`,
    );
  if (row.role === 'viewer')
    throw new DomainError('screen/forbidden', `${name} is a viewer and cannot screen.`);
  return row.role as ReviewerRole;
}
