export { startServer } from './serve';
export type { RunningServer, StartServerOptions } from './serve';
export { createServerApp } from './app';
export type { CreateServerAppOptions, ServerApp } from './app';
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo';
export { statusForCode } from './errors';
export { ROUTES } from './routes/index';
