import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, type Runtime } from '../../local/runtime.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, LATE_START_IN_WORDS, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, POLE, startTestRuntime } from '../support/runtime.ts';

const OTHER_POLE_ADMIN = { token: 'autre-pole-admin-token', poleId: 'autre-pole', subject: 'animation@autre-pole.example.fr' };
const OTHER = { authorization: `Bearer ${OTHER_POLE_ADMIN.token}` };
const DAY = 86_400_000;

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ admins: [DEMO_ADMIN, OTHER_POLE_ADMIN] });
});
afterAll(() => runtime.stop());

const get = (path: string, headers: Record<string, string> = ADMIN) => call(runtime, 'GET', path, { headers });
const post = (path: string, body?: unknown, headers: Record<string, string> = ADMIN) =>
  call(runtime, 'POST', path, { headers, ...(body !== undefined && { body }) });
const application = async (id: string) => (await get(`/admin/applications/${id}`)).body;
const freeArea = async (): Promise<number> => (await get('/admin/members')).body.building.freeM2;
const executionPath = (name: string) => `/admin/workflows/member-onboarding/executions/${name}`;

async function submitAndWait(n: number, overrides = {}): Promise<{ applicationId: string; executionArn: string; name: string }> {
  const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(n), requestedAreaM2: 10, ...overrides }));
  expect(reply.status).toBe(202);
  await eventually(async () => (await application(reply.body.applicationId)).status === 'AWAITING_DECISION');
  return { ...reply.body, name: `${POLE}--${reply.body.applicationId}` };
}

/** An onboarding whose activation fails for good: the execution ends FAILED at ActivateMember, the application still APPROVED. */
async function failedOnboarding(n: number) {
  const submitted = await submitAndWait(n);
  runtime.lambdas.injectFault('ActivateMember', { times: Infinity, error: 'Error' });
  try {
    expect((await post(`/admin/applications/${submitted.applicationId}/decision`, { decision: 'APPROVE' })).status).toBe(200);
    expect((await runtime.engine.settled(submitted.executionArn)).status).toBe('FAILED');
  } finally {
    runtime.lambdas.clearFaults();
  }
  return submitted;
}

