import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { WORKFLOWS } from '../../workflows/catalog.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, countInvocations, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const freeArea = async (): Promise<number> => (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.building.freeM2;
const application = async (id: string) => (await call(runtime, 'GET', `/admin/applications/${id}`, { headers: ADMIN })).body;
const historyOf = async (executionArn: string) => runtime.engine.history(executionArn);

async function submitAndWait(n: number, overrides = {}): Promise<{ applicationId: string; executionArn: string }> {
  const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(n), requestedAreaM2: 10, ...overrides }));
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
      'RecordApplication',
      'CheckApplication',
      'ChecksPassed',
      'PlanCommitteeWait',
      'HasExpired',
      'AwaitCommitteeDecision',
      'IsApproved',
      'NotifyRejection',
      'Rejected',
    ]);
    expect((await application(applicationId)).status).toBe('REJECTED');
    const mail = (await outbox(runtime)).find((m) => mailText(m).includes('Activité hors du périmètre'));
    expect(mailText(mail!)).toMatch(/n’a pas été retenue/);

    // A rejected SIRET may apply again.
    expect((await applyAndConfirm(runtime, aForm({ siret: testSiret(201), desks: 1 }))).status).toBe(202);
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

  it('retries a welcome mail that SES throttles, longer than a transient fault, and sends it once', async () => {
    const { applicationId, executionArn } = await submitAndWait(212, { structureName: 'Atelier Freiné' });
    // Five refusals: more than the transient policy's 4 retries, within the mail policy's 6.
    runtime.lambdas.injectFault('NotifyApplicant', { times: 5, error: 'TooManyRequestsException' });
    try {
      await decide(applicationId, { decision: 'APPROVE' });
      expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    } finally {
      runtime.lambdas.clearFaults();
    }
    const retries = (await historyOf(executionArn)).filter((e) => e.type === 'StateRetried');
    expect(retries.map((e) => e.stateName)).toEqual(Array(5).fill('NotifyWelcome'));
    expect((await outbox(runtime)).map(mailText).filter((t) => t.includes('a approuvé la candidature de Atelier Freiné'))).toHaveLength(1);
  });

  it('a step failing for good stops the execution at its task and compensates nothing: the decision and the area stand', async () => {
    const before = await freeArea();
    const { applicationId, executionArn } = await submitAndWait(203, { requestedAreaM2: 40 });
    runtime.lambdas.injectFault('ActivateMember', { times: Infinity, error: 'Error' });
    try {
      await decide(applicationId, { decision: 'APPROVE' });
      expect(await runtime.engine.settled(executionArn)).toMatchObject({ status: 'FAILED', error: 'Error' });
    } finally {
      runtime.lambdas.clearFaults();
    }
    const history = await historyOf(executionArn);
    expect(history.filter((e) => e.type === 'StateRetried' && e.stateName === 'ActivateMember')).toHaveLength(0); // 'Error' is not transient
    expect(history.some((e) => e.type === 'StateCaught')).toBe(false);
    expect(history.filter((e) => e.type === 'StateEntered').at(-1)?.stateName).toBe('ActivateMember');
    // Nothing undone: the application waits, APPROVED, holding its SIRET and its area, for the redrive.
    expect((await application(applicationId)).status).toBe('APPROVED');
    expect(await freeArea()).toBe(before - 40);
    const again = await applyAndConfirm(runtime, aForm({ siret: testSiret(203), desks: 1 }));
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'APPLICATION_PENDING' } } });
  });

  it('a mail that cannot be sent after activation fails the execution at its task and keeps the member', async () => {
    const before = await freeArea();
    const { applicationId, executionArn } = await submitAndWait(204);
    runtime.lambdas.injectFault('NotifyApplicant', { times: Infinity, error: 'Error' });
    try {
      await decide(applicationId, { decision: 'APPROVE' });
      expect(await runtime.engine.settled(executionArn)).toMatchObject({ status: 'FAILED', error: 'Error' });
    } finally {
      runtime.lambdas.clearFaults();
    }
    expect((await historyOf(executionArn)).filter((e) => e.type === 'StateEntered').at(-1)?.stateName).toBe('NotifyWelcome');
    expect((await application(applicationId)).status).toBe('ACTIVE');
    expect(await freeArea()).toBe(before - 10);
  });

  it("carries only the application's keys in the execution: the form stays on the application", async () => {
    const { applicationId, executionArn } = await submitAndWait(213);
    expect((await runtime.engine.describe(executionArn)).input).toEqual({ poleId: POLE, applicationId });
    const { contact } = (await application(applicationId)).form;
    expect(contact.email).toMatch(/@atelier-solidaire\.example\.fr$/);
    const history = JSON.stringify(await historyOf(executionArn));
    for (const personal of [contact.name, contact.email, contact.phone]) expect(history).not.toContain(personal);
  });

  /** Moves the clock once the execution waits on the committee again (its timeout is relative to the wait's start). */
  async function advanceWhileWaiting(executionArn: string, days: number, waitsBefore: number): Promise<void> {
    await eventually(async () => {
      const entered = (await historyOf(executionArn)).filter(
        (e) => e.type === 'StateEntered' && e.stateName === 'AwaitCommitteeDecision',
      ).length;
      return entered === waitsBefore + 1 && runtime.engine.waitingStates(executionArn).includes('AwaitCommitteeDecision');
    });
    runtime.clock.advance(days * 86_400_000);
  }

  const reminders = async (structureName: string) =>
    (await outbox(runtime)).filter((m) => m.includes('To: comite-pilotage@') && mailText(m).includes(structureName));

  it('reminds the committee every 7 days, once each, then expires after 30 days with a mail', async () => {
    const before = await freeArea();
    const structureName = 'Recyclerie du Seignanx';
    const { applicationId, executionArn } = await submitAndWait(205, { structureName });
    await advanceWhileWaiting(executionArn, 7, 0);
    await eventually(async () => (await reminders(structureName)).length === 1);
    expect(mailText((await reminders(structureName))[0]!)).toMatch(/expirera dans 23 jour\(s\)/);
    await advanceWhileWaiting(executionArn, 7, 1);
    await eventually(async () => (await reminders(structureName)).length === 2);
    await advanceWhileWaiting(executionArn, 15, 2); // day 29: only the latest due reminder (day 28) is sent
    await eventually(async () => (await reminders(structureName)).length === 3);
    expect((await runtime.engine.describe(executionArn)).status).toBe('RUNNING');

    await advanceWhileWaiting(executionArn, 1, 3);
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    const expired = await application(applicationId);
    expect(expired.status).toBe('EXPIRED');
    expect((await historyOf(executionArn)).map((e) => e.stateName)).toContain('NotifyExpiry');
    expect(await freeArea()).toBe(before);
    expect((await decide(applicationId, { decision: 'APPROVE' })).status).toBe(409);
    expect(await reminders(structureName)).toHaveLength(3);
  });

  it('rejects automatically a legal form the pôle does not accept, with the reason, and frees the SIRET', async () => {
    const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(206), legalForm: 'OTHER' }));
    const done = await runtime.engine.settled(reply.body.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const rejected = await application(reply.body.applicationId);
    expect(rejected).toMatchObject({ status: 'REJECTED', decision: { decidedBy: 'contrôles automatiques' } });
    expect(rejected.decision.reason).toMatch(/forme juridique/);
    const mail = (await outbox(runtime)).find((m) => mailText(m).includes('« autre forme juridique »'));
    expect(mail).toBeDefined();
    expect((await applyAndConfirm(runtime, aForm({ siret: testSiret(206) }))).status).toBe(202);
  });

  it('rejects automatically an area larger than the free area', async () => {
    const free = await freeArea();
    const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(207), requestedAreaM2: free + 1 }));
    await runtime.engine.settled(reply.body.executionArn);
    const rejected = await application(reply.body.applicationId);
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.decision.reason).toContain(`surface libre du bâtiment (${free} m²)`);
    expect(await freeArea()).toBe(free);
  });

  /** What a finished onboarding leaves: the application's path, the member, the mails to the applicant (ids left out). */
  async function outcomeOf(applicationId: string, structureName: string) {
    const { status, history } = await application(applicationId);
    const siret = applicationId.split('-')[1]!;
    const {
      memberId: _id,
      siret: _siret,
      applicationId: _app,
      areaHolder: _holder,
      contactEmail: _email,
      ...member
    } = (await call(runtime, 'GET', `/admin/members/${siret}`, { headers: ADMIN })).body; // the contact's address is made of the SIRET
    const mails = (await outbox(runtime)).map(mailText).filter((t) => t.includes(structureName)).length;
    return { status, path: history.map((h: { status: string }) => h.status), member, mails };
  }

  it.each([
    { failing: 'ActivateMember', state: 'ActivateMember', n: 210 },
    { failing: 'NotifyApplicant', state: 'NotifyWelcome', n: 211 },
  ] as const)(
    'redriven after $failing failed for good, resumes at $state and ends as a run without fault did',
    async ({ failing, state, n }) => {
      // A run without fault, then the same with the fault: its redrive must reach the same outcome.
      const structureName = `Atelier Relancé ${n}`;
      const steps = WORKFLOWS['member-onboarding'].functions;
      const referenceCounted = countInvocations(runtime, steps);
      const reference = await submitAndWait(n + 100, { structureName });
      await decide(reference.applicationId, { decision: 'APPROVE' });
      expect((await runtime.engine.settled(reference.executionArn)).status).toBe('SUCCEEDED');
      const referenceCalls = referenceCounted();

      const free = await freeArea();
      const counted = countInvocations(runtime, steps);
      const { applicationId, executionArn } = await submitAndWait(n, { structureName });
      runtime.lambdas.injectFault(failing, { times: Infinity, error: 'Error' });
      try {
        await decide(applicationId, { decision: 'APPROVE' });
        expect(await runtime.engine.settled(executionArn)).toMatchObject({ status: 'FAILED', error: 'Error' });
      } finally {
        runtime.lambdas.clearFaults();
      }
      await runtime.engine.redrive(executionArn);
      const done = await runtime.engine.settled(executionArn);
      expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
      expect(done.error).toBeUndefined();

      expect(await outcomeOf(applicationId, structureName)).toEqual(await outcomeOf(reference.applicationId, structureName));
      expect(await freeArea()).toBe(free - 10);
      // Each step before the failure ran once, as without fault; the failed one once more (its failed call).
      expect(counted()).toEqual({ ...referenceCalls, [failing]: referenceCalls[failing]! + 1 });
      const history = await historyOf(executionArn);
      const redriven = history.findIndex((e) => e.type === 'ExecutionRedriven');
      expect(history[redriven]?.cause).toContain(`resumed at ${state}`);
      expect(history.slice(redriven).find((e) => e.type === 'StateEntered')?.stateName).toBe(state);
      // The SIRET is held by the member: another application for it is refused.
      const again = await applyAndConfirm(runtime, aForm({ siret: testSiret(n), desks: 1 }));
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_MEMBER' } } });
      await expect(runtime.engine.redrive(executionArn)).rejects.toMatchObject({ code: 'EXECUTION_NOT_REDRIVABLE' });
    },
  );

  it('shows the committee a contribution estimate, which the welcome mail repeats', async () => {
    const { applicationId, executionArn } = await submitAndWait(208, { structureName: 'Coopérative Estimée' });
    const waiting = await application(applicationId);
    expect(waiting.estimate).toMatchObject({ basedOn: '2026-Q2' });
    expect(waiting.estimate.totalCents).toBeGreaterThan(0);
    expect(waiting.estimate.lines.map((l: { key: string }) => l.key).sort()).toEqual(['AREA', 'EQUAL', 'HEADCOUNT']);
    await decide(applicationId, { decision: 'APPROVE' });
    await runtime.engine.settled(executionArn);
    const welcome = (await outbox(runtime)).map(mailText).find((t) => t.includes('Coopérative Estimée') && t.includes('membre'));
    expect(welcome).toMatch(/Contribution trimestrielle estimée aux frais mutualisés : [\d\s\u202f]+,\d\d\s€/);
    const member = (await call(runtime, 'GET', `/admin/members/${testSiret(208)}`, { headers: ADMIN })).body;
    expect(member).toMatchObject({ name: 'Coopérative Estimée', estimatedQuarterlyCents: waiting.estimate.totalCents });
  });
});

