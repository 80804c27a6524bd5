import { foundation } from './0001-foundation';
import type { StoreMigration } from './types';

export type { Dialect, MigrationContext, StoreMigration } from './types';

/** Every migration in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly StoreMigration[] = [foundation];