describe('admin monitoring API on the embedded runtime', () => {
  it('a step failing for good is listed FAILED with its failing step; redriven after the fix it succeeds and the member is active', async () => {
    const before = await freeArea();
    const { applicationId, executionArn, name } = await failedOnboarding(601);

    const failed = await get('/admin/executions?status=FAILED');
    expect(failed.status).toBe(200);
    expect(failed.body.executions.length).toBeGreaterThan(0);
    expect(failed.body.executions.every((e: { status: string }) => e.status === 'FAILED')).toBe(true);
    const listed = failed.body.executions.find((e: { executionArn: string }) => e.executionArn === executionArn);
    expect(listed).toMatchObject({
      workflow: 'member-onboarding',
      name,
      businessKey: applicationId,
      status: 'FAILED',
      durationMs: expect.any(Number),
    });
    expect(listed.stopDate >= listed.startDate).toBe(true);

    const detail = await get(executionPath(name));
    expect(detail.status).toBe(200);
    expect(detail.body.execution).toMatchObject({ status: 'FAILED', error: 'Error', businessKey: applicationId });
    expect(detail.body.failure).toMatchObject({
      stateName: 'ActivateMember',
      error: 'Error',
      cause: 'Injected fault in ActivateMember',
      input: { applicationId, poleId: POLE },
    });
    expect(detail.body.actions).toEqual({ redrive: true, stop: false });
    const activate = detail.body.steps.find((s: { stateName: string }) => s.stateName === 'ActivateMember');
    expect(activate).toMatchObject({ stateType: 'Task', outcome: 'FAILED', error: 'Error', run: 0, durationMs: expect.any(Number) });
    expect(detail.body.steps.at(-1)).toBe(activate); // the execution stops at its failed task: nothing compensated
    expect(await freeArea()).toBe(before - 10);

    // Fixed (the fault is gone), a month later: the committee's decision stands, the member is activated.
    runtime.clock.advance(31 * DAY);
    const redriven = await post(`${executionPath(name)}/redrive`);
    expect(redriven).toMatchObject({ status: 202, body: { executionArn, status: 'RUNNING' } });
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    expect((await application(applicationId)).status).toBe('ACTIVE');
    expect(await freeArea()).toBe(before - 10);

    const after = await get(executionPath(name));
    expect(after.body.execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(after.body.execution.error).toBeUndefined();
    expect(after.body.failure).toBeUndefined();
    expect(after.body.runs.map((r: { type: string }) => r.type)).toEqual(['ExecutionStarted', 'ExecutionRedriven']);
    // The redrive resumed at the failed step: its run starts there and ends Onboarded.
    expect(after.body.steps.filter((s: { run: number }) => s.run === 1).map((s: { stateName: string }) => s.stateName)).toEqual([
      'ActivateMember',
      'NotifyWelcome',
      'Onboarded',
    ]);
    expect(after.body.actions).toEqual({ redrive: false, stop: false });

    const again = await post(`${executionPath(name)}/redrive`);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'EXECUTION_NOT_REDRIVABLE', status: 'SUCCEEDED' } } });
    const stillFailed = await get('/admin/executions?status=FAILED');
    expect(stillFailed.body.executions.map((e: { name: string }) => e.name)).not.toContain(name);
  });

  it('stops a running execution (ABORTED, 409 the second time); redriven, it waits for the committee again', async () => {
    const { applicationId, executionArn, name } = await submitAndWait(602);
    const stopped = await post(`${executionPath(name)}/stop`);
    expect(stopped).toMatchObject({ status: 200, body: { executionArn, status: 'ABORTED' } });
    expect((await runtime.engine.describe(executionArn)).status).toBe('ABORTED');
    const detail = (await get(executionPath(name))).body;
    expect(detail.failure).toMatchObject({ stateName: 'AwaitCommitteeDecision', error: 'StoppedByAdmin' });
    expect(detail.failure.cause).toContain(DEMO_ADMIN.subject);
    expect(detail.actions).toEqual({ redrive: true, stop: false });
    expect(await post(`${executionPath(name)}/stop`)).toMatchObject({
      status: 409,
      body: { error: { code: 'EXECUTION_NOT_RUNNING', status: 'ABORTED' } },
    });

    expect((await post(`${executionPath(name)}/redrive`)).status).toBe(202);
    await eventually(async () => runtime.engine.waitingStates(executionArn).includes('AwaitCommitteeDecision'));
    expect((await post(`/admin/applications/${applicationId}/decision`, { decision: 'APPROVE' })).status).toBe(200);
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    expect((await application(applicationId)).status).toBe('ACTIVE');
  });

  it('lists the applications waiting for the committee as tasks, with the actions that decide them', async () => {
    const first = await submitAndWait(603, { structureName: 'Recyclerie de Tarnos' });
    const second = await submitAndWait(604, { structureName: 'Épicerie solidaire d’Ondres' });
    const { body } = await get('/admin/tasks');
    const tasks = body.tasks.filter((t: { id: string }) => [first.applicationId, second.applicationId].includes(t.id));
    expect(tasks.map((t: { title: string }) => t.title)).toEqual([
      'Candidature de Recyclerie de Tarnos',
      'Candidature de Épicerie solidaire d’Ondres',
    ]);
    const [task] = tasks;
    expect(task).toMatchObject({ kind: 'APPLICATION_DECISION', waitingSince: expect.any(String), dueAt: expect.any(String) });
    expect(task.details).toContainEqual({ label: 'Surface demandée', value: '10 m²' });
    expect(task.details).toContainEqual({ label: 'Début souhaité', value: LATE_START_IN_WORDS });
    expect(task.actions).toEqual([
      {
        action: 'approve',
        label: 'Approuver',
        method: 'POST',
        path: `/admin/applications/${first.applicationId}/decision`,
        body: { decision: 'APPROVE' },
      },
      {
        action: 'reject',
        label: 'Refuser',
        method: 'POST',
        path: `/admin/applications/${first.applicationId}/decision`,
        body: { decision: 'REJECT' },
        reasonField: 'reason',
      },
    ]);

    const [approve, reject] = task.actions;
    expect((await call(runtime, approve.method, approve.path, { headers: ADMIN, body: approve.body })).status).toBe(200);
    const rejectSecond = tasks[1].actions[1];
    expect(
      (
        await call(runtime, rejectSecond.method, rejectSecond.path, {
          headers: ADMIN,
          body: { ...rejectSecond.body, [rejectSecond.reasonField]: 'Hors périmètre' },
        })
      ).status,
    ).toBe(200);
    expect(reject.reasonField).toBe('reason');
    const left = (await get('/admin/tasks')).body.tasks.map((t: { id: string }) => t.id);
    expect(left).not.toContain(first.applicationId);
    expect(left).not.toContain(second.applicationId);
    await runtime.engine.idle();
  });

  it('filters by workflow, status, start-time range and business key, newest first, with a limit', async () => {
    const all = (await get('/admin/executions')).body;
    expect(all.workflows).toEqual(WORKFLOW_NAMES);
    expect(all.count).toBeGreaterThanOrEqual(4);
    const starts = all.executions.map((e: { startDate: string }) => e.startDate);
    expect(starts).toEqual([...starts].sort().reverse());

    const onboarding = (await get('/admin/executions?workflow=member-onboarding')).body.executions;
    expect(onboarding.every((e: { workflow: string }) => e.workflow === 'member-onboarding')).toBe(true);

    const byKey = (await get(`/admin/executions?businessKey=${testSiret(603)}`)).body.executions;
    expect(byKey).toHaveLength(1);
    expect(byKey[0].businessKey).toContain(testSiret(603));

    const now = runtime.clock.now();
    const range = (from: Date, to: Date) => get(`/admin/executions?from=${from.toISOString()}&to=${to.toISOString()}`);
    expect((await range(new Date(now.getTime() + DAY), new Date(now.getTime() + 2 * DAY))).body.executions).toEqual([]);
    expect((await range(new Date('2000-01-01T00:00:00Z'), new Date('2000-01-02T00:00:00Z'))).body.executions).toEqual([]);
    expect((await range(new Date(now.getTime() - 365 * DAY), now)).body.count).toBe(all.count);

    const one = (await get('/admin/executions?limit=1')).body;
    expect(one).toMatchObject({ count: 1, total: all.total });
    expect(one.executions[0].name).toBe(all.executions[0].name);
  });
});

