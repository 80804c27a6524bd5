import type { RouteSpec } from './define';
import { reviewRoutes } from './reviews';
import { teamRoutes } from './team';
import { identifyRoutes } from './identify';
import { deduplicateRoutes } from './deduplicate';
import { screenRoutes } from './screen';
import { reportRoutes } from './report';

export type { AccessRule, ReviewAccess, RouteContext, RouteSpec } from './define';

/** Every API route, in pipeline order: the one list the app, the OpenAPI document and the tests read. */
export const ROUTES: readonly RouteSpec[] = [
  ...reviewRoutes,
  ...teamRoutes,
  ...identifyRoutes,
  ...deduplicateRoutes,
  ...screenRoutes,
  ...reportRoutes,
] as unknown as readonly RouteSpec[];
