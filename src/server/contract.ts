import type { z } from 'zod';
import type { RouteSpec } from './routes/define';
import type { DeclaredRoute } from './routes/index';

/**
 * The API as the web (and any typed client) calls it: for each route name, the JSON body it
 * takes (before defaults apply) and the answer it gives. Derived from the route declarations,
 * so a changed handler changes its callers' types; nothing is copied by hand.
 */
export type ApiContract = {
  [Route in DeclaredRoute as Route['name']]: Route extends RouteSpec<
    infer Schema,
    string,
    infer Output
  >
    ? { input: z.input<Schema>; output: Output }
    : never;
};
