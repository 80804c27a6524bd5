import { z } from 'zod';
import type { Workbench } from '#engine/index';
import type { ServerAuth } from '#server/auth';
import type { MemberRole } from '#server/policies';
import { allowedTo, defineRoute, memberOrAdmin } from './define';

const reviewId = z.number().int().positive();
const role = z.enum(['lead', 'reviewer', 'viewer']);
const memberName = z.string().trim().min(1).max(200);
const token = z.string().trim().min(16).max(200);

/** A member as the team screen shows them: the name their decisions carry, display name, role. */
export interface MemberView {
  email: string;
  name: string | null;
  role: MemberRole;
  /** Bound to an account (invited, or the creator); false for a name the CLI added. */
  hasAccount: boolean;
}

async function listMembers(
  workbench: Workbench,
  auth: ServerAuth,
  id: number,
): Promise<MemberView[]> {
  const members = await workbench.review(id).team.members();
  const users = await auth.findUsers(members.map((m) => m.name));
  return members.map((m) => ({
    email: m.name,
    name: users.get(m.name)?.name ?? null,
    role: m.role,
    hasAccount: m.userId !== undefined,
  }));
}

/** The link that opens the web app's invitation page. */
function invitationLink(origin: string, secret: string): string {
  return `${origin}/#/invite/${secret}`;
}

/** The review's team: members bound to accounts, their roles, and single-use invitations. */
export const teamRoutes = [
  defineRoute({
    name: 'server.info',
    summary: 'How this server admits accounts (no sign-in needed)',
    method: 'POST',
    body: 'json',
    input: z.object({}),
    scope: 'public',
    returns: "{ signUpMode: 'invite-only' | 'open', needsSetup: boolean }",
    handle: async ({ auth, signUpMode }) => ({
      signUpMode,
      needsSetup: !(await auth.hasAdmin()),
    }),
  }),
  defineRoute({
    name: 'members.list',
    summary: 'Members of a review with their roles',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: memberOrAdmin,
    returns: '[{ email, name, role, hasAccount }]',
    handle: ({ access, workbench, auth }) => listMembers(workbench, auth, access.reviewId),
  }),
  defineRoute({
    name: 'members.invite',
    summary:
      'Makes a single-use invitation link for one role (leads and administrators); optionally only for one email',
    method: 'POST',
    body: 'json',
    input: z
      .object({
        reviewId,
        role,
        email: z
          .email()
          .transform((e) => e.toLowerCase())
          .optional(),
        days: z.number().positive().max(90).optional(),
      })
      .strict(),
    scope: 'review',
    allow: allowedTo('invite'),
    returns: '{ id, role, email?, expiresAt, status, token, link }',
    async handle({ input, access, origin }) {
      const made = await access.review.team.invite({
        role: input.role,
        email: input.email,
        days: input.days,
      });
      return { ...made, link: invitationLink(origin, made.token) };
    },
  }),
  defineRoute({
    name: 'members.invitations',
    summary: 'A review’s invitations with their status, never their tokens (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('invite'),
    returns: '[{ id, role, email?, createdBy, createdAt, expiresAt, status, acceptedAt? }]',
    handle: ({ access }) => access.review.team.invitations(),
  }),
  defineRoute({
    name: 'members.revokeInvitation',
    summary: 'Withdraws a pending invitation so its link stops working (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, invitationId: z.number().int().positive() }),
    scope: 'review',
    allow: allowedTo('invite'),
    returns: 'InvitationView',
    handle: ({ input, access }) => access.review.team.revokeInvitation(input.invitationId),
  }),
  defineRoute({
    name: 'members.changeRole',
    summary: 'Changes a member’s role; the last lead stays a lead (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, member: memberName, role }),
    scope: 'review',
    allow: allowedTo('manageTeam'),
    returns: '{ name, role, addedAt }',
    handle: ({ input, access }) => access.review.team.changeRole(input.member, input.role),
  }),
  defineRoute({
    name: 'members.remove',
    summary: 'Removes a member, who keeps their history; never the last lead (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, member: memberName }),
    scope: 'review',
    allow: allowedTo('manageTeam'),
    returns: '{ name, removedAt }',
    handle: ({ input, access }) => access.review.team.remove(input.member),
  }),
  defineRoute({
    name: 'invitations.show',
    summary: 'What an invitation link offers: the review, the role (no sign-in needed)',
    method: 'POST',
    body: 'json',
    input: z.object({ token }),
    scope: 'public',
    returns: '{ reviewId, reviewTitle, role, email?, expiresAt }',
    handle: ({ input, workbench }) => workbench.previewInvitation(input.token),
  }),
  defineRoute({
    name: 'invitations.accept',
    summary: 'Joins the review an invitation is for, as the signed-in account (single use)',
    method: 'POST',
    body: 'json',
    input: z.object({ token }),
    scope: 'user',
    returns: '{ reviewId, member: { name, role } }',
    handle: ({ input, workbench, user }) =>
      workbench.acceptInvitation(input.token, { id: user.id, email: user.email }),
  }),
];
