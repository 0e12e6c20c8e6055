import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, startTestRuntime } from '../support/runtime.ts';

// Before any module builds the logger: every level, so that the test sees everything logged.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

let runtime: Runtime;
const captured: string[] = [];
const streams = [process.stdout, process.stderr] as const;
const writes = streams.map((stream) => stream.write.bind(stream));

beforeAll(async () => {
  runtime = await startTestRuntime();
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      captured.push(String(chunk));
      return writes[i]!(chunk, ...rest);
    }) as typeof stream.write;
  });
});
afterAll(async () => {
  for (const [i, stream] of streams.entries()) stream.write = writes[i]!;
  await runtime.stop();
});

describe('logs', () => {
  it('carry ids and statuses, never names, emails or phones', async () => {
    const person = { name: 'Ainhoa Etxeberria', email: 'ainhoa.etxeberria@exemple-prive.fr', phone: '06 12 34 56 78' };
    const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(701), contact: person }));
    await eventually(
      async () =>
        (await call(runtime, 'GET', `/admin/applications/${reply.body.applicationId}`, { headers: ADMIN })).body.status ===
        'AWAITING_DECISION',
    );
    await call(runtime, 'POST', `/admin/applications/${reply.body.applicationId}/decision`, {
      headers: ADMIN,
      body: { decision: 'REJECT', reason: 'Hors périmètre' },
    });
    await runtime.engine.settled(reply.body.executionArn);
    // Bad input with personal data in it, and an admin call that fails.
    await applyAndConfirm(runtime, { ...aForm({ contact: person }), siret: '123' });
    await call(runtime, 'GET', `/admin/applications/${reply.body.applicationId}x`, { headers: ADMIN });

    const logs = captured.join('');
    expect(logs).toContain('application recorded');
    expect(logs).toContain('committee decision recorded');
    for (const secret of [person.name, person.email, person.phone, 'Etxeberria', 'exemple-prive']) expect(logs).not.toContain(secret);
  });
});