describe('members leaving', () => {
  it("frees the member's area from its leave date", async () => {
    const members = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.members;
    const [soon, now] = members.filter((m: { leaveDate?: string }) => !m.leaveDate);
    const free = await freeArea();
    const today = runtime.clock.now().toISOString().slice(0, 10);
    const inTenDays = new Date(runtime.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);

    const leavingLater = await call(runtime, 'POST', `/admin/members/${soon.memberId}/leave`, {
      headers: ADMIN,
      body: { leaveDate: inTenDays },
    });
    expect(leavingLater).toMatchObject({ status: 200, body: { leaveDate: inTenDays, areaReleased: false } });
    expect(await freeArea()).toBe(free);

    const leavingToday = await call(runtime, 'POST', `/admin/members/${now.memberId}/leave`, {
      headers: ADMIN,
      body: { leaveDate: today },
    });
    expect(leavingToday.body.areaReleased).toBe(true);
    expect(await freeArea()).toBe(free + now.areaM2);

    const changed = await call(runtime, 'POST', `/admin/members/${now.memberId}/leave`, { headers: ADMIN, body: { leaveDate: inTenDays } });
    expect(changed).toMatchObject({ status: 409, body: { error: { code: 'LEAVE_DATE_SET', field: 'leaveDate' } } });
    const badDate = await call(runtime, 'POST', `/admin/members/${now.memberId}/leave`, {
      headers: ADMIN,
      body: { leaveDate: '2026-13-01' },
    });
    expect(badDate).toMatchObject({
      status: 400,
      body: { error: { issues: [expect.objectContaining({ field: 'leaveDate', rule: 'date' })] } },
    });

    // Ten days later the next application's checks give the area back.
    runtime.clock.advance(10 * 86_400_000);
    await submitAndWait(209);
    expect(await freeArea()).toBe(free + now.areaM2 + soon.areaM2);
  });
});
