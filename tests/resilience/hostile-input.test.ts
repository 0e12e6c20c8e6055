import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { hostileRequest, sendHostile } from '../support/hostile.ts';
import { allItems, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

describe('hostile input on every route', () => {
  it('never answers 5xx; every refusal is a 4xx JSON error (a French page on a public page); nothing is written', async () => {
    const before = await allItems();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (req) => {
        const res = await sendHostile(runtime.url, req);
        tried += 1;
        expect(res.status, `${req.method} ${req.path} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400 && res.contentType.startsWith('text/html')) {
          // A public page's refusal is a French page for the person who followed the link.
          expect(req.method).toBe('GET');
          expect(res.text).toContain('<html lang="fr">');
        } else if (res.status >= 400) {
          const reply = JSON.parse(res.text);
          expect(typeof reply.error.code).toBe('string');
          expect(typeof reply.error.message).toBe('string');
        }
      }),
      { numRuns: 1500 },
    );
    await runtime.engine.idle();
    expect(tried).toBe(1500);
    expect(await allItems()).toEqual(before);
  }, 180_000);
});
