import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RuleViolation,
  TooSoonError,
  ValidationError,
} from '../../domain/errors.ts';
import { MAX_BODY_BYTES, MAX_LISTED_ERRORS } from '../../domain/limits.ts';
import { groupsOf, OPERATORS_GROUP, type Staff } from '../../domain/staff.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import type { Auth, HttpSpec } from './contract.ts';
import { logger } from './logger.ts';

export type { Auth, HttpSpec } from './contract.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** An error that is an HTTP answer in itself (401, 413, 415…), raised at the edge only. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The admin behind a request: the JWT authorizer in AWS, the embedded server's token check locally. */
export interface Admin {
  poleId: string;
  subject: string;
}

/** What a handler is given: validated input, and who is signed in (undefined on a public route). */
export interface HttpInput<A extends Auth, B, P, Q> {
  body: B;
  path: P;
  query: Q;
  admin: A extends 'admin' ? Admin : A extends 'staff' ? Staff : undefined;
  event: HttpEvent;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});

function statusOf(error: DomainError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RuleViolation) return 422;
  if (error instanceof TooSoonError) return 429;
  return 400;
}

/** The first {@link MAX_LISTED_ERRORS} issues and, when there were more, their count: an answer never outgrows its limits. */
function capIssues(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const issues = details?.issues;
  if (!Array.isArray(issues) || issues.length <= MAX_LISTED_ERRORS) return details;
  return { ...details, issues: issues.slice(0, MAX_LISTED_ERRORS), issueCount: issues.length };
}

/** A 413 naming the body limit ({@link MAX_BODY_BYTES}). */
export const bodyTooLarge = (): HttpResult =>
  json(413, {
    error: {
      code: 'PAYLOAD_TOO_LARGE',
      message: `Le corps de la requête dépasse ${MAX_BODY_BYTES / 1024 / 1024} Mo (${MAX_BODY_BYTES.toLocaleString('fr-FR')} octets) : découpez le fichier.`,
      field: '(body)',
      rule: 'max_bytes',
    },
  });

/** Maps our typed errors to their status and a JSON body; anything unexpected is a logged 500. */
export function errorResponse(error: unknown): HttpResult {
  if (error instanceof HttpError) return json(error.status, { error: { code: error.code, message: error.message, ...error.details } });
  if (error instanceof DomainError) {
    const headers: Record<string, string> = error instanceof TooSoonError ? { 'retry-after': String(error.retryAfterS) } : {};
    return json(statusOf(error), { error: { code: error.code, message: error.message, ...capIssues(error.details) } }, headers);
  }
  if (error instanceof Error && THROTTLING.has(error.name)) {
    // Not the caller's fault, and worth retrying: 503 with a delay rather than a 500.
    return json(
      503,
      { error: { code: 'BUSY', message: 'Le service est momentanément surchargé ; réessayez dans quelques secondes.' } },
      { 'retry-after': '2' },
    );
  }
  logger.error('unexpected error', {
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  return json(500, { error: { code: 'INTERNAL', message: 'Erreur interne. L’équipe technique a été prévenue.' } });
}

/** The media types a body may have, with how a person names them. */
const MEDIA_TYPES = { 'application/json': 'du JSON (application/json)', 'text/csv': 'un fichier CSV (text/csv)' } as const;
export type MediaType = keyof typeof MEDIA_TYPES;

/**
 * The body as text with its media type, which must be one of `accepted` (415 otherwise); an
 * empty body is a 400. For routes that take more than JSON (CSV imports); JSON routes declare `body`.
 */
export function rawBody<M extends MediaType>(event: HttpEvent, accepted: readonly M[]): { contentType: M; text: string } {
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accepted.includes(contentType as M)) {
    const expected = accepted.map((m) => MEDIA_TYPES[m]).join(' ou ');
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Le corps de la requête doit être ${expected}.`, { field: 'content-type' });
  }
  if (!event.body) throw new ValidationError([{ field: '(body)', rule: 'required', message: 'Le corps de la requête est vide.' }]);
  if (!event.isBase64Encoded && !charsetOf(event)) return { contentType: contentType as M, text: event.body };
  return { contentType: contentType as M, text: decodeBody(event) };
}

/** The `charset` parameter of the Content-Type, if any. */
const charsetOf = (event: HttpEvent): string | undefined =>
  (event.headers?.['content-type'] ?? '')
    .split(';')
    .slice(1)
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1])
    .find(Boolean);

/**
 * A body's bytes decoded by the charset it declares (UTF-8 when none): `Bâtiment` sent in Latin-1
 * stays `Bâtiment`. A charset unknown, or bytes that are not in it, is a 415 naming it.
 */
function decodeBody(event: HttpEvent): string {
  const declared = charsetOf(event) ?? 'utf-8';
  const bytes = event.isBase64Encoded ? Buffer.from(event.body!, 'base64') : Buffer.from(event.body!, 'utf8');
  try {
    return new TextDecoder(declared.toLowerCase(), { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Le corps de la requête n’est pas lisible dans l’encodage « ${declared} » : envoyez-le en UTF-8 (charset=utf-8).`,
      { field: 'content-type', rule: 'charset' },
    );
  }
}

