import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '#server/index';
import type { RunningServer } from '#server/index';
import { movableClock } from '#test/support/clock';
import { storeTargets } from '#test/support/stores';
import { buildRis } from '#test/support/ris';
import { callRoute, createTestApp, ORIGIN, requestSignUp, signUp } from './harness';
import type { TestApp } from './harness';

/**
 * What one request may cost: bodies over their limit are refused before they are read whole,
 * one address cannot flood the API, account calls are JSON only, weak passwords are refused,
 * a signed-out session is dead at once, and a request naming another host is not answered.
 */

/** Sends `bytes` to a path over a real socket, chunked (no Content-Length) when asked. */
function send(
  url: string,
  path: string,
  bytes: Buffer,
  headers: Record<string, string>,
  chunked: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}${path}`,
      {
        method: 'POST',
        headers: chunked ? headers : { ...headers, 'content-length': String(bytes.length) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET'
        ? resolve({ status: -1, text: error.code })
        : reject(error),
    );
    for (let i = 0; i < bytes.length; i += 64 * 1024)
      request.write(bytes.subarray(i, i + 64 * 1024));
    request.end();
  });
}

describe.each(storeTargets)('request limits over HTTP on $name', (target) => {
  let running: RunningServer;

  beforeAll(async () => {
    running = await startServer({
      url: await target.fresh(),
      port: 0,
      secret: 'test-secret-test-secret-test-secret-42',
      signUpMode: 'open',
      limits: { jsonBytes: 64 * 1024, uploadBytes: 1024 * 1024, requestsPerMinute: 0 },
    });
  });
  afterAll(async () => running?.close());

  /** A signed-up account's cookies (sign-up is open on this server). */
  let cookie: string | undefined;
  const leadCookie = async (): Promise<string> => {
    if (cookie) return cookie;
    const response = await fetch(`${running.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url },
      body: JSON.stringify({
        email: 'lead@example.org',
        password: 'correct horse battery',
        name: 'L',
      }),
    });
    cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return cookie;
  };

  it.each([false, true])(
    'refuses a sign-in body over 64 KiB with 413 (chunked: %s), and keeps answering',
    async (chunked) => {
      const huge = Buffer.from(
        JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(3 * 1024 * 1024) }),
      );
      const answer = await send(
        running.url,
        '/api/auth/sign-in/email',
        huge,
        { 'content-type': 'application/json', origin: running.url },
        chunked,
      );
      if (answer.status !== -1) {
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.text)).toMatchObject({
          error: { code: 'http/too-large', message: expect.stringMatching(/at most 64 KiB/) },
        });
      }
      const info = await fetch(`${running.url}/api/server.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: running.url },
        body: '{}',
      });
      expect(info.status).toBe(200);
    },
  );

  it.each([false, true])(
    'refuses an API body over the JSON limit and an upload over the upload limit (chunked: %s)',
    async (chunked) => {
      const json = await send(
        running.url,
        '/api/identify.translate',
        Buffer.from(
          JSON.stringify({ query: 'a'.repeat(100 * 1024), from: 'pubmed', to: 'embase' }),
        ),
        { 'content-type': 'application/json', origin: running.url },
        chunked,
      );
      if (json.status !== -1) expect(json.status).toBe(413);
      const boundary = 'xxLIMITxx';
      const form = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="reviewId"\r\n\r\n1\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.ris"\r\n\r\n`,
        ),
        Buffer.alloc(2 * 1024 * 1024, 'TY  - JOUR\r\n'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const headers = {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        origin: running.url,
      };
      // Nobody signed in: refused before a byte of the body is read or written anywhere.
      const anonymous = await send(running.url, '/api/identify.import', form, headers, chunked);
      if (anonymous.status !== -1) expect(anonymous.status).toBe(401);
      const upload = await send(
        running.url,
        '/api/identify.import',
        form,
        { ...headers, cookie: await leadCookie() },
        chunked,
      );
      if (upload.status !== -1) {
        expect(upload.status).toBe(413);
        expect(upload.text).toMatch(/An upload may be at most 1 MiB/);
      }
    },
  );

  it('streams an upload within the limit to disk and imports it', async () => {
    const cookie = await leadCookie();
    const created = await fetch(`${running.url}/api/reviews.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url, cookie },
      body: JSON.stringify({ title: 'Upload', type: 'scoping' }),
    });
    const { id } = (await created.json()) as { id: number };
    const form = new FormData();
    form.append('reviewId', String(id));
    form.append(
      'file',
      new Blob([new Uint8Array(buildRis([{ title: 'One' }, { title: 'Two' }]))]),
      'two.ris',
    );
    const response = await fetch(`${running.url}/api/identify.import`, {
      method: 'POST',
      headers: { origin: running.url, cookie },
      body: form,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      files: [{ fileName: 'two.ris', status: 'imported', added: 2 }],
    });
  });
});

describe.each(storeTargets)('accounts, rates and hosts on $name', (target) => {
  let t: TestApp;
  const clock = movableClock('2026-12-04T10:00:00.000Z');

  beforeAll(async () => {
    t = await createTestApp(await target.fresh(), { clock });
  });
  afterAll(async () => t?.close());

  it('takes account calls as JSON only: a form-encoded sign-in cannot pass by the login limiter', async () => {
    const form = await t.app.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ email: 'a@example.org', password: 'wrong password' }).toString(),
    });
    expect(form.status).toBe(400);
    expect(await form.json()).toMatchObject({ error: { code: 'http/unsupported-media' } });
  });

  it('refuses short, common and self-naming passwords at sign-up, saying why', async () => {
    const attempt = async (email: string, password: string) => {
      const response = await t.app.request('/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ email, password, name: 'X' }),
      });
      return { status: response.status, body: (await response.json()) as { error?: unknown } };
    };
    const short = await attempt('s@example.org', 'abc12345');
    expect(short).toMatchObject({
      status: 400,
      body: {
        error: { code: 'auth/weak-password', message: expect.stringMatching(/at least 10/) },
      },
    });
    for (const common of ['password123', 'qwertyuiop', '1234567890', 'Password12'])
      expect(await attempt('c@example.org', common), common).toMatchObject({
        status: 400,
        body: { error: { code: 'auth/weak-password', message: expect.stringMatching(/common/) } },
      });
    expect(await attempt('someone.long@example.org', 'someone.long@example.org')).toMatchObject({
      status: 400,
    });
    // Nothing was created by the refusals: the same email signs up with a good password.
    expect((await requestSignUp(t.app, 's@example.org')).status).toBe(200);
  });

  it('ends a session at once on sign-out, though its signed copy would be good for a minute', async () => {
    const ana = await signUp(t.app, 'ana@example.org');
    expect((await ana.call('me')).status).toBe(200);
    const out = await t.app.request('/api/auth/sign-out', {
      method: 'POST',
      headers: { cookie: ana.cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    // The browser would drop its cookies; a copy of them (a stolen cookie) is refused too.
    const after = await ana.call('me');
    expect(after.status).toBe(401);
  });

  it('answers only for its own host (DNS rebinding)', async () => {
    const wrong = await t.app.request('/api/server.info', {
      method: 'POST',
      headers: { host: 'evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: 'http/wrong-host' } });
    const own = await t.app.request('/api/server.info', {
      method: 'POST',
      headers: { host: 'localhost', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(own.status).toBe(200);
  });

  it('limits requests per address: a burst passes, a flood answers 429 with Retry-After', async () => {
    // 60 a minute: a burst of 10, then one a second.
    const limited = await createTestApp(await target.fresh(), {
      clock,
      limits: { requestsPerMinute: 60 },
    });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i += 1) {
      const response = await limited.app.request('/api/server.info', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: '{}',
      });
      statuses.push(response.status);
      retryAfter ??= response.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(retryAfter).toBe('1');
    // A second later there is room for one more.
    clock.advance(1 / 86_400);
    expect((await callRoute(limited.app, '', 'server.info')).status).toBe(200);
    expect((await callRoute(limited.app, '', 'server.info')).status).toBe(429);
    await limited.close();
  });
});
