import * as z from 'zod';
import { createDocument, type oas31, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import type { FunctionId, RouteSpec } from '../catalog.ts';
import { type HttpSpec, impliedErrors } from './contract.ts';

/**
 * The OpenAPI 3.1 document of the HTTP API, built from the route catalog and each route's
 * contract: the same zod objects `httpHandler` validates with (docs/back-office.md#api).
 */

export type ApiDocument = oas31.OpenAPIObject;

/** How API Gateway and our handlers word a refusal; `code` is stable, `message` is French. */
const apiError = z.looseObject({
  code: z.string().meta({ description: 'Code stable de l’erreur, par ex. NOT_FOUND, AREA_UNAVAILABLE.' }),
  message: z.string().meta({ description: 'Explication en français.' }),
  field: z.string().optional().meta({ description: 'Le champ ou l’en-tête en cause.' }),
});

const errorBody = z.object({ error: apiError }).meta({ id: 'Error', description: 'Une erreur : son code, son message, ses détails.' });

const fieldIssue = z
  .looseObject({
    field: z.string().meta({ description: 'Le champ en cause, en notation pointée (contact.email), ou la colonne d’un fichier importé.' }),
    rule: z.string().meta({ description: 'La règle non respectée : required, siret_checksum, max…' }),
    message: z.string(),
    line: z.number().int().optional().meta({ description: 'Dans un fichier importé : la ligne (1 = l’en-tête).' }),
  })
  .meta({ id: 'FieldIssue' });

const validationBody = z
  .object({
    error: apiError.extend({ code: z.literal('VALIDATION_FAILED'), issues: z.array(fieldIssue) }),
  })
  .meta({ id: 'ValidationError', description: 'Chaque champ refusé, avec la règle qu’il enfreint.' });

/** What API Gateway answers itself (authorizer, payload limit), before any of our handlers runs. */
const gatewayBody = z.object({ message: z.string() }).meta({ id: 'GatewayError' });

const retryAfter = { 'retry-after': { description: 'Secondes à attendre avant de réessayer.', schema: { type: 'integer' as const } } };

const jsonOf = (schema: z.ZodType) => ({ 'application/json': { schema } });

/** The error answers, each described once and referred to by the routes that may give it. */
const ERROR_RESPONSES: Record<number, { id: string; response: ZodOpenApiResponseObject }> = {
  400: {
    id: 'BadRequest',
    response: { description: 'Requête refusée : chaque champ en cause est nommé, avec sa règle.', content: jsonOf(validationBody) },
  },
  401: {
    id: 'Unauthenticated',
    response: { description: 'Jeton administrateur absent, expiré ou invalide.', content: jsonOf(z.union([errorBody, gatewayBody])) },
  },
  403: {
    id: 'Forbidden',
    response: {
      description: 'Interdit à ce compte : un autre pôle, ou une création de pôle par un non-opérateur.',
      content: jsonOf(errorBody),
    },
  },
  404: { id: 'NotFound', response: { description: 'Introuvable dans ce pôle.', content: jsonOf(errorBody) } },
  409: { id: 'Conflict', response: { description: 'En conflit avec l’état actuel (déjà fait, déjà pris…).', content: jsonOf(errorBody) } },
  410: { id: 'Gone', response: { description: 'Plus disponible : l’enquête est close.', content: jsonOf(errorBody) } },
  413: {
    id: 'PayloadTooLarge',
    response: { description: 'Corps de requête trop volumineux (plus de 6 Mo).', content: jsonOf(z.union([errorBody, gatewayBody])) },
  },
  415: { id: 'UnsupportedMediaType', response: { description: 'Type de contenu non accepté ici.', content: jsonOf(errorBody) } },
  422: { id: 'RuleViolation', response: { description: 'Bien formé, mais une règle métier s’y oppose.', content: jsonOf(errorBody) } },
  429: {
    id: 'TooSoon',
    response: { description: 'Trop tôt : la même demande vient d’être faite.', headers: retryAfter, content: jsonOf(errorBody) },
  },
  500: { id: 'Internal', response: { description: 'Erreur interne : l’équipe technique est prévenue.', content: jsonOf(errorBody) } },
  503: {
    id: 'Busy',
    response: { description: 'Service momentanément surchargé : réessayer.', headers: retryAfter, content: jsonOf(errorBody) },
  },
};

const ADMIN_SECURITY = 'adminToken';

function successResponse(r: NonNullable<HttpSpec['responses']>[number]): ZodOpenApiResponseObject {
  const text = (description: string) => ({ schema: { type: 'string' as const, description } });
  return {
    description: r.description,
    ...(r.headers && {
      headers: Object.fromEntries(
        Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
      ),
    }),
    // A redirect has no content.
    ...((r.json || r.csv || r.html || r.files) && {
      content: {
        ...(r.json && jsonOf(r.json)),
        ...(r.csv && { 'text/csv': text(r.csv) }),
        ...(r.html && { 'text/html': text(r.html) }),
        ...Object.fromEntries(Object.entries(r.files ?? {}).map(([media, description]) => [media, text(description)])),
      },
    }),
  };
}

function operation(route: RouteSpec, contract: HttpSpec | undefined): ZodOpenApiOperationObject {
  const security = route.auth !== 'public' ? { security: [{ [ADMIN_SECURITY]: [] }] } : {};
  if (!contract) return { operationId: route.fn, summary: 'Route non décrite', responses: {}, ...security };
  const body = {
    ...(contract.body && jsonOf(contract.body)),
    // A media type has no description of its own: what each holds is said in the operation's.
    ...Object.fromEntries(
      Object.entries(contract.upload ?? {}).map(([media, u]) => [media, { schema: u.schema ?? { type: 'string' as const } }]),
    ),
  };
  const uploads = Object.entries(contract.upload ?? {}).map(([media, u]) => `- \`${media}\` : ${u.description}`);
  const description = [contract.description, ...(uploads.length ? ['Corps accepté :', ...uploads] : [])].filter(Boolean).join('\n\n');
  return {
    operationId: route.fn,
    tags: contract.tag ? [contract.tag] : [],
    summary: contract.summary,
    ...(description && { description }),
    ...security,
    ...((contract.path || contract.query) && {
      requestParams: {
        ...(contract.path && { path: contract.path as z.ZodObject }),
        ...(contract.query && { query: contract.query as z.ZodObject }),
      },
    }),
    ...(Object.keys(body).length > 0 && { requestBody: { required: true, content: body } }),
    responses: {
      ...Object.fromEntries(Object.entries(contract.responses ?? {}).map(([status, r]) => [status, successResponse(r)])),
      ...Object.fromEntries(
        impliedErrors(contract).map((status) => [String(status), { $ref: `#/components/responses/${ERROR_RESPONSES[status]!.id}` }]),
      ),
    },
  };
}

/**
 * The document for `routes`, each described by the contract of its function. A route whose
 * function has no contract is listed bare (the API reference test fails on it): the document is
 * served even then.
 */
export function apiDocument(routes: readonly RouteSpec[], contracts: Partial<Record<FunctionId, HttpSpec>>): ApiDocument {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, contracts[route.fn]);
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'API des workflows du pôle',
      version: '1',
      description:
        'Candidatures, membres, rapprochement trimestriel des frais mutualisés, campagnes GTEC et supervision des workflows. ' +
        'Les routes /admin demandent le jeton d’un administrateur du pôle ; les montants sont en centimes d’euro.',
    },
    servers: [{ url: '/', description: 'Cette API' }],
    paths,
    components: {
      securitySchemes: {
        [ADMIN_SECURITY]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'En AWS, le jeton d’identité Cognito d’un administrateur (attribut custom:pole : son pôle) ; sur le runtime embarqué, un jeton configuré (ADMIN_TOKENS).',
        },
      },
      responses: Object.fromEntries(Object.values(ERROR_RESPONSES).map(({ id, response }) => [id, response])),
    },
  }) as ApiDocument;
}
