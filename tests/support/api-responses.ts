import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { RouteSpec } from '../../functions/catalog.ts';
import type { ApiDocument } from '../../functions/common/openapi.ts';

type Media = Record<string, { schema?: Record<string, unknown> }>;
type Response = { $ref?: string; content?: Media };
type Operation = { responses: Record<string, Response> };

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/**
 * Checks a handler's answer against what the OpenAPI document says of its route: the status is
 * listed, the media type is described, and a JSON body validates against its schema (JSON Schema
 * 2020-12, as OpenAPI 3.1 writes it; a response object lists every field it may carry). Returns
 * what differs, or undefined.
 */
export function responseChecker(document: ApiDocument): (route: RouteSpec, result: unknown) => string | undefined {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<object, ValidateFunction>();
  const shared = (document.components?.responses ?? {}) as Record<string, Response>;
  return (route, result) => {
    const op = (document.paths?.[route.path] as Record<string, Operation> | undefined)?.[route.method.toLowerCase()];
    if (!op) return `${route.method} ${route.path}: not in the document`;
    const structured = typeof result === 'object' && result !== null && 'statusCode' in result;
    const r = structured ? (result as { statusCode?: number; headers?: Record<string, string>; body?: string }) : undefined;
    const status = String(r?.statusCode ?? 200);
    const described = op.responses[status];
    const response = described?.$ref ? shared[refName(described.$ref)] : described;
    const where = `${route.method} ${route.path} → ${status}`;
    if (!response) return `${where}: a status the document does not list`;
    const media = r ? (r.headers?.['content-type'] ?? '').split(';')[0]!.trim() : 'application/json';
    if (!response.content && !r?.body) return undefined; // a redirect: no content, none described
    const content = response.content?.[media];
    if (!content) return `${where}: ${media || 'no content type'} is not described`;
    if (media !== 'application/json' || !content.schema) return undefined;
    let validate = validators.get(content.schema);
    if (!validate) {
      // The schema's $refs point into the document's components.
      validate = ajv.compile({ ...content.schema, components: document.components });
      validators.set(content.schema, validate);
    }
    const body = r ? JSON.parse(r.body ?? 'null') : result;
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? []).map((e) => {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `body${e.instancePath} ${e.message}${extra ? ` (${extra})` : ''}`;
    });
    return `${where}: ${[...new Set(errors)].join('; ')}`;
  };
}
