import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHttpApi } from '../../local/http-server.ts';
import type { LocalLambdas } from '../../local/lambda.ts';
import type { Runtime } from '../../local/runtime.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, POLE, startTestRuntime } from '../support/runtime.ts';

/**
 * The repros of the "hostile and unlucky input" report, each kept as a regression test (the SIGKILL
 * ones are in kill-restart.test.ts, the per-export CSV ones beside each export's unit tests).
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

/** Sends only the head of a request announcing `length` bytes of body, and resolves with the status line the server answers. */
function headOnly(path: string, headers: Record<string, string>, length: number): Promise<string> {
  const { port } = new URL(runtime.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      const lines = Object.entries({ host: 'localhost', 'content-type': 'application/json', 'content-length': String(length), ...headers });
      socket.write(`POST ${path} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    });
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.split('\r\n')[0]!);
      }
    });
    socket.on('error', reject);
  });
}

describe('8. admin routes: the token before the body', () => {
  it('answers 401 to a request without a valid token before its body arrives', async () => {
    const status = await headOnly('/admin/companies/import', { authorization: 'Bearer wrong-token-123' }, 5_000_000);
    expect(status).toBe('HTTP/1.1 401 Unauthorized');
  });

  it('answers 413 to an announced body over the limit without reading it', async () => {
    const status = await headOnly('/admin/companies/import', ADMIN, 7_000_000);
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(await allItems()).not.toHaveLength(0);
  });
});

const HEADER = "N° SIRET;Raison sociale;Code APE;Tranche d'effectifs;Commune;Adresse mail\r\n";
const COMPANY = '73282932000074;Forge Lafitte;2562B;11;Ondres;rh@forge.example.fr\r\n';
const csv = (path: string, raw: string) => call(runtime, 'POST', path, { headers: { ...ADMIN, 'content-type': 'text/csv' }, raw });

describe('1. imports are bounded: blank lines cost nothing, a limit crossed writes nothing', () => {
  it('a company file with 2 million blank lines imports its one company', async () => {
    const reply = await csv('/admin/companies/import', HEADER + COMPANY + '\r\n'.repeat(1_000_000) + ';;;;;\r\n'.repeat(150_000));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ imported: 1, rejected: 0, errorCount: 0 });
  }, 60_000);

  it('100,000 bad rows: a 400 naming the row limit, nothing written', async () => {
    const before = await allItems();
    const reply = await csv('/admin/companies/import', HEADER + COMPANY + '123;x;zz;;;\r\n'.repeat(100_000));
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toEqual([
      expect.objectContaining({ rule: 'too_many_rows', message: expect.stringMatching(/10\s000 lignes/) }),
    ]);
    expect(await allItems()).toEqual(before);
  });

  it('a quarter import of 230,000 rows: a 400 naming the row limit, nothing written', async () => {
    const before = await allItems();
    const reply = await csv(
      '/admin/reconciliations/2026-Q3/inputs/costs',
      `categorie;montant;cle\r\n${'Loyer;1,00;egal\r\n'.repeat(230_000)}`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toEqual([
      expect.objectContaining({ rule: 'max_rows', message: expect.stringMatching(/2\s000 lignes/) }),
    ]);
    expect(await allItems()).toEqual(before);
  });

  it('a quarter import of 1,500 bad rows: the first 100 errors listed, and their count', async () => {
    const reply = await csv(
      '/admin/reconciliations/2026-Q3/inputs/costs',
      `categorie;montant;cle\r\n${'Loyer;abc;egal\r\n'.repeat(1_500)}`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toHaveLength(100);
    expect(reply.body.error.issueCount).toBe(1_500);
  });

  it('a 5.4 MB file: 413 naming the body limit', async () => {
    const reply = await csv('/admin/companies/import', HEADER + COMPANY.repeat(Math.ceil(5_400_000 / COMPANY.length)));
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: '(body)', rule: 'max_bytes' });
  });
});

describe('3. a campaign filter is a bounded list', () => {
  it('3,000 communes: a 400 naming the filter, no campaign', async () => {
    const before = await allItems();
    const reply = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: {
        campaignId: 'gtec-huge',
        filters: { communes: Array.from({ length: 3000 }, () => 'Tarnos') },
        closesAt: '2099-03-31T18:00:00+02:00',
      },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toEqual([expect.objectContaining({ field: 'filters.communes', rule: 'max' })]);
    expect(await allItems()).toEqual(before);
  });
});

describe('10. smaller: headers, dates and quantities', () => {
  it('a CSV header `constructor` is an unknown column; a repeated column is refused', async () => {
    const reply = await csv(
      '/admin/reconciliations/2026-Q3/inputs/costs',
      'categorie;montant;cle;constructor;montant\r\nLoyer;1,00;egal;x;2,00\r\n',
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues.map((i: { field: string; rule: string }) => `${i.field}:${i.rule}`).sort()).toEqual([
      'constructor:unknown_field',
      'montant:duplicate_column',
    ]);
  });
});

describe('2. a burst never kills the process: bounded queue, 503 with Retry-After beyond', () => {
  it('serves what fits (running + queued) and answers 503 Retry-After to the rest, then serves again', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let invoked = 0;
    let answered = 0;
    const lambdas = {
      invoke: async () => {
        invoked += 1;
        await gate;
        return { statusCode: 200, body: '{}' };
      },
    } as unknown as LocalLambdas;
    const api = new LocalHttpApi(lambdas, [], [], undefined, { maxConcurrent: 2, maxQueued: 3 });
    const url = await api.listen(0);
    try {
      // One connection each (no keep-alive pool): twelve requests arrive together.
      const post = () =>
        new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
          const req = request(`${url}/poles/${POLE}/applications`, { method: 'POST', agent: false }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => {
              answered += 1;
              resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], body });
            });
          });
          req.on('error', reject);
          req.end('{}');
        });
      const burst = Array.from({ length: 12 }, post);
      // Two running, three waiting, seven turned away at once.
      await eventually(async () => invoked === 2 && answered === 7);
      open();
      const replies = await Promise.all(burst);
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(5).fill(200), ...Array(7).fill(503)]);
      const refused = replies.find((r) => r.status === 503)!;
      expect(refused.retryAfter).toBe('1');
      expect(JSON.parse(refused.body).error.code).toBe('BUSY');
      expect(invoked).toBe(5);
      expect((await post()).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('a burst of applications on the embedded runtime with store faults: no 5xx but 503, no unhandled rejection', async () => {
    Object.assign(runtime.dynamoFaults, { throttleNext: 10, skip: 5, command: undefined });
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(runtime, 'POST', `/poles/${POLE}/applications`, { body: aForm({ siret: testSiret(2100 + i), requestedAreaM2: 1 }) }),
      ),
    );
    Object.assign(runtime.dynamoFaults, { throttleNext: 0, skip: 0 });
    for (const r of replies) expect([202, 409, 429, 503]).toContain(r.status);
    // The file fails on any unhandled rejection (tests/support/unhandled.ts): reaching here alive is the check.
    expect((await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).status).toBe(200);
  }, 120_000);
});

describe('7. text hygiene: declared charsets, no control or bidi characters', () => {
  const form = (over: Record<string, unknown>) => JSON.stringify(aForm({ siret: testSiret(2300), requestedAreaM2: 1, ...over }));

  it('a Latin-1 body is decoded as Latin-1 (not stored as B\uFFFDtiment)', async () => {
    const body = Buffer.from(form({ structureName: 'Bâtiment Solidaire', startDate: '9999-12-31' }), 'latin1');
    const reply = await call(runtime, 'POST', `/poles/${POLE}/applications`, {
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      raw: body,
    });
    // The start date makes it a 400: the name was read right, and nothing is written.
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toEqual([expect.objectContaining({ field: 'startDate', rule: 'max_years_ahead' })]);
    // Executions of the burst above may still be writing their histories: nothing of this SIRET, though.
    expect(JSON.stringify(await allItems())).not.toContain(testSiret(2300));
  });

  it('an unknown charset is a 415 naming it', async () => {
    const reply = await call(runtime, 'POST', `/poles/${POLE}/applications`, {
      headers: { 'content-type': 'application/json; charset=x-klingon' },
      raw: form({}),
    });
    expect(reply.status).toBe(415);
    expect(reply.body.error).toMatchObject({ field: 'content-type', rule: 'charset', message: expect.stringContaining('x-klingon') });
  });

  it.each([
    ['NUL', 'Atelier\u0000Solidaire'],
    ['bidi override', 'Atelier \u202eeriadiloS'],
  ])('a name with a %s character is refused, naming the field', async (_, structureName) => {
    const reply = await call(runtime, 'POST', `/poles/${POLE}/applications`, {
      raw: form({ structureName }),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toEqual([expect.objectContaining({ field: 'structureName', rule: 'plain_text' })]);
  });

  it('fte 0.30000000000000004 is refused (two decimals at most)', async () => {
    const reply = await call(runtime, 'POST', `/poles/${POLE}/applications`, {
      raw: form({}).replace(/"fte":[^,}]+/, '"fte":0.30000000000000004'),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toEqual([expect.objectContaining({ field: 'fte', rule: 'max_decimals' })]);
  });
});
