import type { ApiError } from '../lib/api-types.ts';
import { session } from './auth.ts';
import type { Issue } from './dom.ts';

/**
 * The admin API from the browser: same origin, the admin's token as a bearer (kept in this tab's
 * sessionStorage, which the campaign report page reads too; see ./auth.ts). A 401 ends the session.
 */

/** An answer other than 2xx, with the API's French message and the fields it names. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let onUnauthorized: (message: string) => void = () => undefined;

/** What to do when the API refuses the token (sign in again). */
export const whenUnauthorized = (handler: (message: string) => void): void => {
  onUnauthorized = handler;
};

/** A request body: JSON, a file's text with its media type, or a file's bytes as they are (a spreadsheet, any encoding). */
export type Body = { json: unknown } | { text: string; type: 'text/csv' } | { file: Blob };

async function send(method: string, path: string, body?: Body, retried = false): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${(await session.token()) ?? ''}` };
  let payload: string | Blob | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body && 'file' in body) {
    // The server reads the bytes (CSV in any encoding, or .xlsx) and tells them apart itself.
    headers['content-type'] = 'application/octet-stream';
    payload = body.file;
  } else if (body) {
    headers['content-type'] = body.type;
    payload = body.text;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiFailure(0, 'NETWORK', 'Le serveur ne répond pas : vérifiez la connexion puis réessayez.', []);
  }
  if (response.ok) return response;
  const data = (await response.json().catch(() => ({}))) as Partial<ApiError>;
  const error = data.error ?? { code: 'HTTP', message: `Erreur ${response.status}.` };
  // A token Cognito revoked or that expired in between: refreshed once, then the request again.
  if (response.status === 401 && !retried && session.cognito && (await session.token(true))) return send(method, path, body, true);
  if (response.status === 401) {
    session.forget();
    onUnauthorized('Connexion refusée ou expirée : reconnectez-vous.');
  }
  const issues = error.issues ?? (error.field ? [{ field: error.field, message: error.message }] : []);
  throw new ApiFailure(response.status, error.code, error.message, issues);
}

/** Calls an admin route and returns its JSON answer, typed by the caller from web/lib/api-types.ts. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: Body): Promise<T> {
  const response = await send(method, path, body);
  return (await response.json()) as T;
}

/** Downloads what a route answers (a CSV, a printable statement) as a file of that name. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await (await send('GET', path)).blob();
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A path with its query string, leaving out empty values (`path('/admin/executions', { status })`). */
export function path(base: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}
