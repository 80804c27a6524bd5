import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Clock } from '#core/ports';
import { openWorkbench } from '#engine/index';
import type { Workbench } from '#engine/index';
import { createServerApp } from './app';
import type { ServerApp, SignUpMode } from './app';
import type { ServerLimits } from './limits';
import { setupDemo } from './demo';
import type { DemoResult } from '#engine/demo';

export interface StartServerOptions {
  /** SQLite file path or `postgres://` url of the store. */
  url: string;
  /** Default 127.0.0.1: the workbench is not exposed to the network unless asked. */
  host?: string;
  /** Default 4173; 0 picks a free port. */
  port?: number;
  /** The built web app (web/dist). */
  webDist?: string;
  /** Build the demo review and its accounts from these sample exports. */
  demoSamplesDir?: string;
  /** The public origin when behind a proxy (allowed for state-changing calls). */
  publicOrigin?: string;
  secret?: string;
  clock?: Clock;
  signUpMode?: SignUpMode;
  /** Body sizes and request rates (defaults in limits.ts, or the environment). */
  limits?: Partial<ServerLimits>;
}

/** A listening server and how to stop it. */
export interface RunningServer {
  url: string;
  workbench: Workbench;
  server: ServerApp;
  demo?: DemoResult;
  /** While there is no administrator: the one-time link that creates the first. */
  setupUrl?: string;
  close(): Promise<void>;
}

/** Opens the store, listens on host:port and serves the API and the web app. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const workbench = await openWorkbench({
    url: options.url,
    actor: 'server',
    clock: options.clock,
  });
  // Connections for a team screening at once, opened before the first of them signs in.
  await workbench.openConnections(10);
  const host = options.host ?? '127.0.0.1';
  let handler: ((request: Request) => Response | Promise<Response>) | undefined;
  const node = serve({
    fetch: (request) => (handler ? handler(request) : new Response('starting', { status: 503 })),
    hostname: host,
    port: options.port ?? 4173,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      node.once('listening', resolve);
      node.once('error', reject);
    });
    const { port } = node.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const server = await createServerApp({
      workbench,
      baseURL: options.publicOrigin ?? url,
      trustedOrigins: options.publicOrigin ? [url] : [],
      webDist: options.webDist,
      secret: options.secret,
      clock: options.clock,
      signUpMode: options.signUpMode,
      limits: options.limits,
    });
    const demo = options.demoSamplesDir
      ? await setupDemo(workbench, server.auth, options.demoSamplesDir)
      : undefined;
    handler = (request) => server.app.fetch(request);
    // The demo made its administrator; any other server without one prints the setup link.
    const setupToken = demo ? undefined : server.setupToken;
    return {
      url,
      workbench,
      server,
      demo,
      setupUrl: setupToken
        ? `${new URL(options.publicOrigin ?? url).origin}/#/setup/${setupToken}`
        : undefined,
      async close() {
        await new Promise<void>((resolve) => {
          node.close(() => resolve());
          // Keep-alive sockets would hold close() open.
          (node as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await workbench.close();
      },
    };
  } catch (error) {
    node.close();
    await workbench.close();
    throw error;
  }
}
