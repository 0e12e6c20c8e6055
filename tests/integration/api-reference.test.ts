import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_CONTRACTS } from '../../functions/api/schemas.ts';
import { ROUTES } from '../../functions/catalog.ts';
import { apiDocument } from '../../functions/common/openapi.ts';
import type { Runtime } from '../../local/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

describe('the API describes itself', () => {
  it('serves its OpenAPI 3.1 document at /openapi.json, without a token, built from the catalog', async () => {
    const res = await fetch(`${runtime.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const served = (await res.json()) as { openapi: string };
    expect(served.openapi).toBe('3.1.0');
    expect(served).toEqual(JSON.parse(JSON.stringify(apiDocument(ROUTES, ROUTE_CONTRACTS))));
  });

  it('serves a French reference page at /api-docs: every route, no script, nothing loaded from elsewhere', async () => {
    const res = await fetch(`${runtime.url}/api-docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toMatch(/script-src|unsafe/);
    const html = await res.text();
    expect(html).toMatch(/<html lang="fr"/);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    for (const route of ROUTES) expect(html, `${route.method} ${route.path}`).toContain(route.path);
    expect(html).toContain('Administrateur : <code>Authorization: Bearer &lt;jeton&gt;</code>');
  });
});
