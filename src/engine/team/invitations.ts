import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '#core/errors';
import type { EngineContext } from '#engine/context';
import { forgetReads, nowIso } from '#engine/context';
import { REVIEWER_ROLES, addMemberIn } from './members';
import type { ReviewerRole, ReviewerView } from './members';

/** An invitation as a lead sees it (never its token, which is shown once, when made). */
export interface InvitationView {
  id: number;
  role: ReviewerRole;
  email?: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
  acceptedAt?: string;
}

/** A new invitation with its token: the only time the token exists outside the link. */
export interface NewInvitation extends InvitationView {
  token: string;
}

/** What an invitation's link tells whoever holds it, before they accept. */
export interface InvitationPreview {
  reviewId: number;
  reviewTitle: string;
  role: ReviewerRole;
  email?: string;
  expiresAt: string;
}

/** The account accepting an invitation. */
export interface AcceptingUser {
  id: string;
  email: string;
}

export const DEFAULT_INVITATION_DAYS = 7;
const MAX_INVITATION_DAYS = 90;

/** Tokens are stored as hashes: a copy of the database does not hand out memberships. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Makes a single-use invitation to a review, for one role, valid for `days` days. */
export async function createInvitation(
  context: EngineContext,
  reviewId: number,
  input: { role: string; email?: string; days?: number },
): Promise<NewInvitation> {
  if (!(REVIEWER_ROLES as readonly string[]).includes(input.role))
    throw new DomainError(
      'team/unknown-role',
      `Unknown role "${input.role}". Available: ${REVIEWER_ROLES.join(', ')}`,
    );
  const days = input.days ?? DEFAULT_INVITATION_DAYS;
  if (!Number.isFinite(days) || days <= 0 || days > MAX_INVITATION_DAYS)
    throw new DomainError(
      'team/bad-expiry',
      `An invitation lasts more than 0 and at most ${MAX_INVITATION_DAYS} days, got ${days}.`,
    );
  const email = input.email?.trim().toLowerCase() || undefined;
  const token = randomBytes(24).toString('base64url');
  const now = context.clock.now();
  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const row = await context.store.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('invitations')
      .values({
        review_id: reviewId,
        token_sha256: hashToken(token),
        role: input.role,
        email: email ?? null,
        created_by: context.actor,
        created_at: createdAt,
        expires_at: expiresAt,
        accepted_by: null,
        accepted_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('events')
      .values({
        review_id: reviewId,
        type: 'team.invited',
        stage: 'team',
        subject: `invitation:${inserted.id}`,
        actor: context.actor,
        payload: JSON.stringify({ role: input.role, email, expiresAt }),
        created_at: createdAt,
      })
      .execute();
    return inserted;
  });
  return {
    id: row.id,
    token,
    role: input.role as ReviewerRole,
    ...(email ? { email } : {}),
    createdBy: context.actor,
    createdAt,
    expiresAt,
    status: 'pending',
  };
}

type InvitationRow = {
  id: number;
  review_id: number;
  role: string;
  email: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  accepted_by: string | null;
  accepted_at: string | null;
  revoked_at: string | null;
};

function statusOf(row: InvitationRow, now: string): InvitationView['status'] {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  if (row.expires_at <= now) return 'expired';
  return 'pending';
}

function present(row: InvitationRow, now: string): InvitationView {
  return {
    id: row.id,
    role: row.role as ReviewerRole,
    ...(row.email ? { email: row.email } : {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: statusOf(row, now),
    ...(row.accepted_at ? { acceptedAt: row.accepted_at } : {}),
  };
}

/** A review's invitations, newest first, with their status. */
export async function listInvitations(
  context: EngineContext,
  reviewId: number,
): Promise<InvitationView[]> {
  const rows = await context.store.db
    .selectFrom('invitations')
    .select([
      'id',
      'review_id',
      'role',
      'email',
      'created_by',
      'created_at',
      'expires_at',
      'accepted_by',
      'accepted_at',
      'revoked_at',
    ])
    .where('review_id', '=', reviewId)
    .orderBy('id', 'desc')
    .execute();
  const now = nowIso(context);
  return rows.map((row) => present(row, now));
}

/** Withdraws a pending invitation: its link stops working. */
export async function revokeInvitation(
  context: EngineContext,
  reviewId: number,
  id: number,
): Promise<InvitationView> {
  const now = nowIso(context);
  return context.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('invitations')
      .selectAll()
      .where('review_id', '=', reviewId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row)
      throw new DomainError('team/invitation-not-found', `No invitation ${id} in this review.`);
    if (row.accepted_at)
      throw new DomainError('team/invitation-used', `Invitation ${id} was already accepted.`);
    if (row.revoked_at) return present(row, now);
    await trx.updateTable('invitations').set({ revoked_at: now }).where('id', '=', id).execute();
    await trx
      .insertInto('events')
      .values({
        review_id: reviewId,
        type: 'team.invitation-revoked',
        stage: 'team',
        subject: `invitation:${id}`,
        actor: context.actor,
        payload: '{}',
        created_at: now,
      })
      .execute();
    return present({ ...row, revoked_at: now }, now);
  });
}

