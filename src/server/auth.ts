import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import type { BetterAuthOptions } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import type { Kysely } from 'kysely';
import type { Workbench } from '#engine/index';
import { MIN_PASSWORD_LENGTH } from './passwords';

/** The signed-in user as routes see it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  admin: boolean;
}

export interface CreateAuthOptions {
  workbench: Workbench;
  /** The server's own origin, e.g. `http://127.0.0.1:4173`: cookies and origin checks follow it. */
  baseURL: string;
  /** Session-signing secret; default: REVIEWBENCH_AUTH_SECRET, else one kept in the store. */
  secret?: string;
  /** Other origins allowed to call the auth endpoints (besides the request's own). */
  trustedOrigins?: string[];
}

/** better-auth configured for ReviewBench, plus how to read the user behind a request. */
export interface ServerAuth {
  handler(request: Request): Promise<Response>;
  /** The signed-in user of a request, or undefined. */
  currentUser(headers: Headers): Promise<SessionUser | undefined>;
  /**
   * Signs out, and refuses the session at once everywhere in this process: the signed copy
   * of the session in the cookie cache would otherwise be honoured for up to a minute.
   */
  signOut(request: Request): Promise<Response>;
  /** Looks up accounts by email (for member names). */
  findUsers(emails: string[]): Promise<Map<string, { id: string; name: string }>>;
  /** Creates an email + password account unless one exists (demo and first-run setup). */
  ensureAccount(input: {
    email: string;
    password: string;
    name: string;
  }): Promise<{ id: string; created: boolean }>;
  /** Makes an account an administrator (`reviewbench admin create`, the setup token, the demo). */
  makeAdmin(userId: string): Promise<void>;
  /** Whether any administrator exists. */
  hasAdmin(): Promise<boolean>;
  /**
   * A one-time token that lets whoever holds it create the first administrator, made (and
   * its hash kept) only while the server has no administrator; a new one each call.
   */
  newSetupToken(): Promise<string | undefined>;
  /** Claims the setup token (once): true when it was the one issued and not yet used. */
  claimSetupToken(token: string): Promise<boolean>;
  /** Puts a claimed setup token back (the sign-up it was claimed for failed). */
  restoreSetupToken(token: string): Promise<void>;
}

const SETUP_TOKEN = 'setup-token-sha256';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Accounts and sessions in the review store itself (better-auth's own tables,
 * created by its migrations). Passwords are hashed with Argon2id. Nobody becomes an
 * administrator by signing up first: `reviewbench admin create` or the one-time setup
 * token printed at the first start makes one.
 */
