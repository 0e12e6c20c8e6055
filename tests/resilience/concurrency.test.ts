import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

describe('concurrency, for real against dynalite', () => {
  it('100 identical submissions at once → one application, one execution', async () => {
    const form = aForm({ siret: testSiret(601) });
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => call(runtime, 'POST', `/poles/${POLE}/applications`, { body: form })),
    );
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(replies.map((r) => r.body.applicationId)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.executionArn)).size).toBe(1);
    const executions = (await call(runtime, 'GET', '/admin/workflows/member-onboarding/executions', { headers: ADMIN })).body.executions;
    expect(executions.filter((e: { name: string }) => e.name.includes(testSiret(601)))).toHaveLength(1);
    // The application itself says when it awaits the committee (the engine's task starts a moment before).
    await eventually(
      async () =>
        (await call(runtime, 'GET', `/admin/applications/${replies[0]!.body.applicationId}`, { headers: ADMIN })).body.status ===
        'AWAITING_DECISION',
    );
    const applications = (await allItems()).filter((i) => String(i.SK).startsWith(`APPLICATION#app-${testSiret(601)}`));
    expect(applications).toHaveLength(1);
    expect((applications[0]!.history as unknown[]).length).toBe(2); // RECEIVED, AWAITING_DECISION: recorded once
  });

  it('100 different submissions for one SIRET at once → exactly one accepted, 99 conflicts naming it', async () => {
    const siret = testSiret(602);
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(runtime, 'POST', `/poles/${POLE}/applications`, { body: aForm({ siret, desks: i }) })),
    );
    const accepted = replies.filter((r) => r.status === 202);
    expect(accepted).toHaveLength(1);
    const conflicts = replies.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(99);
    expect(new Set(conflicts.map((r) => r.body.error.applicationId))).toEqual(new Set([accepted[0]!.body.applicationId]));
  });
});
