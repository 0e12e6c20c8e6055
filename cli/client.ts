/**
 * The admin API as the command line sees it: authenticated calls (JSON, file uploads, downloads),
 * and the failures a person can act on, each with its exit code (the same API on the embedded
 * runtime and in AWS).
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 } as const;

/** A failure to report in French and to exit with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A field or row the API refused, as its 400 names it. */
export interface Issue {
  field: string;
  rule?: string;
  message: string;
  line?: number;
  column?: string;
}

/** The API said no (4xx) or failed (5xx): its status, code and, for a 400, each field or row at fault. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly issues: readonly Issue[],
  ) {
    super(message, status >= 500 ? EXIT.unreachable : EXIT.refused);
    this.name = 'ApiError';
  }
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; issues?: Issue[] };
}

/** What a download brings back: the body as text and its media type. */
export interface Download {
  contentType: string;
  text: string;
}

export class AdminClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** A JSON call: the body, when given, is sent as JSON; the answer is parsed. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(
      method,
      path,
      body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(body) },
    );
    return parse(await response.text()) as T;
  }

  /** Sends a file's content as it is (a CSV or JSON import) and parses the JSON answer. */
  async upload<T>(path: string, contentType: string, data: string | Uint8Array): Promise<T> {
    return parse(await (await this.request('POST', path, { type: contentType, data })).text()) as T;
  }

  /** Reads a document (CSV, HTML) as text. */
  async download(path: string): Promise<Download> {
    const response = await this.request('GET', path);
    return { contentType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim(), text: await response.text() };
  }

  private async request(method: string, path: string, body?: { type: string; data: string | Uint8Array }): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.url), {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body && { 'content-type': body.type }) },
        ...(body && { body: body.data }),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
      throw new CliError(`API injoignable à ${this.url} (${reason}). Vérifiez --url ou POLE_API_URL.`, EXIT.unreachable);
    }
    if (response.ok) return response;
    if (response.status === 401)
      throw new CliError(
        'Jeton refusé (401) : reconnectez-vous (pole-admin login), ou vérifiez --token ou POLE_ADMIN_TOKEN.',
        EXIT.refused,
      );
    const error = (parse(await response.text()) as ApiErrorBody | undefined)?.error;
    const message = error?.message ?? `Réponse ${response.status} de l’API.`;
    throw new ApiError(
      `${message} (${response.status}${error?.code ? ` ${error.code}` : ''})`,
      response.status,
      error?.code,
      error?.issues ?? [],
    );
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