describe('authentication and pôle scoping', () => {
  const routes: [string, string][] = [
    ['GET', '/admin/executions'],
    ['GET', '/admin/tasks'],
    ['POST', `${executionPath(`${POLE}--app-70000000000000-0000000000`)}/redrive`],
    ['POST', `${executionPath(`${POLE}--app-70000000000000-0000000000`)}/stop`],
  ];

  it.each(routes)('%s %s without a token, or with a wrong one → 401', async (method, path) => {
    expect((await call(runtime, method, path)).status).toBe(401);
    expect((await call(runtime, method, path, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    expect((await call(runtime, method, path, { headers: { authorization: DEMO_ADMIN.token } })).status).toBe(401); // no "Bearer"
  });

  it("an admin of another pôle sees none of this pôle's executions or tasks, and gets 404 on them", async () => {
    const { name, executionArn } = await failedOnboarding(605);
    const theirs = await get('/admin/executions', OTHER);
    expect(theirs).toMatchObject({ status: 200, body: { executions: [], count: 0, total: 0 } });
    expect((await get(`/admin/executions?businessKey=${testSiret(605)}`, OTHER)).body.executions).toEqual([]);
    expect((await get('/admin/tasks', OTHER)).body).toEqual({ tasks: [], count: 0 });
    for (const [method, path] of [
      ['GET', executionPath(name)],
      ['POST', `${executionPath(name)}/redrive`],
      ['POST', `${executionPath(name)}/stop`],
    ] as const) {
      expect(await call(runtime, method, path, { headers: OTHER })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    }
    expect((await runtime.engine.describe(executionArn)).status).toBe('FAILED'); // untouched
    expect((await get(executionPath(name))).status).toBe(200);
  });
});

describe('bad input → 400 naming the field, never a 5xx', () => {
  it.each([
    ['/admin/executions?status=BROKEN', 'query.status', 'one_of'],
    ['/admin/executions?workflow=unknown', 'query.workflow', 'one_of'],
    ['/admin/executions?from=yesterday', 'query.from', 'format:datetime'],
    ['/admin/executions?to=2026-13-01T00:00:00Z', 'query.to', 'format:datetime'],
    ['/admin/executions?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z', 'query.to', 'after_from'],
    ['/admin/executions?limit=0', 'query.limit', 'min'],
    ['/admin/executions?limit=abc', 'query.limit', 'type:number'],
    ['/admin/executions?sort=asc', 'query.sort', 'unknown_field'],
    ['/admin/workflows/unknown/executions/x', 'path.workflow', 'one_of'],
    [`/admin/workflows/member-onboarding/executions/${'a'.repeat(81)}`, 'path.name', 'format:regex'],
    ['/admin/workflows/member-onboarding/executions/a%20b', 'path.name', 'format:regex'],
  ])('GET %s → %s', async (path, field, rule) => {
    const reply = await get(path);
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('redrive and stop validate the path and answer 404 for an unknown execution, 409 for the wrong status', async () => {
    const bad = await post('/admin/workflows/unknown/executions/x/redrive');
    expect(bad).toMatchObject({ status: 400, body: { error: { issues: [expect.objectContaining({ field: 'path.workflow' })] } } });
    const unknown = `${POLE}--app-70000000000000-0000000000`;
    expect((await post(`${executionPath(unknown)}/redrive`)).status).toBe(404);
    expect((await post(`${executionPath(unknown)}/stop`)).status).toBe(404);
    expect((await get(executionPath(unknown))).status).toBe(404);
    expect((await call(runtime, 'DELETE', '/admin/executions', { headers: ADMIN })).status).toBe(405);
  });

  it('odd inputs on every new route stay 4xx', async () => {
    const odd = ['%', '..', '%00', 'é', '<script>', 'a'.repeat(2000)];
    for (const value of odd) {
      for (const path of [
        `/admin/executions?businessKey=${encodeURIComponent(value)}`,
        `/admin/executions?workflow=${encodeURIComponent(value)}&status=${encodeURIComponent(value)}`,
        `/admin/workflows/${encodeURIComponent(value)}/executions/${encodeURIComponent(value)}`,
      ]) {
        expect((await get(path)).status).toBeLessThan(500);
      }
      expect((await post(`${executionPath(encodeURIComponent(value))}/redrive`, { x: value })).status).toBeLessThan(500);
      expect((await post(`${executionPath(encodeURIComponent(value))}/stop`)).status).toBeLessThan(500);
    }
  });
});

describe('GET /admin (the page)', () => {
  it('is public HTML whose security headers allow the API’s own script and style sheet, and only the sign-in script inline, by its hash', async () => {
    const res = await fetch(`${runtime.url}/admin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy')!;
    const html = await res.text();
    expect(csp).toMatch(/script-src 'sha256-[\w+/=]+' 'self';/);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(html).toContain('<html lang="fr">');
    // The page's code comes as files (web/), plus the shared sign-in script: no inline style, no handler attribute.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toMatch(/<script type="module" src="\/admin\/assets\/app-[\w-]+\.js"><\/script>/);
    expect(html).not.toMatch(/<style|\son[a-z]+=/);
  });
});