/** A JSON text parsed, or a 400 naming the body. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(
      [{ field: '(body)', rule: 'json', message: 'Le corps de la requête n’est pas du JSON valide.' }],
      'JSON invalide.',
    );
  }
}

const unauthenticated = () => new HttpError(401, 'UNAUTHENTICATED', 'Authentification administrateur requise.');

/** What a spreadsheet upload may be labelled: browsers call a `.csv` `application/vnd.ms-excel`, scripts `application/octet-stream`. */
const SPREADSHEET_TYPES: ReadonlySet<string> = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
]);

/**
 * An uploaded spreadsheet's bytes and its `charset` parameter, whatever the label of a CSV or an
 * `.xlsx` (its bytes say what it is; anything else is a 415). A body API Gateway passed as base64
 * (binary: a workbook, a Windows-1252 CSV) is decoded, not read as UTF-8; a text body in which the
 * gateway already replaced undecodable bytes (U+FFFD) is refused, since its characters are lost.
 */
export function spreadsheetBody(event: HttpEvent): { charset?: string; bytes: Uint8Array } {
  const [type = '', ...params] = (event.headers?.['content-type'] ?? '').split(';');
  if (!SPREADSHEET_TYPES.has(type.trim().toLowerCase()))
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Envoyez un fichier CSV (text/csv) ou un classeur Excel (.xlsx).', {
      field: 'content-type',
    });
  if (!event.body) throw new ValidationError([{ field: '(body)', rule: 'required', message: 'Le corps de la requête est vide.' }]);
  if (!event.isBase64Encoded && event.body.includes('\uFFFD'))
    throw new ValidationError([
      {
        field: '(body)',
        rule: 'encoding',
        message:
          'Des caractères du fichier ont été perdus en route : envoyez-le en application/octet-stream, ou enregistrez-le en « CSV UTF-8 ».',
      },
    ]);
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1]).find(Boolean);
  return {
    ...(charset && { charset }),
    bytes: event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8'),
  };
}

function adminOf(event: HttpEvent): Admin {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const poleId = claims['custom:pole'];
  const subject = claims.email ?? claims.sub;
  if (typeof poleId !== 'string' || !poleId || typeof subject !== 'string') throw unauthenticated();
  return { poleId, subject };
}

/** An admin (with a pôle) or an operator (the `operators` group, with or without one). */
function staffOf(event: HttpEvent): Staff {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const poleId = claims['custom:pole'];
  const subject = claims.email ?? claims.sub;
  const operator = groupsOf(claims['cognito:groups']).includes(OPERATORS_GROUP);
  if (typeof subject !== 'string' || !subject || !(operator || (typeof poleId === 'string' && poleId))) throw unauthenticated();
  return { subject, operator, ...(typeof poleId === 'string' && poleId && { poleId }) };
}

const SIGNED_IN = { public: () => undefined, admin: adminOf, staff: staffOf } satisfies Record<Auth, (event: HttpEvent) => unknown>;

/**
 * Wraps an HTTP handler: Powertools logger context, authentication, input parsing and zod
 * validation of body, path and query, and the mapping of errors to 4xx JSON answers.
 * The wrapped function receives validated input and returns a result or a plain body (200).
 * The handler keeps its `spec`: what the API reference says of the route is checked against it.
 */
export function httpHandler<
  A extends Auth,
  BS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
>(
  spec: HttpSpec<A, BS, PS, QS>,
  fn: (input: HttpInput<A, Out<BS>, Out<PS>, Out<QS>>) => Promise<HttpResult | Record<string, unknown> | unknown[]>,
) {
  const base = async (event: HttpEvent, _context: Context): Promise<HttpResult> => {
    try {
      const admin = SIGNED_IN[spec.auth](event);
      if (bodyBytes(event) > MAX_BODY_BYTES) return bodyTooLarge();
      const path = spec.path ? parseOrThrow(spec.path, event.pathParameters ?? {}, ['path']) : undefined;
      const query = spec.query ? parseOrThrow(spec.query, event.queryStringParameters ?? {}, ['query']) : undefined;
      const body = spec.body ? parseOrThrow(spec.body, parseJson(rawBody(event, ['application/json']).text)) : undefined;
      const result = await fn({ body, path, query, admin, event } as HttpInput<A, Out<BS>, Out<PS>, Out<QS>>);
      return isResult(result) ? result : json(200, result);
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(middy(base).use(injectLambdaContext(logger, { resetKeys: true })), { spec });
}

/** The size of the body as it was sent (base64 decoded), without decoding it. */
const bodyBytes = (event: HttpEvent): number =>
  !event.body ? 0 : event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);

const isResult = (value: unknown): value is HttpResult =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as HttpResult).statusCode === 'number';
