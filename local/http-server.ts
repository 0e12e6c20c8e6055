import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MAX_BODY_BYTES, MAX_CONCURRENT_REQUESTS, MAX_QUEUED_REQUESTS } from '../domain/limits.ts';
import { OPERATORS_GROUP } from '../domain/staff.ts';
import { ROUTES, type RouteSpec } from '../functions/catalog.ts';
import { bodyTooLarge } from '../functions/common/http.ts';
import type { LocalLambdas } from './lambda.ts';

/** An admin credential of the embedded runtime: what Cognito's JWT would carry in AWS. */
export interface AdminToken {
  token: string;
  poleId: string;
  subject: string;
}

/** Sees each answer a handler gives, with its route (tests check answers against the API's description). */
export type ResponseObserver = (route: RouteSpec, result: unknown) => void;
/** A deployment operator's credential of the embedded runtime: in AWS, a Cognito user of the `operators` group. */
export interface OperatorToken {
  token: string;
  subject: string;
}

interface CompiledRoute extends RouteSpec {
  pattern: RegExp;
  params: string[];
}

const compile = (route: RouteSpec): CompiledRoute => {
  const params: string[] = [];
  const source = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), params };
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The local HTTP API: turns each request into the API Gateway HTTP API (payload 2.0) event AWS
 * would send, calls the same handler, and writes back its result. Admin routes get the JWT
 * authorizer's claims from a configured bearer token (checked before the body is read); a body
 * over MAX_BODY_BYTES is a 413.
 */
export class LocalHttpApi {
  private readonly routes = ROUTES.map(compile);
  private server?: Server;
  /** Requests being served: close() waits for them. serve() never rejects (it answers its own errors). */
  private readonly inFlight = new Set<Promise<void>>();

  /** Requests running now, and those waiting their turn (bounded: beyond, a 503). */
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly lambdas: LocalLambdas,
    private readonly admins: readonly AdminToken[],
    private readonly operators: readonly OperatorToken[] = [],
    private readonly observe?: ResponseObserver,
    private readonly capacity: HttpCapacity = { maxConcurrent: MAX_CONCURRENT_REQUESTS, maxQueued: MAX_QUEUED_REQUESTS },
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      if (this.running >= this.capacity.maxConcurrent && this.queue.length >= this.capacity.maxQueued) return busy(req, res);
      const served = this.admit().then(() => this.serve(req, res).finally(() => this.release()));
      this.inFlight.add(served);
      void served.catch(() => undefined).finally(() => this.inFlight.delete(served));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Stops accepting connections, lets the requests in flight finish (their handlers may still be
   * talking to the store), then closes what is left. Idle keep-alive connections close at once.
   */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    server.closeAllConnections();
    await closed;
  }

  /** Resolves when this request may run: at once under the limit, else in its turn. */
  private admit(): Promise<void> {
    if (this.running < this.capacity.maxConcurrent) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Hands the finished request's place to the next one waiting (the count stays), or frees it. */
  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running -= 1;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The route, not the path: a path may carry a survey link's token, which logs must not.
    let routeKey = `${req.method} (no route)`;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const onPath = this.routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).filter((x) => x.m);
      const hit = onPath.find((x) => x.r.method === method);
      if (!hit) {
        req.resume();
        if (onPath.length > 0) {
          const allow = onPath.map((x) => x.r.method).join(', ');
          return send(
            res,
            405,
            {
              error: {
                code: 'METHOD_NOT_ALLOWED',
                message: `Méthode ${method} non acceptée ici ; méthodes acceptées : ${allow}.`,
                field: 'method',
              },
            },
            { allow },
          );
        }
        return send(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: `Aucune route ${method} ${url.pathname}.`, field: 'path' } });
      }
      routeKey = `${hit.r.method} ${hit.r.path}`;
      // As API Gateway's JWT authorizer: the token is checked before a byte of the body is read.
      const claims = hit.r.auth === 'admin' ? this.authenticate(req.headers.authorization) : undefined;
      if (hit.r.auth === 'admin' && !claims) {
        req.resume();
        return send(
          res,
          401,
          { error: { code: 'UNAUTHENTICATED', message: 'Jeton administrateur manquant ou invalide.', field: 'authorization' } },
          { connection: 'close' },
        );
      }
      const body = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES ? 'too-large' : await readBody(req);
      if (body === 'too-large') {
        req.resume();
        res.setHeader('connection', 'close');
        return write(res, bodyTooLarge());
      }
      const pathParameters = Object.fromEntries(hit.r.params.map((p, i) => [p, safeDecode(hit.m![i + 1]!)]));
      const event = toEvent(req, url, method, hit.r, pathParameters, body, claims);
      const result = (await this.lambdas.invoke(hit.r.fn, event)) as APIGatewayProxyStructuredResultV2 | unknown;
      this.observe?.(hit.r, result);
      return write(res, result);
    } catch (error) {
      // What API Gateway answers when the integration itself fails (and logs, as Lambda would).
      console.error(`local API: ${routeKey} failed:`, error instanceof Error ? `${error.name}: ${error.message}` : error);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error', error: error instanceof Error ? error.name : 'Error' });
    }
  }

  /** Constant-time comparison of the bearer token with each configured one. */
  private authenticate(header: string | undefined): Record<string, string> | undefined {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) return undefined;
    const presented = digest(token);
    const admin = this.admins.find((a) => timingSafeEqual(digest(a.token), presented));
    if (admin) return { sub: admin.subject, email: admin.subject, 'custom:pole': admin.poleId };
    const operator = this.operators.find((o) => timingSafeEqual(digest(o.token), presented));
    // The groups claim as API Gateway's JWT authorizer passes a list to the function.
    return operator && { sub: operator.subject, email: operator.subject, 'cognito:groups': `[${OPERATORS_GROUP}]` };
  }
}

/** How many requests run at once, and how many more may wait, before the server answers 503. */
export interface HttpCapacity {
  maxConcurrent: number;
  maxQueued: number;
}

/** Overload: a 503 with Retry-After, its body left unread, as API Gateway's throttle answers. */
function busy(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  send(
    res,
    503,
    { error: { code: 'BUSY', message: 'Le service est momentanément surchargé ; réessayez dans quelques secondes.' } },
    { 'retry-after': '1', connection: 'close' },
  );
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return 'too-large';
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  route: RouteSpec,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const now = new Date();
  const text = body.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(body);
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(Object.keys(pathParameters).length > 0 && { pathParameters }),
    ...(body.length > 0 && { body: isText ? text : body.toString('base64') }),
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function write(res: ServerResponse, result: unknown): void {
  const structured = typeof result === 'object' && result !== null && 'statusCode' in result;
  if (!structured) {
    send(res, 200, result);
    return;
  }
  const r = result as APIGatewayProxyStructuredResultV2;
  const body = r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body;
  res.writeHead(r.statusCode ?? 200, { ...(r.headers as Record<string, string>) });
  res.end(body);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
