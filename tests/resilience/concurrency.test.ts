import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationIdOf } from '../../domain/application.ts';
import { dailyCounters } from '../../domain/confirmation.ts';
import type { Runtime } from '../../local/runtime.ts';
import { mailedLinks, pathOf } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const submit = (form: unknown) => call(runtime, 'POST', `/poles/${POLE}/applications`, { body: form });

describe('concurrency, for real against dynalite', () => {
  it('100 identical submissions at once → one pending form, one mail; 100 clicks on its link → one application, one execution', async () => {
    const form = aForm({ siret: testSiret(601) });
    const replies = await Promise.all(Array.from({ length: 100 }, () => submit(form)));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(replies.map((r) => r.body.applicationId)).size).toBe(1);
    const applicationId = replies[0]!.body.applicationId;
    const items = await allItems();
    expect(items.filter((i) => i.SK === `PENDING#${applicationId}`)).toHaveLength(1);
    // Counted once against the day's limits, however many came at once.
    expect(items.filter((i) => String(i.PK).endsWith('#LIMITS') && String(i.SK).startsWith(`SIRET#${testSiret(601)}#`))).toEqual([
      expect.objectContaining({ n: 1 }),
    ]);
    expect((await outbox(runtime)).map(mailText).filter((t) => t.includes(`/applications/${applicationId}/confirm/`))).toHaveLength(1);

    const links = (await mailedLinks(runtime, applicationId))!;
    const confirmations = await Promise.all(Array.from({ length: 100 }, () => call(runtime, 'POST', pathOf(links.confirm))));
    expect(confirmations.every((r) => r.status === 202 || r.status === 200)).toBe(true);
    expect(new Set(confirmations.map((r) => r.body.executionArn)).size).toBe(1);
    const executions = (await call(runtime, 'GET', '/admin/workflows/member-onboarding/executions', { headers: ADMIN })).body.executions;
    expect(executions.filter((e: { name: string }) => e.name.includes(testSiret(601)))).toHaveLength(1);
    // The application itself says when it awaits the committee (the engine's task starts a moment before).
    await eventually(
      async () =>
        (await call(runtime, 'GET', `/admin/applications/${applicationId}`, { headers: ADMIN })).body.status === 'AWAITING_DECISION',
    );
    const applications = (await allItems()).filter((i) => String(i.SK).startsWith(`APPLICATION#app-${testSiret(601)}`));
    expect(applications).toHaveLength(1);
    expect((applications[0]!.history as unknown[]).length).toBe(2); // RECEIVED, AWAITING_DECISION: recorded once
  });

  it('100 different submissions for one SIRET at once → the daily limit holds (3), the rest 429; of 3 confirmed at once, one claims the SIRET', async () => {
    const siret = testSiret(602);
    // Each from its own address: the SIRET's limit is what holds them back.
    const forms = Array.from({ length: 100 }, (_, i) =>
      aForm({ siret, desks: i, contact: { ...aForm().contact, email: `contact-${i}@exemple.fr` } }),
    );
    const replies = await Promise.all(forms.map(submit));
    const accepted = replies.filter((r) => r.status === 202);
    expect(accepted).toHaveLength(3);
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(97);
    expect(new Set(limited.map((r) => r.body.error.field))).toEqual(new Set(['siret']));
    const counters = (await allItems()).filter((i) => String(i.PK).endsWith('#LIMITS') && String(i.SK).startsWith(`SIRET#${siret}#`));
    expect(counters).toEqual([expect.objectContaining({ n: 3 })]);
    // The refused ones gave back the unit their address had taken, and left no pending form.
    const items = await allItems();
    const emailKey = (form: (typeof forms)[number]) => dailyCounters(form, runtime.clock.now())[0]!.key;
    const acceptedKeys = accepted.map((r) => emailKey(forms.find((f) => r.body.applicationId === applicationIdOf(POLE, f))!));
    const emailCounters = items.filter((i) => String(i.PK).endsWith('#LIMITS') && forms.some((f) => emailKey(f) === i.SK));
    expect(emailCounters.map((i) => i.SK).sort()).toEqual(acceptedKeys.sort());
    expect(items.filter((i) => String(i.SK).startsWith(`PENDING#app-${siret}-`))).toHaveLength(3);

    const links = await Promise.all(accepted.map(async (r) => (await mailedLinks(runtime, r.body.applicationId))!));
    const confirmations = await Promise.all(links.map((l) => call(runtime, 'POST', pathOf(l.confirm))));
    const started = confirmations.filter((r) => r.status === 202);
    expect(started).toHaveLength(1);
    const conflicts = confirmations.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(2);
    expect(new Set(conflicts.map((r) => r.body.error.applicationId))).toEqual(new Set([started[0]!.body.applicationId]));
  });
});
