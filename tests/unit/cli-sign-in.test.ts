import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../../cli/client.ts';
import { type CognitoSettings, cachedToken, exchangeCode, pkcePair, refreshTokens, SessionCache } from '../../cli/oauth.ts';
import { main } from '../../cli/pole-admin.ts';
import { type StubIdp, startStubIdp } from '../support/stub-idp.ts';

/**
 * `pole-admin login` and the code exchange against a stand-in for Cognito's token endpoint on
 * loopback (tests/support/stub-idp.ts checks the PKCE verifier against the challenge): the
 * browser is played by a fetch that follows the managed login's redirect to the CLI's port.
 */
const CLIENT_ID = 'cli-client';
const API = 'https://api.example.test';
/** An ID token as Cognito shapes one (the CLI reads its claims for the confirmation line, the API verifies it). */
const idToken = (email: string) =>
  `x.${Buffer.from(JSON.stringify({ email, 'custom:pole': 'pole-adour', exp: 0 })).toString('base64url')}.y`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let idp: StubIdp;
let settings: CognitoSettings;
let env: Record<string, string>;
beforeEach(async () => {
  idp = await startStubIdp({ clientId: CLIENT_ID, idToken: idToken('animation@pole-adour.example.fr') });
  settings = {
    mode: 'cognito',
    domainUrl: idp.url,
    webClientId: 'web-client',
    cliClientId: CLIENT_ID,
    cliRedirectUri: `http://localhost:${await freePort()}/callback`,
    scopes: ['openid', 'email', 'profile'],
  };
  env = { XDG_CONFIG_HOME: await mkdtemp(join(tmpdir(), 'pole-admin-')) };
});
afterEach(() => idp.close());

/** The API: `/auth/config` says how to sign in; anything else answers with the bearer it was sent. */
const api: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  if (url.origin === API && url.pathname === '/auth/config') return Response.json(settings);
  if (url.origin === API) return Response.json({ bearer: new Headers(init?.headers).get('authorization') });
  return fetch(input, init);
};

describe('the code exchange (a mocked token endpoint)', () => {
  it('exchanges a code only with the verifier of its challenge, then refreshes keeping the refresh token', async () => {
    const { verifier, challenge } = pkcePair();
    const authorize = await fetch(
      `${idp.url}/oauth2/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: settings.cliRedirectUri,
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const tokens = await exchangeCode(settings, CLIENT_ID, code, verifier, fetch, () => 1_000);
    expect(tokens).toEqual({ idToken: expect.stringMatching(/^x\./), refreshToken: expect.any(String), expiresAt: 1_000 + 3_600_000 });
    expect(idp.requests.at(-1)).toEqual({
      path: '/oauth2/token',
      params: {
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
        code,
        redirect_uri: settings.cliRedirectUri,
        code_verifier: verifier,
      },
    });
    // The same code again is refused (used once), as is a code with another verifier.
    await expect(exchangeCode(settings, CLIENT_ID, code, verifier)).rejects.toMatchObject({ exitCode: EXIT.refused });

    idp.nextIdToken = 'refreshed';
    const fresh = await refreshTokens(idp.url, CLIENT_ID, tokens, fetch, () => 2_000);
    expect(fresh).toEqual({ idToken: 'refreshed', refreshToken: tokens.refreshToken, expiresAt: 2_000 + 3_600_000 });
  });

  it('a wrong verifier is a French refusal; an unreachable endpoint says so', async () => {
    const error = await exchangeCode(settings, CLIENT_ID, 'no-such-code', pkcePair().verifier).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/^Connexion refusée par le service de connexion \(invalid_grant\)/);
    const down = await exchangeCode({ ...settings, domainUrl: 'http://127.0.0.1:9' }, CLIENT_ID, 'c', 'v').catch((e: unknown) => e);
    expect(down).toMatchObject({ exitCode: EXIT.unreachable, message: expect.stringMatching(/^Service de connexion injoignable/) });
  });
});

describe('pole-admin login', () => {
  it('signs in through the browser and the loopback callback, caches the session (owner-only), and the next command presents and refreshes it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    let opened = '';
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      fetch: api,
      // The browser: the managed login sends it back to the CLI's port with the code.
      open: (url: string) => {
        opened = url;
        void fetch(url);
      },
    };
    expect(await main(['login', '--url', API], env, io)).toBe(EXIT.ok);
    const authorize = new URL(opened);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: settings.cliRedirectUri,
      code_challenge_method: 'S256',
    });
    expect(out.join('\n')).toContain('Connecté en tant que animation@pole-adour.example.fr (pôle pole-adour)');
    const file = join(env.XDG_CONFIG_HOME!, 'pole-admin', 'sessions.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))[API]).toMatchObject({ domainUrl: idp.url, clientId: CLIENT_ID });

    // Fresh: presented as is. About to expire: refreshed first, and cached again.
    const cache = SessionCache.at(env);
    const first = await cachedToken(cache, API);
    expect(first).toMatch(/^x\./);
    idp.nextIdToken = 'refreshed-id-token';
    expect(await cachedToken(cache, API, fetch, () => Date.now() + 3_600_000)).toBe('refreshed-id-token');
    expect((await cache.get(API))?.tokens.idToken).toBe('refreshed-id-token');

    expect(await main(['logout', '--url', API], env, io)).toBe(EXIT.ok);
    expect(await cache.get(API)).toBeUndefined();
    expect(await main(['executions', '--url', API], env, io)).toBe(EXIT.usage);
    expect(err.at(-1)).toMatch(/Non connecté : pole-admin login/);
  });

  it('on the embedded runtime there is nothing to sign in to: it says to use the configured token', async () => {
    const err: string[] = [];
    const local: typeof fetch = async () => Response.json({ mode: 'token' });
    expect(await main(['login', '--url', API], env, { out: () => undefined, err: (t) => err.push(t), fetch: local })).toBe(EXIT.usage);
    expect(err.join('\n')).toMatch(/runtime embarqué\) : passez son jeton configuré/);
  });
});
