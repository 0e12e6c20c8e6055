import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { ADMIN, allItems, startTestRuntime } from '../support/runtime.ts';

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
