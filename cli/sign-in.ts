import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { SignInSettings } from '../domain/sign-in.ts';
import { CliError, EXIT } from './client.ts';
import { authorizeUrl, cachedToken, exchangeCode, pkcePair, type SessionCache, waitForCode } from './oauth.ts';

/** What the sign-in commands need from the outside world (tests give their own). */
export interface SignInIo {
  out: (text: string) => void;
  err: (text: string) => void;
  fetch?: typeof fetch;
  /** Opens an address in the user's browser; by default the system's opener, if any. */
  open?: (url: string) => void;
}

/** How long `pole-admin login` waits for the browser to come back. */
const LOGIN_TIMEOUT_MS = 5 * 60_000;

/** How staff sign in on this API (`GET /auth/config`, public). */
export async function signInSettingsOf(apiUrl: string, fetchImpl: typeof fetch = fetch): Promise<SignInSettings> {
  try {
    const response = await fetchImpl(new URL('/auth/config', apiUrl), { signal: AbortSignal.timeout(30_000) });
    if (response.ok) return (await response.json()) as SignInSettings;
    throw new Error(`réponse ${response.status}`);
  } catch (error) {
    throw new CliError(`API injoignable à ${apiUrl} (${(error as Error).message}). Vérifiez --url ou POLE_API_URL.`, EXIT.unreachable);
  }
}

/** The system's way to open an address in the browser; nothing happens where there is none (the address is printed anyway). */
function systemOpen(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/** The claims an ID token shows about its holder, for the confirmation line (read, not verified: the API verifies). */
function whoIs(idToken: string): string {
  try {
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const groups = claims['cognito:groups'];
    const role = Array.isArray(groups) && groups.includes('operators') ? 'opérateur' : `pôle ${String(claims['custom:pole'] ?? '?')}`;
    return ` en tant que ${String(claims.email ?? claims.sub ?? '?')} (${role})`;
  } catch {
    return '';
  }
}

/**
 * `pole-admin login`: the managed login in the browser (authorization code + PKCE), the browser
 * coming back to a loopback port; the tokens are cached for this API and refreshed by the other
 * commands. On the embedded runtime there is nothing to sign in to: its token is configured.
 */
export async function login(apiUrl: string, cache: SessionCache, io: SignInIo): Promise<void> {
  const settings = await signInSettingsOf(apiUrl, io.fetch);
  if (settings.mode !== 'cognito') {
    throw new CliError(
      'Cette API n’utilise pas la connexion Cognito (runtime embarqué) : passez son jeton configuré avec --token ou POLE_ADMIN_TOKEN.',
      EXIT.usage,
    );
  }
  if (!settings.cliClientId) throw new CliError('Cette API ne déclare pas de client pour la ligne de commande.', EXIT.refused);
  const state = randomBytes(16).toString('base64url');
  const { verifier, challenge } = pkcePair();
  const callback = waitForCode(settings.cliRedirectUri, state, LOGIN_TIMEOUT_MS);
  const url = authorizeUrl(settings, settings.cliClientId, state, challenge);
  io.err(`Ouvrez cette adresse dans votre navigateur pour vous connecter :\n  ${url}`);
  (io.open ?? systemOpen)(url);
  const { code, close } = await callback;
  try {
    const tokens = await exchangeCode(settings, settings.cliClientId, code, verifier, io.fetch);
    await cache.set(apiUrl, { tokens, domainUrl: settings.domainUrl, clientId: settings.cliClientId });
    io.out(`Connecté${whoIs(tokens.idToken)}. La session est gardée pour ${apiUrl}.`);
  } finally {
    close();
  }
}

/** `pole-admin logout`: forgets the cached session of this API. */
export async function logout(apiUrl: string, cache: SessionCache, io: SignInIo): Promise<void> {
  await cache.set(apiUrl, undefined);
  io.out(`Déconnecté de ${apiUrl}.`);
}

/** The token to present: `--token`, else POLE_ADMIN_TOKEN, else the cached session's (refreshed if need be). */
export async function tokenFor(
  apiUrl: string,
  given: string | undefined,
  cache: SessionCache,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const token = given ?? (await cachedToken(cache, apiUrl, fetchImpl));
  if (!token) throw new CliError('Non connecté : pole-admin login (en AWS), ou --token / POLE_ADMIN_TOKEN (runtime embarqué).', EXIT.usage);
  return token;
}
