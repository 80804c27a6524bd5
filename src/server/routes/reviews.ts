import { z } from 'zod';
import { DomainError } from '#core/errors';
import { REVIEW_TYPES } from '#core/domain/index';
import type { Workbench } from '#engine/index';
import type { ServerAuth, SessionUser } from '#server/auth';
import type { MemberRole } from '#server/policies';
import { allowedTo, defineRoute, memberOrAdmin } from './define';

const reviewId = z.number().int().positive();
const roleSchema = z.enum(['lead', 'reviewer', 'viewer']);

/** Reviews the user may open, with their role; an administrator sees every review. */
async function listUserReviews(
  workbench: Workbench,
  user: SessionUser,
): Promise<
  { id: number; title: string; type: string; createdAt: string; role: MemberRole | null }[]
> {
  const out = [];
  for (const summary of await workbench.listReviews()) {
    const member = (await workbench.review(summary.id).screen.reviewers()).find(
      (r) => r.name === user.email,
    );
    if (!member && !user.admin) continue;
    out.push({
      id: summary.id,
      title: summary.title,
      type: summary.type,
      createdAt: summary.createdAt,
      role: member?.role ?? null,
    });
  }
  return out;
}

async function listMembers(
  workbench: Workbench,
  auth: ServerAuth,
  id: number,
): Promise<{ email: string; name: string | null; role: MemberRole }[]> {
  const reviewers = await workbench.review(id).screen.reviewers();
  const users = await auth.findUsers(reviewers.map((r) => r.name));
  return reviewers.map((r) => ({
    email: r.name,
    name: users.get(r.name)?.name ?? null,
    role: r.role,
  }));
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
      await workbench.review(summary.id).screen.addReviewer(user.email, 'lead');
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
      '{ can: { import, deduplicate, decidePairs, screen, resolve, configure, invite, viewReport } }',
    handle: async ({ access }) => ({ can: access.policies.can }),
  }),
  defineRoute({
    name: 'members.list',
    summary: 'Members of a review with their roles',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: memberOrAdmin,
    returns: '[{ email, name, role }]',
    handle: ({ access, workbench, auth }) => listMembers(workbench, auth, access.reviewId),
  }),
  defineRoute({
    name: 'members.invite',
    summary:
      'Adds a member by email (leads and administrators); the person signs up with that email',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      email: z.email().transform((e) => e.toLowerCase()),
      role: roleSchema,
    }),
    scope: 'review',
    allow: allowedTo('invite'),
    returns: '{ email, name, role }',
    async handle({ input, access, auth, user }) {
      if (input.email === user.email && access.role === 'lead' && input.role !== 'lead') {
        throw new DomainError(
          'members/bad-role-change',
          'A lead cannot demote themselves; ask another lead.',
        );
      }
      const member = await access.review.screen.addReviewer(input.email, input.role);
      const found = await auth.findUsers([member.name]);
      return { email: member.name, name: found.get(member.name)?.name ?? null, role: member.role };
    },
  }),
];
