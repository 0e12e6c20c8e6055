import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/catalog.ts';
import type { Runtime } from '../../local/runtime.ts';
import { ADMIN, allItems, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

/** Strings that have broken parsers elsewhere: injections, odd unicode, separators, huge ones. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\u202e\u200b\ufeff',
    '🏢🇫🇷',
    'NaN',
    '-0',
    '1e309',
    '__proto__',
    'constructor',
    'app-00000000000000-0000000000',
    '2026-Q5',
    'ROW#1',
    'POLE#autre-pole',
    '73282932000074',
    '35600000000048',
  ),
  fc.nat({ max: 3 }).map((n) => 'x'.repeat(10 ** (n + 2))),
);

/** Bodies: random JSON, deep nesting, near-valid shapes with hostile values, non-JSON text. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ json: v })),
  fc.nat({ max: 3000 }).map((depth) => ({ raw: `${'['.repeat(depth)}${']'.repeat(depth)}` })),
  fc
    .record({
      structureName: nasty,
      siret: nasty,
      decision: nasty,
      reason: nasty,
      leaveDate: nasty,
      requestedAreaM2: fc.oneof(fc.double(), fc.bigInt().map(String)),
    })
    .map((json) => ({ json })),
  nasty.map((raw) => ({ raw })),
);

const segment = nasty.map((s) => encodeURIComponent(s.slice(0, 300)) || 'x');

describe('hostile input on every route', () => {
  it('never answers 5xx; every refusal is a 4xx JSON error (a French page on a public page); nothing is written', async () => {
    const before = await allItems();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        body,
        fc.boolean(),
        fc.constantFrom('application/json', 'text/csv', 'text/plain', ''),
        async (route, params, payload, asAdmin, contentType) => {
          let i = 0;
          const path = route.path.replace(/\{[^}]+\}/g, () => params[i++]!);
          const headers: Record<string, string> = { ...(asAdmin ? ADMIN : {}), ...(contentType && { 'content-type': contentType }) };
          const res = await fetch(`${runtime.url}${path}`, {
            method: route.method,
            headers,
            ...(route.method !== 'GET' && { body: 'json' in payload ? JSON.stringify(payload.json) : payload.raw }),
          });
          tried += 1;
          const text = await res.text();
          expect(res.status, `${route.method} ${path} → ${res.status} ${text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400 && res.headers.get('content-type')?.startsWith('text/html')) {
            // A public page's refusal is a French page for the person who followed the link.
            expect(route.method).toBe('GET');
            expect(text).toContain('<html lang="fr">');
          } else if (res.status >= 400) {
            const reply = JSON.parse(text);
            expect(typeof reply.error.code).toBe('string');
            expect(typeof reply.error.message).toBe('string');
          }
        },
      ),
      { numRuns: 1500 },
    );
    await runtime.engine.idle();
    expect(tried).toBe(1500);
    expect(await allItems()).toEqual(before);
  }, 180_000);
});
