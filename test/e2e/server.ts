import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { openWorkbench } from '#engine/index';
import { createServerApp } from '#server/app';

/** A real server on 127.0.0.1 with a fresh store (SQLite unless told), serving the built web app. */
export interface TestServer {
  url: string;
  /** The one-time link that creates the administrator (`reviewbench serve` prints it). */
  setupLink: string;
  close(): Promise<void>;
}

/**
 * Starts the app on an ephemeral port. The app needs its own origin (cookies and origin
 * checks follow it), which is only known once the socket listens, so requests go through a
 * handler bound after `listen`.
 */
export async function startTestServer(
  options: {
    /** An empty store's url (a fresh PostgreSQL database); a new SQLite file if absent. */ storeUrl?: string;
  } = {},
): Promise<TestServer> {
  const folder = mkdtempSync(join(tmpdir(), 'rb-e2e-'));
  const workbench = await openWorkbench({ url: options.storeUrl ?? join(folder, 'review.db') });
  let handle: (request: Request) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (done) => {
      const started = serve(
        { fetch: (request) => handle(request), hostname: '127.0.0.1', port: 0 },
        (info: AddressInfo) => done({ server: started, port: info.port }),
      );
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const { app, setupToken } = await createServerApp({
    workbench,
    baseURL: url,
    webDist: resolve(process.cwd(), 'web/dist'),
    secret: 'e2e-secret-e2e-secret-e2e-secret-0123',
  });
  handle = (request) => app.fetch(request);
  if (!setupToken) throw new Error('a fresh store must offer a setup link');
  return {
    url,
    setupLink: `${url}/#/setup/${setupToken}`,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await workbench.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
