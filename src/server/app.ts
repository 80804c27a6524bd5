import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError } from '#core/errors';
import type { Clock } from '#core/ports';
import { systemClock } from '#core/ports';
import type { Workbench } from '#engine/index';
import { retrainRankingInBackground } from '#engine/screen/ranking';
import { createAuth } from './auth';
import type { ServerAuth, SessionUser } from './auth';
import { describeError, handleError } from './errors';
import { createLoginLimiter } from './login-limit';
import type { LoginLimiter } from './login-limit';
import { buildOpenApiDocument } from './openapi';
import { decideReviewPolicies } from './policies';
import { ROUTES } from './routes/index';
import type { ReviewAccess, RouteContext, RouteSpec } from './routes/index';
import { checkMailConfig, createMailer, mailConfigFromEnv } from './mail';
import type { MailConfig } from './mail';
import { requireGoodPassword } from './passwords';
import { allowedHosts, checkHost, limitBody, limitRate, resolveLimits } from './limits';
import type { ServerLimits } from './limits';
import { receiveUpload } from './uploads';
import type { ReceivedUpload } from './uploads';

export interface CreateServerAppOptions {
  workbench: Workbench;
  /** The origin the server is reached at, e.g. `http://127.0.0.1:4173` (https turns on Secure cookies). */
  baseURL: string;
  /** Other origins allowed to make state-changing calls (a proxy's public origin). */
  trustedOrigins?: string[];
  /** The built web app to serve at `/` (web/dist); omitted: API only. */
  webDist?: string;
  /** Session-signing secret (default: REVIEWBENCH_AUTH_SECRET, else one kept in the store). */
  secret?: string;
  clock?: Clock;
  /** Failed sign-ins allowed per email and address per 15 minutes (default 5). */
  maxLoginFailures?: number;
  /**
   * Who may create an account: `invite-only` (the default: an invitation link or the
   * one-time setup token) or `open` (anyone; they still see no review until invited).
   * Default: REVIEWBENCH_SIGN_UP, else invite-only.
   */
  signUpMode?: SignUpMode;
  /**
   * An SMTP server to mail invitation links through. Default: REVIEWBENCH_SMTP_URL and
   * REVIEWBENCH_MAIL_FROM when set; `false` turns mail off whatever the environment says.
   */
  mail?: MailConfig | false;
  /** Body sizes and request rates (defaults: see limits.ts, and the environment). */
  limits?: Partial<ServerLimits>;
}

export const SIGN_UP_MODES = ['invite-only', 'open'] as const;
export type SignUpMode = (typeof SIGN_UP_MODES)[number];

/** The Hono app and the pieces a caller (serve, demo, tests) may need. */
export interface ServerApp {
  app: Hono;
  auth: ServerAuth;
  signUpMode: SignUpMode;
  /**
   * While the server has no administrator: the one-time token that creates the first one
   * (sign up with it at `/#/setup/<token>`); serve prints the link. A new token each start.
   */
  setupToken?: string;
}

