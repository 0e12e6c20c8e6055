/**
 * The admin API as the command line sees it: one authenticated JSON call, and the failures a
 * person can act on, each with its exit code (the same API on the embedded runtime and in AWS).
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

interface ApiErrorBody {
  error?: {
    code?: string;
    message?: string;
    /** Fields at fault; an imported file's carry their line in the message. */
    issues?: { field: string; message: string; line?: number }[];
    /** An import's rows refused for what the pôle already holds. */
    conflicts?: { message: string }[];
    /** How many errors there were when only the first are listed. */
    errorCount?: number;
  };
}

/** An API error's details, one per line: each field (or line of a file) and what is wrong with it. */
function detailsOf(error: NonNullable<ApiErrorBody['error']>): string {
  const listed = [
    ...(error.issues ?? []).map((i) => (i.line !== undefined ? i.message : `${i.field} : ${i.message}`)),
    ...(error.conflicts ?? []).map((c) => c.message),
  ];
  const more =
    error.errorCount !== undefined && error.errorCount > listed.length ? [`… et ${error.errorCount - listed.length} autre(s)`] : [];
  return [...listed, ...more].map((line) => `\n  - ${line}`).join('');
}

export class AdminClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** A JSON call: `body` sent as JSON, the JSON answer parsed. */
  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(body) });
  }

  /** A file sent as is, with its media type (an import); the JSON answer parsed. */
  upload<T>(path: string, type: string, data: Uint8Array): Promise<T> {
    return this.send<T>('POST', path, { type, data });
  }

  private async send<T>(method: string, path: string, body?: { type: string; data: string | Uint8Array }): Promise<T> {
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
    const text = await response.text();
    const data = parse(text);
    if (response.ok) return data as T;
    if (response.status === 401)
      throw new CliError(
        'Jeton refusé (401) : reconnectez-vous (pole-admin login), ou vérifiez --token ou POLE_ADMIN_TOKEN.',
        EXIT.refused,
      );
    const error = (data as ApiErrorBody | undefined)?.error;
    const message = `${error?.message ?? `Réponse ${response.status} de l’API.`}${error ? detailsOf(error) : ''}`;
    throw new CliError(
      `${message} (${response.status}${error?.code ? ` ${error.code}` : ''})`,
      response.status >= 500 ? EXIT.unreachable : EXIT.refused,
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
