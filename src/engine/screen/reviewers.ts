import { DomainError } from '#core/errors';
import { appendEvents } from '#store/index';
import type { EngineContext } from '#engine/context';
import { forgetReads, nowIso, readOnce } from '#engine/context';

export const REVIEWER_ROLES = ['lead', 'reviewer', 'viewer'] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

export interface ReviewerView {
  name: string;
  role: ReviewerRole;
  addedAt: string;
}

/** Adds a reviewer identity to a review (idempotent for the same name and role). */
export async function addReviewer(
  context: EngineContext,
  reviewId: number,
  name: string,
  role: string,
): Promise<ReviewerView> {
  const trimmed = name.trim();
  if (!/^[\p{L}\p{N}._@ -]{1,80}$/u.test(trimmed))
    throw new DomainError(
      'screen/bad-reviewer-name',
      `Reviewer names are 1-80 letters, digits, spaces or . _ @ -, got "${name}".`,
    );
  if (!(REVIEWER_ROLES as readonly string[]).includes(role))
    throw new DomainError(
      'usage',
      `Unknown role "${role}". Available: ${REVIEWER_ROLES.join(', ')}`,
    );
  const createdAt = nowIso(context);
  const added = await context.store.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('reviewers')
      .selectAll()
      .where('review_id', '=', reviewId)
      .where('name', '=', trimmed)
      .executeTakeFirst();
    if (existing) {
      if (existing.role !== role) {
        await trx.updateTable('reviewers').set({ role }).where('id', '=', existing.id).execute();
        await appendEvents(trx, [
          {
            review_id: reviewId,
            type: 'screen.reviewer-role-changed',
            stage: 'screen',
            subject: `reviewer:${trimmed}`,
            actor: context.actor,
            payload: JSON.stringify({ from: existing.role, to: role }),
            created_at: createdAt,
          },
        ]);
      }
      return { name: trimmed, role: role as ReviewerRole, addedAt: existing.created_at };
    }
    await trx
      .insertInto('reviewers')
      .values({ review_id: reviewId, name: trimmed, role, created_at: createdAt })
      .execute();
    await appendEvents(trx, [
      {
        review_id: reviewId,
        type: 'screen.reviewer-added',
        stage: 'screen',
        subject: `reviewer:${trimmed}`,
        actor: context.actor,
        payload: JSON.stringify({ role }),
        created_at: createdAt,
      },
    ]);
    return { name: trimmed, role: role as ReviewerRole, addedAt: createdAt };
  });
  forgetReads(context);
  return added;
}

export async function listReviewers(
  context: EngineContext,
  reviewId: number,
): Promise<ReviewerView[]> {
  const rows = await readOnce(context, `reviewers:${reviewId}`, () =>
    context.store.db
      .selectFrom('reviewers')
      .selectAll()
      .where('review_id', '=', reviewId)
      .orderBy('id')
      .execute(),
  );
  return rows.map((r) => ({ name: r.name, role: r.role as ReviewerRole, addedAt: r.created_at }));
}

/** Decisions come only from known reviewers who may screen (viewers may not). */
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