/** The sign-up mode from the option, else REVIEWBENCH_SIGN_UP, else invite-only. */
function signUpModeOf(option: SignUpMode | undefined): SignUpMode {
  const mode = option ?? process.env.REVIEWBENCH_SIGN_UP ?? 'invite-only';
  if (!(SIGN_UP_MODES as readonly string[]).includes(mode))
    throw new DomainError(
      'usage',
      `Unknown sign-up mode "${mode}". Available: ${SIGN_UP_MODES.join(', ')}`,
    );
  return mode as SignUpMode;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the HTTP app: better-auth at /api/auth, the RPC routes, the OpenAPI document and the web app. */
export async function createServerApp(options: CreateServerAppOptions): Promise<ServerApp> {
  // A server lives long enough to finish a retraining in the background; reviewers need not wait for it.
  retrainRankingInBackground(options.workbench.store);
  const auth = await createAuth({
    workbench: options.workbench,
    baseURL: options.baseURL,
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
  });
  const limiter = createLoginLimiter({
    clock: options.clock ?? systemClock,
    maxFailures: options.maxLoginFailures,
  });
  const trusted = new Set([
    new URL(options.baseURL).origin,
    ...(options.trustedOrigins ?? []).map((o) => new URL(o).origin),
  ]);
  const limits = resolveLimits(options.limits);
  const app = new Hono();
  app.onError(handleError);
  // DNS rebinding: a page elsewhere whose name resolves here is not this server's origin.
  app.use('*', checkHost(allowedHosts([options.baseURL, ...(options.trustedOrigins ?? [])])));
  app.use(
    '/api/*',
    limitRate(limits.requestsPerMinute, options.clock ?? systemClock, clientAddress),
  );

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    if (!c.req.path.startsWith('/api/')) {
      c.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      );
    }
  });
  app.use('/api/*', async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) rejectCrossSite(c, trusted);
    await next();
  });

  const signUpMode = signUpModeOf(options.signUpMode);
  const origin = new URL(options.baseURL).origin;
  const mailConfig =
    options.mail === false
      ? undefined
      : options.mail
        ? checkMailConfig(options.mail)
        : mailConfigFromEnv();
  const mailer = mailConfig ? createMailer(mailConfig) : undefined;
  // Account calls are small and JSON: a form-encoded sign-in would pass by the login limiter.
  app.use('/api/auth/*', limitBody(limits.authBytes, 'An account request'), requireJson);
  app.post('/api/auth/sign-out', (c) => auth.signOut(c.req.raw));
  app.post('/api/auth/change-password', checkNewPassword('newPassword'));
  app.post('/api/auth/reset-password', checkNewPassword('newPassword'));
  app.post('/api/auth/sign-in/email', (c) => signInLimited(c, auth, limiter));
  app.post('/api/auth/sign-up/email', (c) => signUpGated(c, auth, options.workbench, signUpMode));
  app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));
  app.get('/api/openapi.json', (c) => c.json(buildOpenApiDocument(ROUTES)));
  const shared = { workbench: options.workbench, auth, origin, signUpMode, mailer };
  const jsonLimit = limitBody(limits.jsonBytes, 'A request body');
  for (const spec of ROUTES) {
    const handle = (c: Context) => runRoute(c, spec, shared, limits.uploadBytes);
    // An upload streams to disk under its own limit (uploads.ts); JSON is small and read whole.
    if (spec.body === 'multipart') app.on(spec.method, `/api/${spec.name}`, handle);
    else app.on(spec.method, `/api/${spec.name}`, jsonLimit, handle);
  }
  app.all('/api/*', (c) =>
    c.json(
      describeError(
        new DomainError('http/not-found', `No API route ${c.req.method} ${c.req.path}.`),
      ).body,
      404,
    ),
  );

  if (options.webDist && existsSync(join(options.webDist, 'index.html'))) {
    // serveStatic resolves `root` against the working directory.
    const root = relative(process.cwd(), options.webDist) || '.';
    app.use('/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  } else {
    app.get('/', (c) =>
      c.text('ReviewBench API is running; the web app is not built (npm run build).'),
    );
  }
  return { app, auth, signUpMode, setupToken: await auth.newSetupToken() };
}

/** Refuses a weak new password (`field` of the JSON body) before better-auth sets it. */
function checkNewPassword(field: string): MiddlewareHandler {
  return async (c, next) => {
    const body = (await c.req.raw
      .clone()
      .json()
      .catch(() => ({}))) as Record<string, unknown>;
    const password = body[field];
    if (typeof password === 'string') requireGoodPassword(password);
    return next();
  };
}

/** Account calls carry JSON (or nothing): anything else is refused before better-auth reads it. */
const requireJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST') {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const length = c.req.header('content-length');
    const empty = length === '0' || (!type && !c.req.raw.body);
    if (type !== 'application/json' && !empty)
      throw new DomainError(
        'http/unsupported-media',
        `Account requests take JSON (Content-Type: application/json), not "${type || 'none'}".`,
      );
  }
  return next();
};

