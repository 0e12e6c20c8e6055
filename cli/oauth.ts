import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { REFRESH_MARGIN_S, type SignInSettings } from '../domain/sign-in.ts';
import { CliError, EXIT } from './client.ts';

/**
 * `pole-admin login` (docs/back-office.md#sign-in): Cognito's managed login with the authorization
 * code flow and PKCE, the browser coming back to a loopback port, as OAuth for native apps
 * (RFC 8252) does it; then the tokens cached in the user's configuration folder and refreshed.
 */

export type CognitoSettings = Extract<SignInSettings, { mode: 'cognito' }>;

/** The tokens kept for one API: the ID token presented to it, the refresh token, and when the ID token expires. */
export interface Tokens {
  idToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** A PKCE verifier (43 characters of base64url) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The managed login's address for one sign-in. */
export function authorizeUrl(settings: CognitoSettings, clientId: string, state: string, challenge: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: settings.cliRedirectUri,
    scope: settings.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${settings.domainUrl}/oauth2/authorize?${query}`;
}

/** One call of the token endpoint (form-encoded, public client: no secret); its tokens, or a French refusal. */
async function tokenRequest(
  domainUrl: string,
  fields: Record<string, string>,
  fetchImpl: typeof fetch,
  now: () => number,
): Promise<Tokens> {
  let response: Response;
  try {
    response = await fetchImpl(`${domainUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new CliError(`Service de connexion injoignable (${domainUrl}) : ${(error as Error).message}.`, EXIT.unreachable);
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.id_token !== 'string') {
    const refused = response.status === 400 || response.status === 401;
    throw new CliError(
      `Connexion refusée par le service de connexion (${body.error ?? response.status}) : relancez pole-admin login.`,
      refused ? EXIT.refused : EXIT.unreachable,
    );
  }
  return {
    idToken: body.id_token,
    ...(typeof body.refresh_token === 'string' && { refreshToken: body.refresh_token }),
    expiresAt: now() + Number(body.expires_in ?? 0) * 1000,
  };
}

/** Exchanges an authorization code for tokens, proving the sign-in was ours with the PKCE verifier. */
export const exchangeCode = (
  settings: CognitoSettings,
  clientId: string,
  code: string,
  verifier: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<Tokens> =>
  tokenRequest(
    settings.domainUrl,
    { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: settings.cliRedirectUri, code_verifier: verifier },
    fetchImpl,
    now,
  );

/** New tokens from the refresh token; Cognito sends no new refresh token, so the old one is kept. */
export async function refreshTokens(
  domainUrl: string,
  clientId: string,
  tokens: Tokens,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<Tokens> {
  if (!tokens.refreshToken) throw new CliError('Session expirée : relancez pole-admin login.', EXIT.refused);
  const fresh = await tokenRequest(
    domainUrl,
    { grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refreshToken },
    fetchImpl,
    now,
  );
  return { refreshToken: tokens.refreshToken, ...fresh };
}

/** Whether an ID token must be refreshed before use (it expires within the margin). */
export const expiresSoon = (tokens: Tokens, now: number): boolean => tokens.expiresAt - now < REFRESH_MARGIN_S * 1000;

/** What `pole-admin login` keeps for an API: its tokens and how to refresh them. */
export interface Session {
  tokens: Tokens;
  domainUrl: string;
  clientId: string;
}

/** The sessions cache: one file in the user's configuration folder, readable by them alone. */
export class SessionCache {
  constructor(private readonly file: string) {}

  /** `$XDG_CONFIG_HOME/pole-admin/sessions.json` (or `~/.config/…`). */
  static at(env: Readonly<Record<string, string | undefined>>): SessionCache {
    const base = env.XDG_CONFIG_HOME || join(env.HOME || env.USERPROFILE || '.', '.config');
    return new SessionCache(join(base, 'pole-admin', 'sessions.json'));
  }

  private async all(): Promise<Record<string, Session>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, Session>;
    } catch {
      return {};
    }
  }

  async get(apiUrl: string): Promise<Session | undefined> {
    return (await this.all())[apiUrl];
  }

  async set(apiUrl: string, session: Session | undefined): Promise<void> {
    const sessions = await this.all();
    if (session) sessions[apiUrl] = session;
    else delete sessions[apiUrl];
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFile(this.file, JSON.stringify(sessions, null, 2), { mode: 0o600 });
    await chmod(this.file, 0o600);
  }
}

/** The cached session's ID token for an API, refreshed (and cached again) when it expires soon; undefined without a session. */
export async function cachedToken(
  cache: SessionCache,
  apiUrl: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<string | undefined> {
  const session = await cache.get(apiUrl);
  if (!session) return undefined;
  if (!expiresSoon(session.tokens, now())) return session.tokens.idToken;
  const tokens = await refreshTokens(session.domainUrl, session.clientId, session.tokens, fetchImpl, now);
  await cache.set(apiUrl, { ...session, tokens });
  return tokens.idToken;
}

const PAGE = (text: string) => `<!doctype html><html lang="fr"><meta charset="utf-8"><title>pole-admin</title><p>${text}</p></html>`;

/**
 * Waits on the loopback redirect URI for the managed login to send the browser back, once: the
 * code, for the state sent (anything else is refused), or the error it reports. Gives up after
 * `timeoutMs`.
 */
export async function waitForCode(redirectUri: string, state: string, timeoutMs: number): Promise<{ code: string; close: () => void }> {
  const target = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== target.pathname) {
        res.writeHead(404).end();
        return;
      }
      const answer = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(PAGE(text));
      };
      const error = url.searchParams.get('error');
      if (error) {
        answer(400, 'Connexion refusée. Vous pouvez fermer cet onglet.');
        finish(new CliError(`Connexion refusée : ${url.searchParams.get('error_description') ?? error}.`, EXIT.refused));
      } else if (url.searchParams.get('state') !== state || !url.searchParams.get('code')) {
        answer(400, 'Réponse inattendue : relancez pole-admin login.');
      } else {
        answer(200, 'Connexion réussie : vous pouvez fermer cet onglet et revenir au terminal.');
        finish(undefined, url.searchParams.get('code')!);
      }
    });
    const timer = setTimeout(
      () => finish(new CliError('Aucune connexion dans le temps imparti : relancez pole-admin login.', EXIT.refused)),
      timeoutMs,
    );
    const close = () => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close();
    };
    function finish(error?: Error, code?: string) {
      if (error) {
        close();
        reject(error);
      } else resolve({ code: code!, close });
    }
    server.once('error', (error: NodeJS.ErrnoException) =>
      finish(
        new CliError(
          `Le port ${target.port} de cette machine est occupé (${error.code}) : fermez ce qui l’utilise et relancez.`,
          EXIT.usage,
        ),
      ),
    );
    // The redirect names localhost: listen where it resolves to (IPv4 loopback on every system the staff use).
    server.listen(Number(target.port), '127.0.0.1');
  });
}
