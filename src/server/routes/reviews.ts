import { z } from 'zod';
import { REVIEW_TYPES } from '#core/domain/index';
import type { Workbench } from '#engine/index';
import type { SessionUser } from '#server/auth';
import type { MemberRole } from '#server/policies';
import { defineRoute, memberOrAdmin } from './define';

const reviewId = z.number().int().positive();

/** Reviews the user may open, with their role; an administrator sees every review. */
async function listUserReviews(
  workbench: Workbench,
  user: SessionUser,
): Promise<
  { id: number; title: string; type: string; createdAt: string; role: MemberRole | null }[]
> {
  // Memberships are bound to the account id: one query, whatever the number of reviews.
  const roles = new Map(
    (await workbench.membershipsOf(user.id)).map((m) => [m.reviewId, m.role] as const),
  );
  const out = [];
  for (const summary of await workbench.listReviews()) {
    const role = roles.get(summary.id);
    if (!role && !user.admin) continue;
    out.push({
      id: summary.id,
      title: summary.title,
      type: summary.type,
      createdAt: summary.createdAt,
      role: role ?? null,
    });
  }
  return out;
}

export const reviewRoutes = [
  defineRoute({
    name: 'me',
    summary: 'The signed-in user and the reviews they belong to',
    method: 'POST',
    body: 'json',
    input: z.object({}),
    scope: 'user',
    returns: '{ user: { id, email, name, admin }, reviews: [{ id, title, type, role }] }',
    handle: async ({ user, workbench }) => ({
      user,
      reviews: await listUserReviews(workbench, user),
    }),
  }),
  defineRoute({
    name: 'reviews.list',
    summary: 'Reviews the user is a member of (administrators: all), with their role',
    method: 'POST',
    body: 'json',
    input: z.object({}),
    scope: 'user',
    returns: '[{ id, title, type, createdAt, role }]',
    handle: ({ user, workbench }) => listUserReviews(workbench, user),
  }),
  defineRoute({
    name: 'reviews.create',
    summary: 'Creates a review; the caller becomes its lead',
    method: 'POST',
    body: 'json',
    input: z.object({
      title: z.string().trim().min(1).max(300),
      type: z.enum(REVIEW_TYPES),
      protocol: z
        .object({
          question: z.string().optional(),
          population: z.string().optional(),
          concept: z.string().optional(),
          context: z.string().optional(),
          inclusionCriteria: z.array(z.string()).optional(),
          exclusionCriteria: z.array(z.string()).optional(),
          databases: z.array(z.string()).optional(),
        })
        .default({}),
    }),
    scope: 'user',
    returns: 'ReviewSummary',
    async handle({ input, user, workbench }) {
      const summary = await workbench.createReview(input);
      await workbench.review(summary.id).team.add(user.email, 'lead', user.id);
      return summary;
    },
  }),
  defineRoute({
    name: 'reviews.get',
    summary: 'A review with its status, the caller role and policies',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: memberOrAdmin,
    returns: '{ review: ReviewSummary, status: ReviewStatus, role, policies }',
    async handle({ access }) {
      const status = await access.review.status();
      return {
        review: status.review,
        status,
        role: access.role ?? null,
        policies: { can: access.policies.can },
      };
    },
  }),
  defineRoute({
    name: 'policies',
    summary: 'What the caller may do in a review (the UI hides the rest)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: memberOrAdmin,
    returns:
      '{ can: { import, deduplicate, decidePairs, screen, resolve, configure, invite, manageTeam, viewAgreement, viewReport } }',
    handle: async ({ access }) => ({ can: access.policies.can }),
  }),
];
