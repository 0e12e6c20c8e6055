import { readFile } from 'node:fs/promises';
import validator from 'asl-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../local/engine.ts';
import type { Runtime } from '../../local/runtime.ts';
import { WORKFLOWS, WORKFLOW_NAMES, placeholdersIn } from '../../workflows/catalog.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, POLE, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

describe.each(WORKFLOW_NAMES)('%s ASL file', (workflow) => {
  it('is valid Amazon States Language', async () => {
    const definition = JSON.parse(await readFile(WORKFLOWS[workflow].file, 'utf8'));
    const { isValid, errors } = validator(definition);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('has every ${Placeholder} filled by the embedded engine', async () => {
    const text = await readFile(WORKFLOWS[workflow].file, 'utf8');
    const values = LocalEngine.substitutions(workflow, { arnOf: (id) => `arn:aws:lambda:eu-west-3:000000000000:function:${id}` });
    expect(placeholdersIn(text).length).toBeGreaterThan(0);
    expect(placeholdersIn(text).filter((p) => !(p in values))).toEqual([]);
  });
});

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const freeArea = async (): Promise<number> => (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.building.freeM2;
const application = async (id: string) => (await call(runtime, 'GET', `/admin/applications/${id}`, { headers: ADMIN })).body;
const historyOf = async (executionArn: string) => runtime.engine.history(executionArn);

async function submitAndWait(n: number, overrides = {}): Promise<{ applicationId: string; executionArn: string }> {
  const reply = await call(runtime, 'POST', `/poles/${POLE}/applications`, { body: aForm({ siret: testSiret(n), requestedAreaM2: 10, ...overrides }) });
  expect(reply.status).toBe(202);
  await eventually(async () => (await application(reply.body.applicationId)).status === 'AWAITING_DECISION');
  return reply.body;
}

const decide = (id: string, body: unknown) => call(runtime, 'POST', `/admin/applications/${id}/decision`, { headers: ADMIN, body });

describe('member onboarding on the embedded engine', () => {
  it('waits on a task token while the committee decides, then rejects with a French mail', async () => {
    const { applicationId, executionArn } = await submitAndWait(201);
    expect((await runtime.engine.describe(executionArn)).status).toBe('RUNNING');
    const waiting = await historyOf(executionArn);
    expect(waiting.at(-1)).toMatchObject({ type: 'StateEntered', stateName: 'AwaitCommitteeDecision' });
    expect(JSON.stringify(waiting)).not.toContain('__LOCAL_TASK_TOKEN__');

    expect((await decide(applicationId, { decision: 'REJECT', reason: 'Activité hors du périmètre du pôle' })).status).toBe(200);
    const done = await runtime.engine.settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect((await historyOf(executionArn)).filter((e) => e.type === 'StateEntered').map((e) => e.stateName)).toEqual([
      'RecordApplication', 'AwaitCommitteeDecision', 'IsApproved', 'NotifyRejection', 'Rejected',
    ]);
    expect((await application(applicationId)).status).toBe('REJECTED');
    const mail = (await outbox(runtime)).find((m) => mailText(m).includes('Activité hors du périmètre'));
    expect(mailText(mail!)).toMatch(/n’a pas été retenue/);

    // A rejected SIRET may apply again.
    expect((await call(runtime, 'POST', `/poles/${POLE}/applications`, { body: aForm({ siret: testSiret(201), desks: 1 }) })).status).toBe(202);
  });

  it('absorbs a transient fault with Retry, recording the application once', async () => {
    runtime.lambdas.injectFault('RecordApplication', { times: 2, error: 'ProvisionedThroughputExceededException' });
    const { applicationId, executionArn } = await submitAndWait(202);
    const retries = (await historyOf(executionArn)).filter((e) => e.type === 'StateRetried');
    expect(retries.map((e) => e.stateName)).toEqual(['RecordApplication', 'RecordApplication']);
    expect((await application(applicationId)).history.filter((h: { status: string }) => h.status === 'RECEIVED')).toHaveLength(1);
    await decide(applicationId, { decision: 'APPROVE' });
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    expect((await application(applicationId)).status).toBe('ACTIVE');
  });

  it('a step failing for good after the area was reserved → Catch compensates: area released, application FAILED', async () => {
    const before = await freeArea();
    const { applicationId, executionArn } = await submitAndWait(203, { requestedAreaM2: 40 });
    runtime.lambdas.injectFault('ActivateMember', { times: Infinity, error: 'Error' });
    try {
      await decide(applicationId, { decision: 'APPROVE' });
      const done = await runtime.engine.settled(executionArn);
      expect(done).toMatchObject({ status: 'FAILED', error: 'OnboardingFailed' });
    } finally {
      runtime.lambdas.clearFaults();
    }
    const history = await historyOf(executionArn);
    expect(history.filter((e) => e.type === 'StateRetried' && e.stateName === 'ActivateMember')).toHaveLength(0); // 'Error' is not transient
    expect(history.some((e) => e.type === 'StateCaught' || (e.type === 'StateEntered' && e.stateName === 'MarkApplicationFailed'))).toBe(true);
    expect(await freeArea()).toBe(before);
    const failed = await application(applicationId);
    expect(failed.status).toBe('FAILED');
    expect(failed.error.error).toBe('Error');
  });

  it('a mail that cannot be sent after activation fails the execution visibly but keeps the member', async () => {
    const before = await freeArea();
    const { applicationId, executionArn } = await submitAndWait(204);
    runtime.lambdas.injectFault('NotifyApplicant', { times: Infinity, error: 'Error' });
    try {
      await decide(applicationId, { decision: 'APPROVE' });
      expect(await runtime.engine.settled(executionArn)).toMatchObject({ status: 'FAILED', error: 'NotificationFailed' });
    } finally {
      runtime.lambdas.clearFaults();
    }
    expect((await application(applicationId)).status).toBe('ACTIVE');
    expect(await freeArea()).toBe(before - 10);
  });

  it('expires after 30 days without a decision (clock moved forward), with a mail', async () => {
    const before = await freeArea();
    const { applicationId, executionArn } = await submitAndWait(205);
    runtime.clock.advance(29 * 86_400_000);
    await new Promise((r) => setTimeout(r, 20));
    expect((await runtime.engine.describe(executionArn)).status).toBe('RUNNING');
    runtime.clock.advance(86_400_000);
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    const expired = await application(applicationId);
    expect(expired.status).toBe('EXPIRED');
    expect((await historyOf(executionArn)).map((e) => e.stateName)).toContain('NotifyExpiry');
    expect(await freeArea()).toBe(before);
    expect((await decide(applicationId, { decision: 'APPROVE' })).status).toBe(409);
  });
});

