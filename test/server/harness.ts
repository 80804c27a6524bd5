import type { Hono } from 'hono';
import type { Clock } from '#core/ports';
import { openWorkbench } from '#engine/index';
import type { Workbench } from '#engine/index';
import { createServerApp } from '#server/index';
import type { ServerApp, SignUpMode } from '#server/index';
import type { MailConfig } from '#server/mail';
import type { ServerLimits } from '#server/limits';
import { buildRis } from '#test/support/ris';

/** The origin the in-process app believes it is served at. */
export const ORIGIN = 'http://localhost';
export const PASSWORD = 'correct horse battery';

/** An app on a fresh store, driven in process with `app.request`. */
export interface TestApp {
  app: Hono;
  server: ServerApp;
  workbench: Workbench;
  close(): Promise<void>;
}

/**
 * Builds the app over a brand-new store (SQLite file or PostgreSQL database). Sign-up is
 * open unless asked otherwise, so a suite can make its cast; the first administrator signs
 * up with the setup token (`signUpAdmin`).
 */
export async function createTestApp(
  url: string,
  options: {
    signUpMode?: SignUpMode;
    clock?: Clock;
    mail?: MailConfig;
    limits?: Partial<ServerLimits>;
  } = {},
): Promise<TestApp> {
  const workbench = await openWorkbench({ url, actor: 'test', clock: options.clock });
  const server = await createServerApp({
    workbench,
    baseURL: ORIGIN,
    secret: 'test-secret-test-secret-test-secret-42',
    signUpMode: options.signUpMode ?? 'open',
    clock: options.clock,
    // Never the environment's SMTP server: a suite that mails starts its own.
    mail: options.mail ?? false,
    // A suite calls far faster than people do: the rate limit is tried in limits.test.ts.
    limits: { requestsPerMinute: 0, ...options.limits },
  });
  return { app: server.app, server, workbench, close: () => workbench.close() };
}

/** A signed-in browser: keeps its session cookie and sends the same-origin headers a browser would. */
export interface TestUser {
  email: string;
  cookie: string;
  call(route: string, body?: unknown): Promise<{ status: number; body: unknown; text: string }>;
}

/** Answers of one call, parsed. */
async function read(response: Response): Promise<{ status: number; body: unknown; text: string }> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Files (SVG, CSV ...) are not JSON.
  }
  return { status: response.status, body, text };
}

/** Calls an RPC route as a user (or anonymously with cookie ''). */
export async function callRoute(
  app: Hono,
  cookie: string,
  route: string,
  body: unknown = {},
  method: 'POST' | 'GET' = 'POST',
): Promise<{ status: number; body: unknown; text: string }> {
  const headers: Record<string, string> = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
  if (cookie) headers.cookie = cookie;
  if (method === 'GET') {
    const query = new URLSearchParams(
      Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    return read(await app.request(`/api/${route}?${query.toString()}`, { headers }));
  }
  if (body instanceof FormData)
    return read(await app.request(`/api/${route}`, { method, headers, body }));
  return read(
    await app.request(`/api/${route}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** The raw sign-up answer, with an invitation or the setup token in its header when given. */
export function requestSignUp(
  app: Hono,
  email: string,
  tokens: { invitation?: string; setup?: string } = {},
  name = email.split('@')[0]!,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: ORIGIN };
  if (tokens.invitation) headers['x-reviewbench-invitation'] = tokens.invitation;
  if (tokens.setup) headers['x-reviewbench-setup'] = tokens.setup;
  return Promise.resolve(
    app.request('/api/auth/sign-up/email', {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password: PASSWORD, name }),
    }),
  );
}

/** Signs up (first time) and returns a user that carries the session cookie. */
export async function signUp(
  app: Hono,
  email: string,
  tokens: { invitation?: string; setup?: string } = {},
): Promise<TestUser> {
  const response = await requestSignUp(app, email, tokens);
  if (response.status !== 200)
    throw new Error(`sign-up of ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = cookiesOf(response);
  return { email, cookie, call: (route, body) => callRoute(app, cookie, route, body) };
}

/** Every cookie an answer sets, as a browser would send them back (session and its cache). */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .join('; ');
}

/** Signs in an existing account. */
export async function signIn(app: Hono, email: string): Promise<TestUser> {
  const response = await app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
  const cookie = cookiesOf(response);
  return { email, cookie, call: (route, body) => callRoute(app, cookie, route, body) };
}

/** The first administrator, signed up with the server's one-time setup token. */
export function signUpAdmin(t: TestApp, email: string): Promise<TestUser> {
  if (!t.server.setupToken) throw new Error('this server has an administrator already');
  return signUp(t.app, email, { setup: t.server.setupToken });
}

/** A lead brings a signed-up user into a review: an invitation for the role, accepted by them. */
export async function join(
  lead: TestUser,
  reviewId: number,
  user: TestUser,
  role: 'lead' | 'reviewer' | 'viewer',
): Promise<void> {
  const invited = await lead.call('members.invite', { reviewId, role });
  if (invited.status !== 200) throw new Error(`invite answered ${invited.status}: ${invited.text}`);
  const accepted = await user.call('invitations.accept', {
    token: (invited.body as { token: string }).token,
  });
  if (accepted.status !== 200)
    throw new Error(`accept answered ${accepted.status}: ${accepted.text}`);
}

/** A small RIS export as the form the web app uploads. */
export function importForm(reviewId: number, titles: string[], fileName = 'search.ris'): FormData {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  const bytes = buildRis(
    titles.map((title, i) => ({
      title,
      year: 2020 + (i % 5),
      abstract: `Abstract of ${title}.`,
      doi: `10.1000/test.${fileName}.${i}`,
    })),
  );
  form.append(
    'file',
    new File([bytes as Uint8Array<ArrayBuffer>], fileName, {
      type: 'application/x-research-info-systems',
    }),
  );
  form.append('source', 'PubMed');
  return form;
}
