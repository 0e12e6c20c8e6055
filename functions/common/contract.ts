import type * as z from 'zod';

/**
 * What an HTTP route takes and answers, declared once: `httpHandler` validates requests with it
 * and `apiDocument` (functions/common/openapi.ts) describes the route from the same objects. This
 * module holds types and zod only, so that a schema file can declare its routes' contracts without
 * bringing the HTTP wrapper's middleware into what imports it.
 */

/**
 * `admin`: an admin of one pôle (the routes act on that pôle); `staff`: an admin or a deployment
 * operator, whose pôle the route names (the pôle set-up); `public`: anyone.
 */
export type Auth = 'public' | 'admin' | 'staff';

/** The 4xx and 5xx answers a route may give besides those its contract implies (see `impliedErrors`). */
export type ErrorStatus = 403 | 404 | 409 | 410 | 422 | 429;

/** A body a handler reads itself (`rawBody`, `spreadsheetBody`: imports), by media type: its schema when it is JSON, and what it holds, in French. */
export type Upload = Readonly<Record<string, { description: string; schema?: z.ZodType }>>;

/** One success answer: a JSON body described by its schema, or a CSV, HTML or other text document described in words (French). */
export interface SuccessResponse {
  description: string;
  json?: z.ZodType;
  csv?: string;
  html?: string;
  /** Other documents (a script, a style sheet), by media type, each described in words (French). */
  files?: Readonly<Record<string, string>>;
  /** Response headers worth knowing, with what they hold (French). */
  headers?: Readonly<Record<string, string>>;
}

/**
 * A route's contract. `auth`, `body`, `path` and `query` are what `httpHandler` enforces; the rest
 * describes the route in the API reference (French: the page is read by people).
 */
export interface HttpSpec<
  A extends Auth = Auth,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
  PS extends z.ZodType | undefined = z.ZodType | undefined,
  QS extends z.ZodType | undefined = z.ZodType | undefined,
> {
  auth: A;
  /** A JSON body, parsed and validated by `httpHandler`. */
  body?: BS;
  path?: PS;
  query?: QS;
  /** Grouping in the reference (French). */
  tag?: string;
  summary?: string;
  description?: string;
  upload?: Upload;
  responses?: Readonly<Record<number, SuccessResponse>>;
  errors?: readonly ErrorStatus[];
}

/** A contract as routes declare it: documented. */
export type RouteContract<
  A extends Auth = Auth,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
  PS extends z.ZodType | undefined = z.ZodType | undefined,
  QS extends z.ZodType | undefined = z.ZodType | undefined,
> = HttpSpec<A, BS, PS, QS> & Required<Pick<HttpSpec, 'tag' | 'summary' | 'responses'>>;

/** Declares a route's contract (typed: the handler given it receives what its schemas output). */
export const route = <
  A extends Auth,
  BS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
>(
  contract: RouteContract<A, BS, PS, QS>,
): RouteContract<A, BS, PS, QS> => contract;

/**
 * The error statuses a contract implies: 400 when it validates input, 401 on a signed-in route, 413
 * and 415 when it takes a body, 500 (unexpected) and 503 (store or engine throttled) when it
 * answers data rather than a static page.
 */
export function impliedErrors(contract: HttpSpec): number[] {
  const hasBody = Boolean(contract.body || contract.upload);
  const answersData = Object.values(contract.responses ?? {}).some((r) => r.json || r.csv);
  return [
    ...(hasBody || contract.path || contract.query ? [400] : []),
    ...(contract.auth !== 'public' ? [401] : []),
    ...(hasBody ? [413, 415] : []),
    ...(contract.errors ?? []),
    ...(answersData ? [500, 503] : []),
  ].sort((a, b) => a - b);
}
