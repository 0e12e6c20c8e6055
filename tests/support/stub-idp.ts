import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Cognito's managed login on loopback, for the sign-in tests: `/oauth2/authorize`
 * sends the browser straight back with a code (as a signed-in user would be), `/oauth2/token`
 * exchanges it only against the PKCE verifier whose S256 challenge came with it (once, for the
 * same client and redirect URI) and refreshes tokens, `/logout` sends back to the logout URI.
 * Tokens are the ones given (the embedded runtime accepts configured tokens, not JWTs).
 */
export interface StubIdp {
  url: string;
  /** Every request, in order: path and parameters (query or form). */
  requests: { path: string; params: Record<string, string> }[];
  /** The ID token of the next exchange or refresh (the test moves it on to see a refresh used). */
  nextIdToken: string;
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
}

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

async function formOf(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

export async function startStubIdp(options: { clientId: string; idToken: string }): Promise<StubIdp> {
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Set<string>();
  const idp: StubIdp = { url: '', requests: [], nextIdToken: options.idToken, close: async () => undefined };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const params = req.method === 'POST' ? await formOf(req) : Object.fromEntries(url.searchParams);
    idp.requests.push({ path: url.pathname, params });
    // Cognito's token endpoint answers cross-origin calls from the pages.
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*' };
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/oauth2/authorize') {
      const ok =
        params.response_type === 'code' &&
        params.client_id === options.clientId &&
        params.code_challenge_method === 'S256' &&
        /^[A-Za-z0-9_-]{43}$/.test(params.code_challenge ?? '') &&
        params.redirect_uri &&
        params.state;
      if (!ok) return reply(400, { error: 'invalid_request' });
      const code = base64url(randomBytes(16));
      codes.set(code, { clientId: params.client_id!, redirectUri: params.redirect_uri!, challenge: params.code_challenge! });
      const back = new URL(params.redirect_uri!);
      back.search = new URLSearchParams({ code, state: params.state! }).toString();
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      const tokens = () => {
        const refresh = base64url(randomBytes(16));
        refreshTokens.add(refresh);
        return { id_token: idp.nextIdToken, access_token: 'access', refresh_token: refresh, expires_in: 3600, token_type: 'Bearer' };
      };
      if (params.grant_type === 'authorization_code') {
        const pending = codes.get(params.code ?? '');
        codes.delete(params.code ?? ''); // a code is used once
        const verified =
          pending &&
          pending.clientId === params.client_id &&
          pending.redirectUri === params.redirect_uri &&
          base64url(
            createHash('sha256')
              .update(params.code_verifier ?? '')
              .digest(),
          ) === pending.challenge;
        return verified ? reply(200, tokens()) : reply(400, { error: 'invalid_grant' });
      }
      if (params.grant_type === 'refresh_token' && params.client_id === options.clientId && refreshTokens.has(params.refresh_token ?? '')) {
        const { refresh_token: _, ...refreshed } = tokens();
        return reply(200, refreshed);
      }
      return reply(400, { error: 'invalid_grant' });
    }
    if (url.pathname === '/logout' && params.client_id === options.clientId && params.logout_uri) {
      res.writeHead(302, { location: params.logout_uri });
      return res.end();
    }
    reply(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  idp.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return idp;
}
