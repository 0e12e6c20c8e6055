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
  error?: { code?: string; message?: string; issues?: { field: string; message: string }[] };
}

export class AdminClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.url), {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
      throw new CliError(`API injoignable à ${this.url} (${reason}). Vérifiez --url ou POLE_API_URL.`, EXIT.unreachable);
    }
    const text = await response.text();
    const data = parse(text);
    if (response.ok) return data as T;
    if (response.status === 401) throw new CliError('Jeton refusé (401) : vérifiez --token ou POLE_ADMIN_TOKEN.', EXIT.refused);
    const error = (data as ApiErrorBody | undefined)?.error;
    const issues = (error?.issues ?? []).map((i) => `\n  - ${i.field} : ${i.message}`).join('');
    const message = `${error?.message ?? `Réponse ${response.status} de l’API.`}${issues}`;
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
