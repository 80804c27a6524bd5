export { startServer } from './serve';
export type { RunningServer, StartServerOptions } from './serve';
export { createServerApp } from './app';
export type { CreateServerAppOptions, ServerApp } from './app';
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo';
export { statusForCode } from './errors';
export { ROUTES } from './routes/index';
export { createAdministrator } from './admin';
export { SIGN_UP_MODES } from './app';
export type { SignUpMode } from './app';
// Answer shapes the web reads (types only; they come from the engine through the routes).
export type { ConflictView, HistoryStep, JudgementLine } from '#engine/screen/conflicts';
