import { STAGES } from '#core/domain/stages';
import type { Stage } from '#core/domain/stages';
import type { RouteSpec } from './define';
import { reviewRoutes } from './reviews';
import { teamRoutes } from './team';
import { protocolRoutes } from './protocol';
import { identifyRoutes } from './identify';
import { deduplicateRoutes } from './deduplicate';
import { screenRoutes } from './screen';
import { reportRoutes } from './report';
import { retrieveRoutes } from './retrieve';
import { extractRoutes } from './extract';
import { appraiseRoutes } from './appraise';
import { synthesiseRoutes } from './synthesise';
import { recordsRoutes } from './records';

export type { AccessRule, ReviewAccess, RouteContext, RouteSpec } from './define';

/**
 * Each pipeline stage's routes, by stage: a new stage's routes are one entry here, and they
 * take their place in `STAGES`' order.
 */
export const STAGE_ROUTES = {
  identify: identifyRoutes,
  deduplicate: deduplicateRoutes,
  screen: screenRoutes,
  retrieve: retrieveRoutes,
  extract: extractRoutes,
  appraise: appraiseRoutes,
  synthesise: synthesiseRoutes,
  report: reportRoutes,
} as const satisfies { readonly [S in Stage]?: readonly RouteSpec[] };

/** Routes that belong to no one stage: accounts and reviews first, the records list last. */
const BEFORE_STAGES = [reviewRoutes, teamRoutes, protocolRoutes] as const;
const AFTER_STAGES = [recordsRoutes] as const;

/** Every route as declared, each keeping its own name, input schema and answer type. */
export type DeclaredRoute =
  | (typeof BEFORE_STAGES)[number][number]
  | (typeof STAGE_ROUTES)[keyof typeof STAGE_ROUTES][number]
  | (typeof AFTER_STAGES)[number][number];

const byStage: { readonly [S in Stage]?: readonly RouteSpec[] } = STAGE_ROUTES;

/**
 * Every API route, in pipeline order: the one list the app, the OpenAPI document, the tests
 * and the typed contract (src/server/contract.ts) read.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...BEFORE_STAGES.flat(),
  ...STAGES.flatMap((stage) => byStage[stage] ?? []),
  ...AFTER_STAGES.flat(),
];
