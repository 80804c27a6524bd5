import { z } from 'zod';
import type { RouteSpec } from './routes/index';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

const ERROR_RESPONSES = {
  '400': 'Invalid input (code `validation`, `usage`, `*/bad-*`, `*/unknown-*` ...)',
  '401': 'Not signed in (`auth/unauthenticated`)',
  '403': 'Not allowed (`auth/forbidden`, `auth/cross-site`, `*/forbidden`)',
  '404': 'No such review or record (`*/not-found`)',
  '409': 'Refused in the current state (`*/no-conflict`, `*/not-eligible`, `*/duplicate` ...)',
};

/** The JSON Schema of a route's input, as clients send it. */
function inputSchema(spec: RouteSpec): Record<string, unknown> {
  const schema = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  if (spec.body === 'multipart') {
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    properties.file = { type: 'array', items: { type: 'string', format: 'binary' } };
  }
  return schema;
}

/** An OpenAPI 3.1 document generated from the route table (the zod schemas are the one source). */
export function buildOpenApiDocument(routes: readonly RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const spec of routes) {
    const schema = inputSchema(spec);
    const responses: Record<string, unknown> = { '200': { description: spec.returns } };
    for (const [status, description] of Object.entries(ERROR_RESPONSES))
      responses[status] = { description, content: { 'application/json': { schema: errorSchema } } };
    const operation: Record<string, unknown> = {
      operationId: spec.name,
      summary: spec.summary,
      tags: [spec.name.split('.')[0]],
      security: [{ session: [] }],
      responses,
    };
    if (spec.body === 'query') {
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      const required = new Set((schema.required ?? []) as string[]);
      operation.parameters = Object.entries(properties).map(([name, property]) => ({
        name,
        in: 'query',
        required: required.has(name),
        schema: property,
      }));
    } else {
      operation.requestBody = {
        required: true,
        content: {
          [spec.body === 'multipart' ? 'multipart/form-data' : 'application/json']: { schema },
        },
      };
    }
    paths[`/api/${spec.name}`] = { [spec.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ReviewBench API',
      version: '0.1.0',
      description:
        'RPC routes named after the pipeline stages: POST /api/<stage>.<command>. Accounts and sessions: /api/auth/* (better-auth).',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
      },
    },
    paths,
  };
}
