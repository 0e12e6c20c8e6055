import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ROUTE_CONTRACTS } from '../../functions/api/schemas.ts';
import { FUNCTIONS, type FunctionId, ROUTES, type RouteSpec } from '../../functions/catalog.ts';
import { impliedErrors, type RouteContract } from '../../functions/common/contract.ts';
import type { HttpSpec } from '../../functions/common/http.ts';
import { type ApiDocument, apiDocument } from '../../functions/common/openapi.ts';
import { repoPath } from '../../infra/paths.ts';

type Operation = {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
};

const operationOf = (document: ApiDocument, route: RouteSpec): Operation | undefined =>
  (document.paths?.[route.path] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];

/** What the document gets wrong about the catalog's routes: each route missing, undescribed, or with the wrong auth. */
function coverageProblems(document: ApiDocument, routes: readonly RouteSpec[]): string[] {
  return routes.flatMap((route) => {
    const where = `${route.method} ${route.path}`;
    const op = operationOf(document, route);
    if (!op) return [`${where}: missing`];
    if (op.summary === 'Route non décrite') return [`${where}: no contract for ${route.fn}`];
    const secured = (op.security ?? []).some((s) => 'adminToken' in s);
    if (secured !== (route.auth !== 'public')) return [`${where}: auth ${route.auth}, document says ${secured ? 'admin' : 'public'}`];
    return [];
  });
}

const document = apiDocument(ROUTES, ROUTE_CONTRACTS);

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route of the catalog, with its auth, and nothing else', () => {
    expect(coverageProblems(document, ROUTES)).toEqual([]);
    const described = Object.entries(document.paths ?? {}).flatMap(([path, ops]) =>
      Object.keys(ops ?? {}).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('fails its coverage check when a route has no contract, or a new route is not in the document', () => {
    const { ListMembers: _dropped, ...fewer } = ROUTE_CONTRACTS;
    expect(coverageProblems(apiDocument(ROUTES, fewer), ROUTES)).toEqual(['GET /admin/members: no contract for ListMembers']);
    const added: RouteSpec = { method: 'DELETE', path: '/admin/members/{memberId}', fn: 'GetMember', auth: 'admin' };
    expect(coverageProblems(document, [...ROUTES, added])).toEqual(['DELETE /admin/members/{memberId}: missing']);
  });

  it('gives each route the errors its contract implies, all described once under components', () => {
    for (const route of ROUTES) {
      const op = operationOf(document, route)!;
      const contract = ROUTE_CONTRACTS[route.fn]!;
      // A page answers its own errors as pages (described among its responses); the others refer to the shared ones.
      const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400 && !(s in (contract.responses ?? {})));
      expect(errors.map(Number), route.fn).toEqual(impliedErrors(contract));
    }
    expect(Object.keys(document.components?.responses ?? {}).sort()).toEqual(
      [
        'BadRequest',
        'Busy',
        'Conflict',
        'Forbidden',
        'Gone',
        'Internal',
        'NotFound',
        'PayloadTooLarge',
        'RuleViolation',
        'TooSoon',
        'Unauthenticated',
        'UnsupportedMediaType',
      ].sort(),
    );
  });
});

describe('each route validates with the schemas the document describes', () => {
  // The entry files themselves: their `handler.spec` is what httpHandler enforces at run time.
  const routes = ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const);

  it.each(routes)('%s', async (_, route) => {
    const { handler } = (await import(repoPath(FUNCTIONS[route.fn as FunctionId].entry))) as { handler: { spec?: HttpSpec } };
    const contract = ROUTE_CONTRACTS[route.fn] as RouteContract;
    expect(handler.spec, `${route.fn} validates with another object than its contract`).toBe(contract);
    // `staff` (an admin or an operator) is an admin route to API Gateway: the same JWT authorizer.
    expect(handler.spec?.auth === 'public').toBe(route.auth === 'public');
    const op = operationOf(document, route)!;
    // Path and query parameters: those of the schemas, required as the schemas say.
    const params = (kind: 'path' | 'query', schema: z.ZodType | undefined) => {
      const shape = schema ? (z.toJSONSchema(schema, { io: 'input' }) as { properties?: object; required?: string[] }) : {};
      return Object.keys(shape.properties ?? {}).map((name) => ({
        in: kind,
        name,
        required: kind === 'path' || (shape.required ?? []).includes(name),
      }));
    };
    const expected = [...params('path', contract.path), ...params('query', contract.query)];
    expect((op.parameters ?? []).map((p) => ({ in: p.in, name: p.name, required: p.required === true }))).toEqual(expected);
    // Every `{name}` of the route's path is a path parameter the handler validates.
    const placeholders = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(expected.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(placeholders);
    // The body: JSON when the handler parses one, each uploaded media type when it reads the bytes itself.
    const media = [...(contract.body ? ['application/json'] : []), ...Object.keys(contract.upload ?? {})];
    expect(Object.keys(op.requestBody?.content ?? {}).sort()).toEqual([...new Set(media)].sort());
  });
});

describe('the JSON schemas of request bodies', () => {
  it('are the zod schemas the handlers validate with, as JSON Schema 2020-12', () => {
    const checked = ROUTES.filter((r) => ROUTE_CONTRACTS[r.fn]?.body);
    expect(checked.length).toBeGreaterThan(3);
    for (const route of checked) {
      const op = operationOf(document, route)!;
      const inDocument = (op.requestBody!.content['application/json'] as { schema: Record<string, unknown> }).schema;
      const resolved = resolve(inDocument, document);
      const fromZod = z.toJSONSchema(ROUTE_CONTRACTS[route.fn]!.body!, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      // Same properties, same required ones: a field added to, or dropped from, a handler's schema shows here.
      expect(keysOf(resolved), route.fn).toEqual(keysOf(fromZod));
    }
  });
});

/** A schema's `$ref` into the document's components, followed. */
function resolve(schema: Record<string, unknown>, doc: ApiDocument): Record<string, unknown> {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  return resolve((doc.components!.schemas as Record<string, Record<string, unknown>>)[ref.slice(ref.lastIndexOf('/') + 1)]!, doc);
}

function keysOf(schema: Record<string, unknown>): { properties: string[]; required: string[] } {
  return {
    properties: Object.keys((schema.properties as object | undefined) ?? {}).sort(),
    required: [...((schema.required as string[] | undefined) ?? [])].sort(),
  };
}