/** Headers that carry an invitation or the setup token with a sign-up. */
export const INVITATION_HEADER = 'x-reviewbench-invitation';
export const SETUP_HEADER = 'x-reviewbench-setup';

/**
 * Sign-up, gated: with the setup token it creates the first administrator; on an
 * invite-only server it needs a usable invitation (for this email, when the invitation
 * names one), which the new account then accepts; on an open server anyone may sign up.
 */
async function signUpGated(
  c: Context,
  auth: ServerAuth,
  workbench: Workbench,
  mode: SignUpMode,
): Promise<Response> {
  const body = (await c.req.raw
    .clone()
    .json()
    .catch(() => ({}))) as { email?: unknown; password?: unknown };
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (typeof body.password === 'string') requireGoodPassword(body.password, email);
  const setup = c.req.header(SETUP_HEADER);
  const invitation = c.req.header(INVITATION_HEADER);
  if (setup) {
    if (!(await auth.claimSetupToken(setup)))
      throw new DomainError(
        'auth/bad-setup-token',
        'This setup link is not valid or was already used. Restart the server for a new one, or run `reviewbench admin create`.',
      );
    const response = await auth.handler(c.req.raw);
    const userId = response.ok ? await createdUserId(response) : undefined;
    if (!userId) {
      await auth.restoreSetupToken(setup);
      return response;
    }
    await auth.makeAdmin(userId);
    return withoutSessionCache(response);
  }
  if (invitation) await workbench.invitationAdmits(invitation, email);
  else if (mode === 'invite-only')
    throw new DomainError(
      'auth/sign-up-closed',
      'This server admits new accounts by invitation only: open the invitation link your review’s lead sent you.',
    );
  const response = await auth.handler(c.req.raw);
  const userId = response.ok && invitation ? await createdUserId(response) : undefined;
  // The new account joins the review it was invited to; a failure here (the link used a
  // moment ago by someone else) leaves the account without the membership, as it should.
  if (userId && invitation)
    await workbench
      .as(email)
      .acceptInvitation(invitation, { id: userId, email })
      .catch(() => undefined);
  return response;
}

/**
 * The answer without its signed session-cache cookie: that copy of the user was made
 * before they became administrator, and would hide it for the cookie's minute.
 */
function withoutSessionCache(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.delete('set-cookie');
  for (const cookie of response.headers.getSetCookie())
    if (!/^(__Secure-)?[\w.-]*session_data=/.test(cookie)) headers.append('set-cookie', cookie);
  return new Response(response.body, { status: response.status, headers });
}

/** The new user's id from better-auth's sign-up answer. */
async function createdUserId(response: Response): Promise<string | undefined> {
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { user?: { id?: unknown } };
  return typeof body.user?.id === 'string' ? body.user.id : undefined;
}

/**
 * Refuses state-changing calls from other sites: browsers send Origin (and
 * Sec-Fetch-Site) on cross-origin POSTs, so a page elsewhere cannot act with
 * the user's cookie. Clients that send neither (curl, scripts) are not browsers.
 */
function rejectCrossSite(c: Context, trusted: Set<string>): void {
  const own = new URL(c.req.url).origin;
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none')
    throw new DomainError(
      'auth/cross-site',
      `Cross-site request refused (Sec-Fetch-Site: ${site}).`,
    );
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== own && !trusted.has(origin))
    throw new DomainError('auth/cross-site', `Cross-site request refused (Origin: ${origin}).`);
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}

/** Sign-in with failures counted per email and address: the sixth failure in 15 minutes answers 429. */
async function signInLimited(
  c: Context,
  auth: ServerAuth,
  limiter: LoginLimiter,
): Promise<Response> {
  const body = (await c.req.raw
    .clone()
    .json()
    .catch(() => ({}))) as { email?: unknown };
  const key = `${typeof body.email === 'string' ? body.email.trim().toLowerCase() : ''}|${clientAddress(c)}`;
  if (limiter.blocked(key)) {
    throw new DomainError(
      'auth/rate-limited',
      'Too many failed sign-ins for this email from this address; try again in 15 minutes.',
    );
  }
  const response = await auth.handler(c.req.raw);
  if (response.status === 401 || response.status === 403) limiter.recordFailure(key);
  else if (response.ok) limiter.reset(key);
  return response;
}