/** The invitation behind a token, if it can still be accepted; else a clear refusal. */
async function usableInvitation(
  context: EngineContext,
  token: string,
  db: EngineContext['store']['db'] = context.store.db,
): Promise<InvitationRow> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_sha256', '=', hashToken(token))
    .executeTakeFirst();
  if (!row)
    throw new DomainError(
      'team/invitation-not-found',
      'This invitation link is not valid. Ask the review’s lead for a new one.',
    );
  const status = statusOf(row, nowIso(context));
  if (status === 'accepted')
    throw new DomainError(
      'team/invitation-used',
      'This invitation was already used. Each link admits one person; ask the lead for another.',
    );
  if (status === 'revoked')
    throw new DomainError('team/invitation-revoked', 'The lead withdrew this invitation.');
  if (status === 'expired')
    throw new DomainError(
      'team/invitation-expired',
      `This invitation expired on ${row.expires_at.slice(0, 10)}. Ask the lead for a new one.`,
    );
  return row;
}

/** What the link offers, for the page that asks its holder to accept (or to sign up first). */
export async function previewInvitation(
  context: EngineContext,
  token: string,
): Promise<InvitationPreview> {
  const row = await usableInvitation(context, token);
  const review = await context.store.db
    .selectFrom('reviews')
    .select('title')
    .where('id', '=', row.review_id)
    .executeTakeFirstOrThrow();
  return {
    reviewId: row.review_id,
    reviewTitle: review.title,
    role: row.role as ReviewerRole,
    ...(row.email ? { email: row.email } : {}),
    expiresAt: row.expires_at,
  };
}

/** Whether an account with this email may use the token to sign up (invite-only servers). */
export async function invitationAdmits(
  context: EngineContext,
  token: string,
  email: string,
): Promise<void> {
  const row = await usableInvitation(context, token);
  checkEmail(row, email);
}

function checkEmail(row: InvitationRow, email: string): void {
  if (row.email && row.email !== email.trim().toLowerCase())
    throw new DomainError(
      'team/invitation-wrong-user',
      `This invitation is for ${row.email}; you are signed in as ${email}.`,
    );
}

/**
 * Accepts an invitation as the signed-in account: single use (the row is claimed inside the
 * transaction, so two accepting at once cannot both succeed), bound to the account's id.
 */
export async function acceptInvitation(
  context: EngineContext,
  token: string,
  user: AcceptingUser,
): Promise<{ reviewId: number; member: ReviewerView }> {
  const accepted = await context.store.db.transaction().execute(async (trx) => {
    const row = await usableInvitation(context, token, trx);
    checkEmail(row, user.email);
    const existing = await trx
      .selectFrom('reviewers')
      .select(['name', 'role'])
      .where('review_id', '=', row.review_id)
      .where('user_id', '=', user.id)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (existing)
      throw new DomainError(
        'team/already-member',
        `You are already a member of this review (${existing.role}); the invitation is left unused.`,
      );
    const now = nowIso(context);
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_by: user.id, accepted_at: now })
      .where('id', '=', row.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new DomainError('team/invitation-used', 'This invitation was already used.');
    const member = await addMemberIn(
      trx,
      { ...context, actor: user.email },
      row.review_id,
      user.email,
      row.role,
      user.id,
    );
    await trx
      .insertInto('events')
      .values({
        review_id: row.review_id,
        type: 'team.invitation-accepted',
        stage: 'team',
        subject: `invitation:${row.id}`,
        actor: user.email,
        payload: JSON.stringify({ role: row.role, userId: user.id }),
        created_at: now,
      })
      .execute();
    return { reviewId: row.review_id, member };
  });
  forgetReads(context);
  return accepted;
}
