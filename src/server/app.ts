import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Context } from 'hono';
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
import type { ReviewAccess, RouteSpec } from './routes/index';

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
}

/** The Hono app and the pieces a caller (serve, demo, tests) may need. */
export interface ServerApp {
  app: Hono;
  auth: ServerAuth;
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
  const app = new Hono();
  app.onError(handleError);

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

  app.post('/api/auth/sign-in/email', (c) => signInLimited(c, auth, limiter));
  app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));
  app.get('/api/openapi.json', (c) => c.json(buildOpenApiDocument(ROUTES)));
  for (const spec of ROUTES)
    app.on(spec.method, `/api/${spec.name}`, (c) => runRoute(c, spec, options.workbench, auth));
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
  return { app, auth };
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
  if (spec.body === 'multipart') {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/form-data'))
      throw new DomainError('usage', 'Send the files as multipart/form-data.');
    const form = await c.req.parseBody({ all: true });
    const file = form.file;
    return { ...form, file: file === undefined ? [] : Array.isArray(file) ? file : [file] };
  }
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('usage', 'The request body is not valid JSON.');
  }
}

/** Loads the caller's role and policies in a review; an unknown review answers 404. */
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
  const role = reviewers.find((r) => r.name === user.email)?.role;
  return {
    reviewId,
    role,
    settings,
    review,
    policies: decideReviewPolicies({ email: user.email, admin: user.admin, role }, settings),
  };
}

/** The one path every RPC call takes: session, validation, access, engine, JSON. */
async function runRoute(
  c: Context,
  spec: RouteSpec,
  workbench: Workbench,
  auth: ServerAuth,
): Promise<Response> {
  const user = await auth.currentUser(c.req.raw.headers);
  if (!user) throw new DomainError('auth/unauthenticated', 'Sign in first.');
  const input = spec.input.parse(await readInput(c, spec)) as Record<string, unknown>;
  const acting = workbench.as(user.email);
  let access = undefined as unknown as ReviewAccess;
  if (spec.scope === 'review') {
    access = await loadAccess(acting, user, input.reviewId as number);
    if (!spec.allow?.(access, user))
      throw new DomainError(
        'auth/forbidden',
        `You may not call ${spec.name} in review ${access.reviewId}.`,
      );
  }
  const result = await spec.handle({ input, user, workbench: acting, auth, access });
  if (result instanceof Response) return result;
  return c.json(result ?? null);
}
