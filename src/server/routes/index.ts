import type { RouteSpec } from './define';
import { reviewRoutes } from './reviews';
import { teamRoutes } from './team';
import { identifyRoutes } from './identify';
import { deduplicateRoutes } from './deduplicate';
import { screenRoutes } from './screen';
import { reportRoutes } from './report';
import { recordsRoutes } from './records';

export type { AccessRule, ReviewAccess, RouteContext, RouteSpec } from './define';

/**
 * The route groups in pipeline order: the one list the app, the OpenAPI document, the tests
 * and the typed contract (src/server/contract.ts) read.
 */
const ROUTE_GROUPS = [
  reviewRoutes,
  teamRoutes,
  identifyRoutes,
  deduplicateRoutes,
  screenRoutes,
  reportRoutes,
  recordsRoutes,
] as const;

/** Every route as declared, each keeping its own name, input schema and answer type. */
export type DeclaredRoute = (typeof ROUTE_GROUPS)[number][number];

/** Every API route, in pipeline order. */
export const ROUTES: readonly RouteSpec[] = ROUTE_GROUPS.flat();
