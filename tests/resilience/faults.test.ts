import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const application = async (id: string) => (await call(runtime, 'GET', `/admin/applications/${id}`, { headers: ADMIN })).body;

async function onboard(n: number, faults: () => void): Promise<{ statuses: string[]; mails: number }> {
  const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(n), structureName: `Structure ${n}`, requestedAreaM2: 5 }));
  expect(reply.status).toBe(202);
  faults();
  await eventually(async () => (await application(reply.body.applicationId)).status === 'AWAITING_DECISION');
  expect(
    (
      await call(runtime, 'POST', `/admin/applications/${reply.body.applicationId}/decision`, {
        headers: ADMIN,
        body: { decision: 'APPROVE' },
      })
    ).status,
  ).toBe(200);
  expect((await runtime.engine.settled(reply.body.executionArn)).status).toBe('SUCCEEDED');
  const app = await application(reply.body.applicationId);
  const mails = (await outbox(runtime)).filter((m) => mailText(m).includes(`Structure ${n}`)).length;
  return { statuses: app.history.map((h: { status: string }) => h.status), mails };
}

describe('transient faults are absorbed and change nothing', () => {
  it('onboarding: throttled DynamoDB calls and failing tasks end exactly as a fault-free run', async () => {
    const clean = await onboard(401, () => undefined);
    const faulty = await onboard(402, () => {
      Object.assign(runtime.dynamoFaults, { throttleNext: 3, skip: 2, command: undefined });
      runtime.lambdas.injectFault('CheckApplication', { times: 2, error: 'Lambda.ServiceException' });
      runtime.lambdas.injectFault('NotifyApplicant', { times: 1, error: 'Lambda.TooManyRequestsException' });
    });
    expect(runtime.dynamoFaults.throttleNext).toBe(0);
    expect(faulty).toEqual(clean);
    // The confirmation mail and the welcome mail, once each.
    expect(faulty).toEqual({ statuses: ['RECEIVED', 'AWAITING_DECISION', 'APPROVED', 'ACTIVE'], mails: 2 });
  });

  it('a throttled HTTP call is a 503 to retry, never a 500, and writes nothing', async () => {
    Object.assign(runtime.dynamoFaults, { throttleNext: 1, skip: 0, command: undefined });
    const reply = await call(runtime, 'GET', '/admin/members', { headers: ADMIN });
    expect(reply).toMatchObject({ status: 503, body: { error: { code: 'BUSY' } } });
  });

  it('reconciliation: a mail recorded late is not sent twice when the page is retried', async () => {
    const members = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.members as { memberId: string }[];
    await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/inputs/costs', {
      headers: ADMIN,
      body: [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 150_000 }],
    });
    runtime.lambdas.injectFault('ComputeDraft', { times: 1, error: 'ThrottlingException' });
    const run = (await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/runs', { headers: ADMIN })).body;
    await eventually(async () => runtime.engine.waitingStates(run.executionArn).includes('AwaitApproval'));
    // The 4th mail is written, then recording it as sent is throttled: the record is written again in the
    // task itself (a sent mail must not stay SENDING), so the task is not retried and nothing goes twice.
    Object.assign(runtime.dynamoFaults, { throttleNext: 1, skip: 3, command: 'UpdateItemCommand' });
    await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/decision', { headers: ADMIN, body: { decision: 'APPROVE' } });
    expect((await runtime.engine.settled(run.executionArn)).status).toBe('SUCCEEDED');
    expect(runtime.dynamoFaults.injected).toBeGreaterThan(0);
    const history = await runtime.engine.history(run.executionArn);
    expect(history.filter((e) => e.type === 'StateRetried').map((e) => e.stateName)).toEqual(['ComputeDraft']);
    const statements = (await outbox(runtime)).map(mailText).filter((t) => t.includes('trimestre 2026-Q3'));
    // Mailed: the seeded members, active all quarter; the two onboarded here start at LATE_START.
    const active = members.filter((m) => m.memberId.startsWith('41'));
    expect(active.length).toBeGreaterThan(0);
    expect(statements.length).toBe(active.length);
    expect(new Set(statements).size).toBe(statements.length);
  });
});
