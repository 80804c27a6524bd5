import { foundation } from './0001-foundation';
import { deduplicate } from './0002-deduplicate';
import { screen } from './0003-screen';
import { identify } from './0004-identify';
import { server } from './0005-server';
import { screenSince } from './0006-screen-since';
import { team } from './0007-team';
import { identifyStaging } from './0008-identify-staging';
import { retrieve } from './0009-retrieve';
import { extract } from './0010-extract';
import { extractAnswers } from './0011-extract-answers';
import { appraise } from './0012-appraise';
import { protocol } from './0013-protocol';
import type { StoreMigration } from './types';

export type { Dialect, MigrationContext, StoreMigration } from './types';

/** Every migration in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly StoreMigration[] = [
  foundation,
  deduplicate,
  screen,
  identify,
  server,
  screenSince,
  team,
  identifyStaging,
  retrieve,
  extract,
  extractAnswers,
  appraise,
  protocol,
];
