import type { z } from 'zod';
import { DomainError } from '#core/errors';
import type { ScreenSettings } from '#core/screen/workflow/index';
import type { ReviewApi, Workbench } from '#engine/index';
import type { ServerAuth, SessionUser } from '#server/auth';
import type { MemberRole, ReviewPolicies } from '#server/policies';
import type { Mailer } from '#server/mail';

/** What a review-scoped route knows about the caller's place in the review. */
export interface ReviewAccess {
  reviewId: number;
  role: MemberRole | undefined;
  /** The caller's membership, found by their account id: `name` is what their decisions carry. */
  member: { name: string; role: MemberRole } | undefined;
  policies: ReviewPolicies;
  settings: ScreenSettings;
  /** The review's use cases, acting as the signed-in user. */
  review: ReviewApi;
}

/** Everything a handler receives: validated input, the user, and the engine acting as them. */
export interface RouteContext<Input> {
  input: Input;
  /** The signed-in user (on `public` routes, possibly nobody: check `signedIn`). */
  user: SessionUser;
  signedIn: boolean;
  /** The origin links are made for (invitation links). */
  origin: string;
  signUpMode: 'invite-only' | 'open';
  /** Mails invitation links; absent when the server has no SMTP server configured. */
  mailer?: Mailer;
  workbench: Workbench;
  auth: ServerAuth;
  /** Present on review-scoped routes (input has `reviewId`). */
  access: ReviewAccess;
}

/** Who may call a review-scoped route, given the caller's policies. */
export type AccessRule = (access: Omit<ReviewAccess, 'review'>, user: SessionUser) => boolean;

/** One RPC route, declared once: its name, input schema, who may call it, and what it does. */
export interface RouteSpec<
  Schema extends z.ZodType = z.ZodType,
  Name extends string = string,
  Output = unknown,
> {
  /** `<stage>.<command>`, the same words as the CLI and the library. */
  name: Name;
  summary: string;
  method: 'POST' | 'GET';
  /** Where the input comes from: a JSON body, a multipart form, or the query string (GET). */
  body: 'json' | 'multipart' | 'query';
  input: Schema;
  /**
   * `public` routes need no session (an invitation's preview, the server's sign-up mode);
   * `user` routes need only a session; review routes carry `reviewId` and an access rule.
   */
  scope: 'public' | 'user' | 'review';
  allow?: AccessRule;
  /** Response description for the OpenAPI document. */
  returns: string;
  handle(context: RouteContext<z.infer<Schema>>): Promise<Output>;
}

/** Declares a route with its name, input and answer types inferred: the API contract's source. */
export function defineRoute<Schema extends z.ZodType, const Name extends string, Output>(
  spec: RouteSpec<Schema, Name, Output>,
): RouteSpec<Schema, Name, Output> {
  return spec;
}

/** Members of the review, whatever their role. */
export const anyMember: AccessRule = (access) => access.role !== undefined;
/** Members, and administrators looking after any review. */
export const memberOrAdmin: AccessRule = (access, user) => access.role !== undefined || user.admin;
/** Callers the review policy allows to do one thing. */
export const allowedTo =
  (action: keyof ReviewPolicies['can']): AccessRule =>
  (access) =>
    access.policies.can[action];

/** The member name a screener acts under; routes that allow only members call it. */
export function memberName(access: Pick<ReviewAccess, 'member'>): string {
  if (!access.member)
    throw new DomainError('auth/forbidden', 'You are not a member of this review.');
  return access.member.name;
}

/** A figure (SVG, PNG, PDF) as a response: sandboxed, never sniffed. */
export function figureResponse(
  bytes: Uint8Array,
  contentType: string,
  fileName: string,
  disposition: 'inline' | 'attachment' = 'inline',
): Response {
  return new Response(bytes as BodyInit, {
    headers: {
      'content-type': contentType,
      'content-disposition': `${disposition}; filename="${fileName}"`,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff',
    },
  });
}