async function readInput(c: Context, spec: RouteSpec): Promise<unknown> {
  if (spec.body === 'query') return c.req.query();
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('usage', 'The request body is not valid JSON.');
  }
}

/** Loads the caller's membership (by account id) and policies in a review; an unknown review answers 404. */
async function loadAccess(
  workbench: Workbench,
  user: SessionUser,
  reviewId: number,
): Promise<ReviewAccess> {
  // The request's review: what the access check reads here, the use case does not read again.
  const review = workbench.review(reviewId, { request: true });
  const [settings, reviewers] = await Promise.all([
    review.screen.settings(),
    review.screen.reviewers(),
  ]);
  // Bound by account id: an account that merely has an invited member's email is no member.
  const found = reviewers.find((r) => r.userId === user.id);
  const member = found ? { name: found.name, role: found.role } : undefined;
  return {
    reviewId,
    role: member?.role,
    member,
    settings,
    review,
    policies: decideReviewPolicies(
      { name: member?.name, admin: user.admin, role: member?.role },
      settings,
    ),
  };
}

/** Nobody signed in, for public routes. */
const ANONYMOUS: SessionUser = { id: '', email: '', name: '', admin: false };

/** The one path every RPC call takes: session, validation, access, engine, JSON. */
async function runRoute(
  c: Context,
  spec: RouteSpec,
  shared: Pick<RouteContext<unknown>, 'workbench' | 'auth' | 'origin' | 'signUpMode' | 'mailer'>,
  uploadBytes: number,
): Promise<Response> {
  const { auth } = shared;
  const signedIn = await auth.currentUser(c.req.raw.headers);
  if (!signedIn && spec.scope !== 'public')
    throw new DomainError('auth/unauthenticated', 'Sign in first.');
  const user = signedIn ?? ANONYMOUS;
  // Files stream to temporary files, removed once the route has answered.
  const upload =
    spec.body === 'multipart' ? await receiveUpload(c.req.raw, uploadBytes) : undefined;
  try {
    return await answerRoute(c, spec, shared, user, signedIn !== undefined, upload);
  } finally {
    await upload?.cleanup();
  }
}

async function answerRoute(
  c: Context,
  spec: RouteSpec,
  shared: Pick<RouteContext<unknown>, 'workbench' | 'auth' | 'origin' | 'signUpMode' | 'mailer'>,
  user: SessionUser,
  signedIn: boolean,
  upload: ReceivedUpload | undefined,
): Promise<Response> {
  const { workbench } = shared;
  const raw = upload ? { ...upload.fields, file: upload.files } : await readInput(c, spec);
  const input = spec.input.parse(raw) as Record<string, unknown>;
  const acting = workbench.as(user.email || 'anonymous');
  // Review routes always receive an access; other routes never read it.
  let access = undefined as unknown as ReviewAccess;
  if (spec.scope === 'review') {
    access = await loadAccess(acting, user, input.reviewId as number);
    if (!spec.allow?.(access, user)) throw forbidden(spec, access);
  }
  const result = await spec.handle({
    input,
    user,
    signedIn,
    ...shared,
    workbench: acting,
    access,
  });
  if (result instanceof Response) return result;
  return c.json(result ?? null);
}

/** A refusal a person can act on: who they are in the review and what the route does. */
function forbidden(spec: RouteSpec, access: ReviewAccess): DomainError {
  if (!access.role)
    return new DomainError(
      'auth/forbidden',
      'You are not a member of this review. Ask its lead for an invitation.',
    );
  const what = spec.summary.replace(/\s*\([^)]*\)$/, '');
  return new DomainError(
    'auth/forbidden',
    `As a ${access.role} of this review you may not do this: ${what.charAt(0).toLowerCase()}${what.slice(1)}.`,
  );
}
