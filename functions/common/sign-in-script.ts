import type { HtmlPage } from '../../domain/html.ts';
import { ADMIN_PAGE_PATH, CLI_REDIRECT_URI, REFRESH_MARGIN_S, SIGN_IN_SCOPES, type SignInSettings } from '../../domain/sign-in.ts';
import { signInConfig } from '../../ports/config.ts';
import { ADMIN_TOKEN_STORAGE_KEY, scriptValue } from './html.ts';

/**
 * The admin pages' sign-in, in the browser (docs/back-office.md#sign-in): a small script that
 * defines `PoleAuth` for the page's own script. In AWS it sends staff to Cognito's managed login
 * with the authorization code flow and PKCE (S256), exchanges the code when the browser comes back
 * to /admin, keeps the tokens in the tab's sessionStorage and refreshes the ID token before it
 * expires; locally the page keeps the configured token typed in its form. Either way the token to
 * present is under ADMIN_TOKEN_STORAGE_KEY, so a page only asks `PoleAuth.fresh()` for it.
 *
 *   PoleAuth.cognito          true in AWS (show « Se connecter »), false locally (show the token form)
 *   PoleAuth.signIn(path)     to the managed login; back on /admin, then on `path` (default: this page)
 *   PoleAuth.callback()       on /admin: the code exchanged, on to the page asked for; true if it was a callback
 *   PoleAuth.fresh(force)     the ID token, refreshed first if it expires within a minute (or `force`); null if signed out
 *   PoleAuth.keep(token)      a typed token (local)
 *   PoleAuth.forget()         forgets the tokens (a refused token)
 *   PoleAuth.signOut()        forgets the tokens and, in AWS, signs out of the managed login
 */
const script = (settings: SignInSettings): string => `
var PoleAuth = (function () {
  'use strict';
  var SETTINGS = ${scriptValue(settings)};
  var KEY = { token: ${scriptValue(ADMIN_TOKEN_STORAGE_KEY)}, refresh: 'poleAdminRefresh', expires: 'poleAdminExpires', pending: 'poleAdminSignIn' };
  var cognito = SETTINGS.mode === 'cognito';
  var redirectUri = location.origin + ${scriptValue(ADMIN_PAGE_PATH)};
  function base64url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function random() { var bytes = new Uint8Array(32); crypto.getRandomValues(bytes); return base64url(bytes); }
  async function challengeOf(verifier) { return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))); }
  function store(tokens) {
    sessionStorage.setItem(KEY.token, tokens.id_token);
    if (tokens.refresh_token) sessionStorage.setItem(KEY.refresh, tokens.refresh_token);
    sessionStorage.setItem(KEY.expires, String(Date.now() + Number(tokens.expires_in || 0) * 1000));
  }
  async function tokenRequest(fields) {
    var response = await fetch(SETTINGS.domainUrl + '/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(Object.assign({ client_id: SETTINGS.webClientId }, fields)),
    });
    var body = await response.json().catch(function () { return {}; });
    if (!response.ok || !body.id_token) throw new Error('Connexion refusée par le service d’authentification (' + (body.error || response.status) + ').');
    return body;
  }
  function forget() { [KEY.token, KEY.refresh, KEY.expires].forEach(function (k) { sessionStorage.removeItem(k); }); }
  async function signIn(returnTo) {
    var pending = { state: random(), verifier: random(), returnTo: returnTo || location.pathname };
    sessionStorage.setItem(KEY.pending, JSON.stringify(pending));
    var query = new URLSearchParams({
      response_type: 'code', client_id: SETTINGS.webClientId, redirect_uri: redirectUri, scope: SETTINGS.scopes.join(' '),
      state: pending.state, code_challenge: await challengeOf(pending.verifier), code_challenge_method: 'S256',
    });
    location.assign(SETTINGS.domainUrl + '/oauth2/authorize?' + query);
  }
  async function callback() {
    var params = new URLSearchParams(location.search);
    if (!cognito || !(params.has('code') || params.has('error'))) return false;
    var pending = JSON.parse(sessionStorage.getItem(KEY.pending) || 'null');
    sessionStorage.removeItem(KEY.pending);
    history.replaceState(null, '', location.pathname); // the code is used once: never left in the address bar
    if (params.has('error')) throw new Error('Connexion refusée : ' + (params.get('error_description') || params.get('error')) + '.');
    if (!pending || params.get('state') !== pending.state) throw new Error('Connexion interrompue : recommencez.');
    store(await tokenRequest({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri, code_verifier: pending.verifier }));
    // Signed in for another page (the report page): go there; nothing more to do on this one.
    if (pending.returnTo !== location.pathname) { location.replace(pending.returnTo); return new Promise(function () {}); }
    return true;
  }
  async function fresh(force) {
    var token = sessionStorage.getItem(KEY.token);
    if (!cognito || !token) return token;
    if (!force && Number(sessionStorage.getItem(KEY.expires)) - Date.now() > ${REFRESH_MARGIN_S * 1000}) return token;
    var refresh = sessionStorage.getItem(KEY.refresh);
    if (!refresh) { forget(); return null; }
    try { store(await tokenRequest({ grant_type: 'refresh_token', refresh_token: refresh })); } catch (error) { forget(); return null; }
    return sessionStorage.getItem(KEY.token);
  }
  function keep(token) { sessionStorage.setItem(KEY.token, token); }
  function signOut() {
    forget();
    if (cognito) location.assign(SETTINGS.domainUrl + '/logout?' + new URLSearchParams({ client_id: SETTINGS.webClientId, logout_uri: redirectUri }));
  }
  return { cognito: cognito, signIn: signIn, callback: callback, fresh: fresh, keep: keep, forget: forget, signOut: signOut };
})();
`;

/** How staff sign in here: Cognito's managed login when the function is told its domain and clients (AWS), else a configured token. */
export function signInSettings(): SignInSettings {
  const cognito = signInConfig();
  return cognito ? { mode: 'cognito', ...cognito, cliRedirectUri: CLI_REDIRECT_URI, scopes: SIGN_IN_SCOPES } : { mode: 'token' };
}

/**
 * An admin page with its sign-in: the `PoleAuth` script before the page's own, and, in AWS, the
 * Cognito domain added to the pages' `connect-src` (the browser exchanges the code there itself).
 */
export function withSignIn(page: HtmlPage, settings: SignInSettings): HtmlPage {
  return {
    ...page,
    script: `${script(settings)}${page.script ?? ''}`,
    ...(settings.mode === 'cognito' && { connectSrc: [new URL(settings.domainUrl).origin] }),
  };
}
