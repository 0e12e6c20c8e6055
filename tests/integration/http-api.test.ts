import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const submit = (body: unknown, init: { headers?: Record<string, string>; raw?: string | Buffer } = {}) =>
  call(runtime, 'POST', `/poles/${POLE}/applications`, body === undefined ? init : { body, ...init });

/** Runs `act` and checks that the table is exactly as before. */
async function writesNothing(act: () => Promise<unknown>): Promise<void> {
  const before = await allItems();
  await act();
  await runtime.engine.idle();
  expect(await allItems()).toEqual(before);
}

describe('public application route: bad input gets a 4xx naming the field and rule, and writes nothing', () => {
  it.each([
    ['malformed JSON', { raw: '{"structureName": ', headers: { 'content-type': 'application/json' } }, 400, '(body)', 'json'],
    ['empty body', { raw: '', headers: { 'content-type': 'application/json' } }, 400, '(body)', 'required'],
    ['a JSON array', { raw: '[1,2]', headers: { 'content-type': 'application/json' } }, 400, '(body)', 'type:object'],
  ])('%s', async (_, init, status, field, rule) => {
    await writesNothing(async () => {
      const reply = await submit(undefined, init);
      expect(reply.status).toBe(status);
      expect(reply.body.error.issues).toContainEqual(expect.objectContaining({ field, rule }));
    });
  });

  it('wrong content type → 415', async () => {
    await writesNothing(async () => {
      const reply = await submit(undefined, { raw: JSON.stringify(aForm()), headers: { 'content-type': 'text/plain' } });
      expect(reply.status).toBe(415);
      expect(reply.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
    });
  });

  it('missing, extra and mistyped fields → 400 listing each', async () => {
    const { activity: _, ...form } = aForm();
    await writesNothing(async () => {
      const reply = await submit({ ...form, desks: '4', isAdmin: true });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION_FAILED');
      const rules = reply.body.error.issues.map((i: { field: string; rule: string }) => `${i.field}:${i.rule}`).sort();
      expect(rules).toEqual(['activity:required', 'desks:type:number', 'isAdmin:unknown_field']);
    });
  });

  it('a SIRET that fails its checksum → 400 siret_checksum', async () => {
    await writesNothing(async () => {
      const reply = await submit(aForm({ siret: '73282932000075' }));
      expect(reply.status).toBe(400);
      expect(reply.body.error.issues).toEqual([expect.objectContaining({ field: 'siret', rule: 'siret_checksum' })]);
    });
  });

  it('a start date in the past → 400 not_in_past', async () => {
    await writesNothing(async () => {
      const reply = await submit(aForm({ startDate: '2020-01-01' }));
      expect(reply.status).toBe(400);
      expect(reply.body.error.issues).toEqual([expect.objectContaining({ field: 'startDate', rule: 'not_in_past' })]);
    });
  });

  it('an invalid or unknown pôle in the path → 400 / 404', async () => {
    await writesNothing(async () => {
      const bad = await call(runtime, 'POST', '/poles/Pole_X/applications', { body: aForm() });
      expect(bad.status).toBe(400);
      expect(bad.body.error.issues[0]).toMatchObject({ field: 'path.poleId' });
      const unknown = await call(runtime, 'POST', '/poles/pole-inconnu/applications', { body: aForm() });
      expect(unknown.status).toBe(404);
    });
  });

  it('a body over 6 MB → 413, before any handler runs', async () => {
    await writesNothing(async () => {
      const reply = await submit(undefined, {
        raw: Buffer.alloc(6 * 1024 * 1024 + 1, 0x20),
        headers: { 'content-type': 'application/json' },
      });
      expect(reply.status).toBe(413);
      expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  it('unknown route → 404 and wrong method → 405, as JSON', async () => {
    const unknown = await call(runtime, 'GET', '/nowhere');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'ROUTE_NOT_FOUND' } } });
    const wrongMethod = await call(runtime, 'DELETE', `/poles/${POLE}/applications`);
    expect(wrongMethod).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', field: 'method' } } });
  });
});

describe('admin routes', () => {
  it('refuse a missing or wrong token with 401', async () => {
    expect((await call(runtime, 'GET', '/admin/members')).status).toBe(401);
    expect((await call(runtime, 'GET', '/admin/members', { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    expect((await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).status).toBe(200);
  });

  it('validate path and query', async () => {
    const badId = await call(runtime, 'GET', '/admin/applications/nope', { headers: ADMIN });
    expect(badId).toMatchObject({ status: 400, body: { error: { issues: [expect.objectContaining({ field: 'path.applicationId' })] } } });
    const badStatus = await call(runtime, 'GET', '/admin/workflows/member-onboarding/executions?status=BROKEN', { headers: ADMIN });
    expect(badStatus).toMatchObject({
      status: 400,
      body: { error: { issues: [expect.objectContaining({ field: 'query.status', rule: 'one_of' })] } },
    });
    const badWorkflow = await call(runtime, 'GET', '/admin/workflows/unknown/executions', { headers: ADMIN });
    expect(badWorkflow.status).toBe(400);
  });

  it('a decision without a reason to reject → 400; on an unknown application → 404', async () => {
    const noReason = await call(runtime, 'POST', '/admin/applications/app-70000000000000-0000000000/decision', {
      headers: ADMIN,
      body: { decision: 'REJECT' },
    });
    expect(noReason.status).toBe(400);
    const unknown = await call(runtime, 'POST', '/admin/applications/app-70000000000000-0000000000/decision', {
      headers: ADMIN,
      body: { decision: 'APPROVE' },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('duplicates', () => {
  it('the same submission twice (double click) → one pending form and one mail; confirmed twice → one application, one execution', async () => {
    const form = aForm({ siret: testSiret(101) });
    const [first, second] = await Promise.all([submit(form), submit(form)]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.applicationId).toBe(first.body.applicationId);
    const mails = (await outbox(runtime)).map(mailText).filter((t) => t.includes(`/applications/${first.body.applicationId}/confirm/`));
    expect(mails).toHaveLength(1);
    const [one, two] = await Promise.all([applyAndConfirm(runtime, form), applyAndConfirm(runtime, form)]);
    expect([one.status, two.status].sort()).toEqual([200, 202]);
    expect(two.body.executionArn).toBe(one.body.executionArn);
    const executions = await call(runtime, 'GET', '/admin/workflows/member-onboarding/executions', { headers: ADMIN });
    expect(executions.body.executions.filter((e: { executionArn: string }) => e.executionArn === one.body.executionArn)).toHaveLength(1);
  });

  it('another application for a SIRET that is pending → 409 naming it, at its confirmation', async () => {
    const siret = testSiret(102);
    const first = await applyAndConfirm(runtime, aForm({ siret }));
    const other = await applyAndConfirm(runtime, aForm({ siret, desks: 9 }));
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'APPLICATION_PENDING', field: 'siret', applicationId: first.body.applicationId });
  });

  it("a member's SIRET → 409 naming the member, at its confirmation", async () => {
    const members = await call(runtime, 'GET', '/admin/members', { headers: ADMIN });
    const member = members.body.members[0];
    const reply = await applyAndConfirm(runtime, aForm({ siret: member.siret }));
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'ALREADY_MEMBER', memberId: member.memberId });
  });
});

describe('the committee decision', () => {
  it('approve → member active, area taken from the building, history kept', async () => {
    const form = aForm({ siret: testSiret(103), requestedAreaM2: 25 });
    const { body: submitted } = await applyAndConfirm(runtime, form);
    const path = `/admin/applications/${submitted.applicationId}`;
    await eventually(async () => (await call(runtime, 'GET', path, { headers: ADMIN })).body.status === 'AWAITING_DECISION');
    const before = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.building.freeM2;

    const decided = await call(runtime, 'POST', `${path}/decision`, { headers: ADMIN, body: { decision: 'APPROVE' } });
    expect(decided.status).toBe(200);
    expect(decided.body.taskToken).toBeUndefined();
    await runtime.engine.settled(submitted.executionArn);

    const application = (await call(runtime, 'GET', path, { headers: ADMIN })).body;
    expect(application.history.map((h: { status: string }) => h.status)).toEqual(['RECEIVED', 'AWAITING_DECISION', 'APPROVED', 'ACTIVE']);
    expect(application.history[2].by).toBe('animation@pole-sud-aquitain.fr');
    const after = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body;
    expect(after.building.freeM2).toBe(before - 25);
    expect(after.members.find((m: { siret: string }) => m.siret === form.siret)).toMatchObject({ startDate: form.startDate, areaM2: 25 });

    const again = await call(runtime, 'POST', `${path}/decision`, { headers: ADMIN, body: { decision: 'REJECT', reason: 'trop tard' } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'NOT_AWAITING_DECISION', status: 'ACTIVE' } } });
  });

  it('two approvals racing for the last square metres: exactly one wins, the other 409 and stays decidable', async () => {
    const free = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.building.freeM2 as number;
    const area = Math.floor(free / 2) + 1; // both cannot fit
    const apps = await Promise.all(
      [testSiret(104), testSiret(105)].map((siret) => applyAndConfirm(runtime, aForm({ siret, requestedAreaM2: area }))),
    );
    for (const a of apps) {
      await eventually(
        async () =>
          (await call(runtime, 'GET', `/admin/applications/${a.body.applicationId}`, { headers: ADMIN })).body.status ===
          'AWAITING_DECISION',
      );
    }
    const replies = await Promise.all(
      apps.map((a) =>
        call(runtime, 'POST', `/admin/applications/${a.body.applicationId}/decision`, { headers: ADMIN, body: { decision: 'APPROVE' } }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = apps[replies.findIndex((r) => r.status === 409)]!;
    expect(replies.find((r) => r.status === 409)!.body.error).toMatchObject({ code: 'AREA_UNAVAILABLE', field: 'requestedAreaM2' });
    expect((await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.building.freeM2).toBe(free - area);

    const stillOpen = await call(runtime, 'GET', `/admin/applications/${loser.body.applicationId}`, { headers: ADMIN });
    expect(stillOpen.body.status).toBe('AWAITING_DECISION');
    const rejected = await call(runtime, 'POST', `/admin/applications/${loser.body.applicationId}/decision`, {
      headers: ADMIN,
      body: { decision: 'REJECT', reason: 'Plus de surface disponible' },
    });
    expect(rejected.status).toBe(200);
    await runtime.engine.settled(loser.body.executionArn);
    expect((await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.building.freeM2).toBe(free - area);
  });
});
