import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '#server/index';
import type { RunningServer } from '#server/index';
import { storeTargets } from '#test/support/stores';
import { PASSWORD } from './harness';

describe.each(storeTargets)('accounts and sessions over HTTP on $name', (target) => {
  let running: RunningServer;
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    running = await startServer({
      url: await target.fresh(),
      port: 0,
      secret: 'test-secret-test-secret-test-secret-42',
    });
  });
  afterAll(async () => running?.close());

  it('admits no one by signing up first: invite-only refuses, the one-time setup link makes the administrator', async () => {
    const refused = await post('/api/auth/sign-up/email', {
      email: 'first@example.org',
      password: PASSWORD,
      name: 'First',
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'auth/sign-up-closed',
    );
    expect(running.setupUrl).toMatch(/\/#\/setup\/[\w-]{20,}$/);
    const token = running.setupUrl!.split('/').pop()!;
    const wrong = await post(
      '/api/auth/sign-up/email',
      { email: 'mallory@example.org', password: PASSWORD, name: 'Mallory' },
      { 'x-reviewbench-setup': `${token}x` },
    );
    expect(wrong.status).toBe(403);
    const first = await post(
      '/api/auth/sign-up/email',
      { email: 'Admin@Example.org', password: PASSWORD, name: 'Ada' },
      { 'x-reviewbench-setup': token },
    );
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^better-auth\.session_token=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure'); // plain http on 127.0.0.1
    const me = await post('/api/me', {}, { cookie: cookie.split(';')[0]! });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: { id: expect.any(String), email: 'admin@example.org', name: 'Ada', admin: true },
      reviews: [],
    });
    // The link works once.
    const again = await post(
      '/api/auth/sign-up/email',
      { email: 'eve@example.org', password: PASSWORD, name: 'Eve' },
      { 'x-reviewbench-setup': token },
    );
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'auth/bad-setup-token',
    );
    const info = await post('/api/server.info', {});
    expect(await info.json()).toEqual({
      signUpMode: 'invite-only',
      needsSetup: false,
      mail: false,
    });

    // Bob joins with an invitation link the administrator made in a review of theirs.
    const adminCookie = cookie.split(';')[0]!;
    const review = (await (
      await post(
        '/api/reviews.create',
        { title: 'Team review', type: 'scoping', protocol: {} },
        { cookie: adminCookie },
      )
    ).json()) as { id: number };
    const invitation = (await (
      await post(
        '/api/members.invite',
        { reviewId: review.id, role: 'reviewer' },
        { cookie: adminCookie },
      )
    ).json()) as { token: string; link: string };
    expect(invitation.link).toBe(`${running.url}/#/invite/${invitation.token}`);
    const second = await post(
      '/api/auth/sign-up/email',
      { email: 'bob@example.org', password: PASSWORD, name: 'Bob' },
      { 'x-reviewbench-invitation': invitation.token },
    );
    expect(second.status).toBe(200);
    const bob = await post(
      '/api/me',
      {},
      { cookie: (second.headers.get('set-cookie') ?? '').split(';')[0]! },
    );
    const bobMe = (await bob.json()) as { user: { admin: boolean }; reviews: { role: string }[] };
    expect(bobMe.user.admin).toBe(false);
    expect(bobMe.reviews.map((r) => r.role)).toEqual(['reviewer']);
    // The same link admits nobody else.
    const carol = await post(
      '/api/auth/sign-up/email',
      { email: 'carol@example.org', password: PASSWORD, name: 'Carol' },
      { 'x-reviewbench-invitation': invitation.token },
    );
    expect(carol.status).toBe(409);
  });

  it('signs in, reads the session and signs out', async () => {
    const signIn = await post('/api/auth/sign-in/email', {
      email: 'bob@example.org',
      password: PASSWORD,
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const session = await fetch(`${running.url}/api/auth/get-session`, { headers: { cookie } });
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(
      'bob@example.org',
    );
    expect((await post('/api/auth/sign-out', {}, { cookie })).status).toBe(200);
    expect((await post('/api/me', {}, { cookie })).status).toBe(401);
  });

  it('answers 401 without a session', async () => {
    const response = await post('/api/me', {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'auth/unauthenticated', message: 'Sign in first.' },
    });
  });

  it('refuses state-changing calls from another site (Origin or Sec-Fetch-Site) with 403', async () => {
    const evil = await post(
      '/api/auth/sign-in/email',
      { email: 'bob@example.org', password: PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe('auth/cross-site');
    const crossSite = await post(
      '/api/reviews.list',
      {},
      { origin: running.url, 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
  });

  it('rate-limits failed sign-ins per email and address: the sixth attempt in 15 minutes answers 429', async () => {
    const attempts: number[] = [];
    for (let i = 0; i < 6; i += 1)
      attempts.push(
        (
          await post('/api/auth/sign-in/email', {
            email: 'bob@example.org',
            password: 'wrong password',
          })
        ).status,
      );
    expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password waits now; another email from the same address does not.
    expect(
      (await post('/api/auth/sign-in/email', { email: 'bob@example.org', password: PASSWORD }))
        .status,
    ).toBe(429);
    expect(
      (await post('/api/auth/sign-in/email', { email: 'admin@example.org', password: PASSWORD }))
        .status,
    ).toBe(200);
  });

  it('serves the OpenAPI document without a session', async () => {
    const response = await fetch(`${running.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });
});
