import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { openPage } from '../support/browser.ts';
import { POLE, startTestRuntime } from '../support/runtime.ts';
import { type StubIdp, startStubIdp } from '../support/stub-idp.ts';

/**
 * The admin pages' sign-in as it runs in AWS (functions/common/sign-in-script.ts), against a stub
 * of Cognito's managed login on loopback: the page is told the stub's domain and a client id, as
 * the stack tells it Cognito's. The stub's ID tokens are tokens the embedded runtime accepts.
 */
const CLIENT_ID = 'stub-web-client';
const FIRST = 'idp-id-token-first';
const REFRESHED = 'idp-id-token-refreshed';

let idp: StubIdp;
let runtime: Runtime;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
/** The ID tokens the API received, in order (the runtime's own view of who called). */
const presented: string[] = [];

beforeAll(async () => {
  idp = await startStubIdp({ clientId: CLIENT_ID, idToken: FIRST });
  Object.assign(process.env, { AUTH_DOMAIN_URL: idp.url, AUTH_WEB_CLIENT_ID: CLIENT_ID });
  runtime = await startTestRuntime({
    admins: [FIRST, REFRESHED].map((token) => ({ token, poleId: POLE, subject: 'animation@pole-sud-aquitain.fr' })),
  });
  ({ browser, page, errors: pageErrors } = await openPage({ width: 1280, height: 900 }));
  page.on('request', (request) => {
    const auth = request.headers().authorization;
    if (auth && request.url().startsWith(runtime.url)) presented.push(auth.replace('Bearer ', ''));
  });
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await idp?.close();
});

/** A value of the page's sessionStorage (evaluated in the page: the tests have no DOM typings). */
const storage = (key: string, on: Page = page) => on.evaluate(`sessionStorage.getItem(${JSON.stringify(key)})`);

describe('staff sign-in on the admin pages (authorization code + PKCE) against a stub IdP', () => {
  it('« Se connecter » goes to the managed login with an S256 challenge; back on /admin the code is exchanged with its verifier', async () => {
    await page.goto(`${runtime.url}/admin`);
    expect(await page.locator('#token').count()).toBe(0); // no token to paste in AWS
    await page.click('#sign-in');
    // Signed in: the back-office's home page, which asked the API for what needs attention.
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    await page.locator('#logout').waitFor();

    const [authorize, exchange] = idp.requests;
    expect(authorize).toMatchObject({
      path: '/oauth2/authorize',
      params: {
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: `${runtime.url}/admin`,
        scope: 'openid email profile',
        code_challenge_method: 'S256',
      },
    });
    expect(exchange).toMatchObject({
      path: '/oauth2/token',
      params: { grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: `${runtime.url}/admin` },
    });
    // The verifier sent at the exchange is the one whose SHA-256 went to the authorize request.
    const verifier = exchange!.params.code_verifier!;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize!.params.code_challenge);
    expect(exchange!.params).not.toHaveProperty('client_secret');

    // The code never stays in the address bar; the tokens are in the tab; the API got the ID token.
    expect(new URL(page.url()).search).toBe('');
    expect(await storage('poleAdminToken')).toBe(FIRST);
    expect(await storage('poleAdminRefresh')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(presented).toContain(FIRST);
    expect(pageErrors).toEqual([]);
  });

  it('refreshes the ID token before it expires, and uses the new one', async () => {
    idp.nextIdToken = REFRESHED;
    await page.evaluate("sessionStorage.setItem('poleAdminExpires', String(Date.now() + 5000))"); // within the minute's margin
    const before = idp.requests.length;
    await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('link', { name: 'Exécutions' }).click();
    await expect.poll(() => storage('poleAdminToken')).toBe(REFRESHED);
    expect(idp.requests.slice(before)).toEqual([
      { path: '/oauth2/token', params: expect.objectContaining({ grant_type: 'refresh_token', client_id: CLIENT_ID }) },
    ]);
    await expect.poll(() => presented.at(-1)).toBe(REFRESHED);
    await page.getByRole('heading', { level: 1, name: 'Exécutions' }).waitFor();
    expect(await page.isVisible('#logout')).toBe(true);
  });

  it('the report page signs in through the same login and comes back to itself', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const report = await context.newPage();
    const errors: string[] = [];
    report.on('pageerror', (error) => errors.push(error.message));
    const path = '/admin/campaigns/gtec-2027/report';
    await report.goto(`${runtime.url}${path}`);
    await report.getByRole('button', { name: 'Se connecter' }).click();
    await report.waitForURL(`${runtime.url}${path}`);
    // Signed in: the page asked for the results with the token (none published for this campaign: its message).
    await report.getByRole('alert').waitFor();
    expect(await storage('poleAdminToken', report)).toBe(REFRESHED);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a callback whose state it did not send, and a refused sign-in, saying so', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const other = await context.newPage();
    await other.goto(`${runtime.url}/admin?code=forged&state=forged`);
    await other.getByRole('alert').filter({ hasText: 'Connexion interrompue : recommencez.' }).waitFor();
    expect(await other.locator('#logout').count()).toBe(0);
    expect(new URL(other.url()).search).toBe('');
    await other.goto(`${runtime.url}/admin?error=access_denied&error_description=Compte%20d%C3%A9sactiv%C3%A9`);
    await other.getByRole('alert').filter({ hasText: 'Connexion refusée : Compte désactivé.' }).waitFor();
    expect(idp.requests.filter((r) => r.params.code === 'forged')).toEqual([]); // never sent to the token endpoint
    await context.close();
  });

  it('signs out of the managed login and back to the sign-in button', async () => {
    await page.click('#logout');
    await page.waitForSelector('#sign-in');
    expect(idp.requests.at(-1)).toEqual({ path: '/logout', params: { client_id: CLIENT_ID, logout_uri: `${runtime.url}/admin` } });
    expect(await storage('poleAdminToken')).toBeNull();
    expect(await storage('poleAdminRefresh')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
