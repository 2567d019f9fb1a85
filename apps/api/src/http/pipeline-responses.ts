import type { OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses } from './errors';

type Registry = OpenAPIHono['openAPIRegistry'];
type RouteDefinition = Extract<Registry['definitions'][number], { type: 'route' }>['route'];

const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Documents, on every operation they apply to, the statuses the request pipeline answers before a
 * handler runs (withRequestPipeline in app.ts), so /openapi.json lists every status the API can
 * send: 401 (no or bad token), 413 (body limit), 415 (not JSON), 503 (database or Auth signing
 * keys unavailable) under /v1, and 431 (headers over Node's 16 KiB limit, no body) everywhere.
 * A route's own entry for a status wins.
 */
export function documentPipelineResponses(registry: Registry): void {
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const route: RouteDefinition = definition.route;
    const underV1 = route.path.startsWith('/v1/');
    route.responses = {
      431: { description: 'Request headers too large (the HTTP server refuses them; no body).' },
      ...(underV1 && errorResponses(401, 503)),
      ...(underV1 && BODY_METHODS.has(route.method) && errorResponses(413)),
      ...(route.request?.body && errorResponses(415)),
      ...route.responses,
    };
  }
}