export async function createAuth(options: CreateAuthOptions): Promise<ServerAuth> {
  const { store } = options.workbench;
  // better-auth's tables are not part of the review schema, so its queries go through an untyped handle.
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const secret =
    options.secret ??
    process.env.REVIEWBENCH_AUTH_SECRET ??
    (await loadStoredSecret(options.workbench));
  const config = {
    appName: 'ReviewBench',
    baseURL: options.baseURL,
    basePath: '/api/auth',
    secret,
    database: { db, type: store.dialect },
    telemetry: { enabled: false },
    // Failed passwords are expected traffic, counted by the login limiter, not warnings.
    logger: { level: 'error' },
    // The API's own cross-site check runs first (app.ts); here the server's own origin is
    // whatever host the browser used (127.0.0.1 or localhost).
    trustedOrigins: (request?: Request) => [
      request ? new URL(request.url).origin : undefined,
      ...(options.trustedOrigins ?? []),
    ],
    // Login throttling is ours (per email and address, failures only): see login-limit.ts.
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      password: {
        hash: (password: string) => hash(password),
        verify: ({ hash: stored, password }: { hash: string; password: string }) =>
          verify(stored, password),
      },
    },
    // A signed copy of the session rides in a cookie for a minute, so a screener's every request
    // does not read the session table (20 screeners at once on PostgreSQL felt it). A sign-out
    // clears it at once in that browser; elsewhere a revoked session lives at most a minute.
    session: { cookieCache: { enabled: true, maxAge: 60 } },
    user: { additionalFields: { admin: { type: 'boolean', defaultValue: false, input: false } } },
    advanced: {
      useSecureCookies: options.baseURL.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    databaseHooks: {
      user: {
        create: {
          // Administrators are made on purpose (makeAdmin), never by a sign-up's body.
          before: async (user) => ({ data: { ...user, admin: false } }),
        },
      },
    },
  } satisfies BetterAuthOptions;
  const { runMigrations } = await getMigrations(config);
  await runMigrations();
  const auth = betterAuth(config);
  // better-auth stores its boolean as 0/1 on SQLite (which binds no booleans) and as boolean on PostgreSQL.
  const TRUE = store.dialect === 'sqlite' ? 1 : true;
  const hasAdmin = async (): Promise<boolean> => {
    const found = await db
      .selectFrom('user')
      .select('id')
      .where('admin', '=', TRUE)
      .executeTakeFirst();
    return found !== undefined;
  };
  // Session tokens signed out within the cookie cache's lifetime, with when they were.
  const revoked = new Map<string, number>();
  const REVOKED_FOR_MS = 5 * 60_000;
  const isRevoked = (headers: Headers): boolean => {
    if (revoked.size === 0) return false;
    const token = sessionToken(headers);
    if (!token) return false;
    const at = revoked.get(token);
    if (at === undefined) return false;
    if (Date.now() - at > REVOKED_FOR_MS) {
      revoked.delete(token);
      return false;
    }
    return true;
  };
  return {
    handler: (request) => auth.handler(request),
    async signOut(request) {
      const token = sessionToken(request.headers);
      const response = await auth.handler(request);
      if (token && response.ok) {
        revoked.set(token, Date.now());
        for (const [old, at] of revoked) {
          if (Date.now() - at <= REVOKED_FOR_MS && revoked.size <= 10_000) break;
          revoked.delete(old);
        }
      }
      return response;
    },
    async currentUser(headers) {
      if (isRevoked(headers)) return undefined;
      const session = await auth.api.getSession({ headers });
      if (!session) return undefined;
      const { user } = session;
      return {
        id: user.id,
        email: user.email.toLowerCase(),
        name: user.name,
        admin: Boolean((user as { admin?: unknown }).admin),
      };
    },
    async findUsers(emails) {
      const found = new Map<string, { id: string; name: string }>();
      if (emails.length === 0) return found;
      const rows = await db
        .selectFrom('user')
        .select(['id', 'email', 'name'])
        .where('email', 'in', emails)
        .execute();
      for (const row of rows)
        found.set(String(row.email).toLowerCase(), { id: String(row.id), name: String(row.name) });
      return found;
    },
    async ensureAccount(input) {
      const existing = await db
        .selectFrom('user')
        .select('id')
        .where('email', '=', input.email.toLowerCase())
        .executeTakeFirst();
      if (existing) return { id: String(existing.id), created: false };
      const made = await auth.api.signUpEmail({ body: input });
      return { id: made.user.id, created: true };
    },
    async makeAdmin(userId) {
      await db.updateTable('user').set({ admin: TRUE }).where('id', '=', userId).execute();
      await db.deleteFrom('server_settings').where('name', '=', SETUP_TOKEN).execute();
    },
    hasAdmin,
    async newSetupToken() {
      if (await hasAdmin()) return undefined;
      const token = randomBytes(24).toString('base64url');
      await db.deleteFrom('server_settings').where('name', '=', SETUP_TOKEN).execute();
      await db
        .insertInto('server_settings')
        .values({ name: SETUP_TOKEN, value: sha256(token), created_at: new Date().toISOString() })
        .execute();
      return token;
    },
    async claimSetupToken(token) {
      const row = await db
        .selectFrom('server_settings')
        .select('value')
        .where('name', '=', SETUP_TOKEN)
        .executeTakeFirst();
      const given = Buffer.from(sha256(token), 'hex');
      const kept = row ? Buffer.from(String(row.value), 'hex') : undefined;
      if (!kept || kept.length !== given.length || !timingSafeEqual(kept, given)) return false;
      // Deleting the row is the claim: of two sign-ups with the same token, one deletes it.
      const deleted = await db
        .deleteFrom('server_settings')
        .where('name', '=', SETUP_TOKEN)
        .where('value', '=', String(row!.value))
        .executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1;
    },
    async restoreSetupToken(token) {
      await db
        .insertInto('server_settings')
        .values({ name: SETUP_TOKEN, value: sha256(token), created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    },
  };
}

/** The session token cookie's value (`better-auth.session_token`, `__Secure-` over https). */
function sessionToken(headers: Headers): string | undefined {
  const cookie = headers.get('cookie');
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (name === 'better-auth.session_token' || name === '__Secure-better-auth.session_token')
      return part.slice(at + 1).trim();
  }
  return undefined;
}

/** A random secret made once per store, so sessions survive a restart. */
async function loadStoredSecret(workbench: Workbench): Promise<string> {
  const { db } = workbench.store;
  const existing = await db
    .selectFrom('server_settings')
    .select('value')
    .where('name', '=', 'auth-secret')
    .executeTakeFirst();
  if (existing) return existing.value;
  const value = randomBytes(32).toString('base64url');
  await db
    .insertInto('server_settings')
    .values({ name: 'auth-secret', value, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const stored = await db
    .selectFrom('server_settings')
    .select('value')
    .where('name', '=', 'auth-secret')
    .executeTakeFirstOrThrow();
  return stored.value;
}
