import type { Context } from 'aws-lambda';
import type { HttpEvent } from '../../functions/common/http.ts';

/** What a test or a bench says about a request; the rest of the event is filled in as API Gateway would. */
export interface EventInit {
  method?: string;
  /** The route's path template, e.g. `/admin/applications/{applicationId}`. */
  route?: string;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** A string is sent as is, anything else as JSON (with its content type unless `headers` names one). */
  body?: unknown;
  isBase64Encoded?: boolean;
  /** The JWT authorizer's claims; none (the default) is a request without a token. */
  claims?: Record<string, string>;
}

/** The claims of an admin of the demo pôle, as the Cognito authorizer passes them. */
export const ADMIN_CLAIMS = { sub: 'admin-1', email: 'animation@pole-sud-aquitain.fr', 'custom:pole': 'pole-sud-aquitain' };

/** An API Gateway HTTP API (payload format 2.0) event, built by hand. */
export function apiEvent(init: EventInit = {}): HttpEvent {
  const method = init.method ?? 'GET';
  const route = init.route ?? '/';
  const rawPath = route.replace(/\{([A-Za-z0-9_]+)\}/g, (_, p: string) => encodeURIComponent(init.pathParameters?.[p] ?? p));
  const json = init.body !== undefined && typeof init.body !== 'string';
  const headers = { host: 'api.test', ...(json && { 'content-type': 'application/json' }), ...init.headers };
  return {
    version: '2.0',
    routeKey: `${method} ${route}`,
    rawPath,
    rawQueryString: new URLSearchParams(init.queryStringParameters).toString(),
    headers,
    ...(init.pathParameters && { pathParameters: init.pathParameters }),
    ...(init.queryStringParameters && { queryStringParameters: init.queryStringParameters }),
    ...(init.body !== undefined && { body: json ? JSON.stringify(init.body) : (init.body as string) }),
    isBase64Encoded: init.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'request-1',
      routeKey: `${method} ${route}`,
      stage: '$default',
      time: new Date(0).toUTCString(),
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: init.claims ?? {}, scopes: [] } },
    },
  };
}

/** A Lambda context, as the runtime hands it to a handler. */
export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-3:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: '00000000-0000-4000-8000-000000000000',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
