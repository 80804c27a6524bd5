import { z } from 'zod';
import { DomainError } from '#core/errors';
import { invitationMail } from '#server/mail';
import type { ReviewApi, Workbench } from '#engine/index';
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

/** A new invitation with its link, and whether the server mailed it (when asked to). */
type InvitationAnswer = Awaited<ReturnType<ReviewApi['team']['invite']>> & {
  link: string;
  mailed?: boolean;
  mailError?: string;
};

/** What each role does, in an invitation mail. */
const ROLE_DOES: Record<MemberRole, string> = {
  lead: 'run the review: import searches, configure screening, resolve conflicts and manage the team',
  reviewer: 'screen records and decide possible duplicates',
  viewer: 'follow the review and read its report, without screening',
};

/** The review's team: members bound to accounts, their roles, and single-use invitations. */
export const teamRoutes = [
  defineRoute({
    name: 'server.info',
    summary: 'How this server admits accounts (no sign-in needed)',
    method: 'POST',
    body: 'json',
    input: z.object({}),
    scope: 'public',
    returns: "{ signUpMode: 'invite-only' | 'open', needsSetup: boolean, mail: boolean }",
    handle: async ({ auth, signUpMode, mailer }) => ({
      signUpMode,
      needsSetup: !(await auth.hasAdmin()),
      /** Invitations can be mailed by the server. */
      mail: mailer !== undefined,
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
        /** Mail the link to `email` (the server needs an SMTP server). */
        send: z.boolean().optional(),
      })
      .strict(),
    scope: 'review',
    allow: allowedTo('invite'),
    returns:
      '{ id, role, email?, expiresAt, status, token, link, mailed?: boolean, mailError?: string }',
    async handle({ input, access, origin, mailer, user }): Promise<InvitationAnswer> {
      if (input.send && !input.email)
        throw new DomainError(
          'team/mail-needs-email',
          'Give the email to send the invitation to, or copy the link yourself.',
        );
      if (input.send && !mailer)
        throw new DomainError(
          'team/mail-off',
          'This server sends no mail (no SMTP server is configured): copy the link and send it yourself.',
        );
      const made = await access.review.team.invite({
        role: input.role,
        email: input.email,
        days: input.days,
      });
      const link = invitationLink(origin, made.token);
      if (!input.send || !mailer || !input.email) return { ...made, link };
      // The invitation stands whether or not the mail goes: its link is in the answer.
      const status = await access.review.status();
      try {
        await mailer.send(
          invitationMail({
            to: input.email,
            inviter: user.name ? `${user.name} (${user.email})` : user.email,
            reviewTitle: status.review.title,
            role: input.role,
            roleDoes: ROLE_DOES[input.role],
            link,
            expiresAt: made.expiresAt,
          }),
        );
        return { ...made, link, mailed: true };
      } catch (error) {
        return {
          ...made,
          link,
          mailed: false,
          mailError: `The mail could not be sent (${(error as Error).message}); copy the link and send it yourself.`,
        };
      }
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
