export { openStore, isPostgresUrl } from './connect';
export type { Store, StoreConfig } from './connect';
export type { Database, ScreenDecisionTable } from './schema';
export * from './reviews';
export * from './batches';
export * from './records';
export * from './events';
