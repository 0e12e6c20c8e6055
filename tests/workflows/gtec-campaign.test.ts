import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { ADMIN, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => { runtime = await startTestRuntime(); });
afterAll(() => runtime.stop());

/** The survey links mailed (one campaign in this file), by recipient. */
async function links(): Promise<{ to: string; token: string; reminder: boolean }[]> {
  return (await outbox(runtime)).flatMap((eml) => {
    const text = mailText(eml);
    const token = /\/survey\/([A-Za-z0-9_-]{22})\/page/.exec(text)?.[1];
    if (!token) return [];
    return [{ to: /^To: (.*)$/m.exec(eml)![1]!.trim(), token, reminder: text.includes('pas encore répondu') }];
  });
}
const answers = (difficulties: 'oui' | 'non') => ({ answers: { difficulties, training_needs: ['securite'], hiring: [{ jobFamily: 'btp', count: 2, contractType: 'CDI', horizon: '0-3M' }] } });
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('GTEC campaign on the embedded engine', () => {
  it('invites the targets, reminds only non-respondents at each absolute date, closes, aggregates with masking and publishes', async () => {
    // Prepare: the demo companies of one commune; the dates are absolute, a few seconds ahead.
    const title = 'Enquête GTEC Tarnos';
    const request = { campaignId: 'tarnos-2027', title, filters: { communes: ['Tarnos'] }, reminders: [at(4000), at(5500)], closesAt: at(7000) };
    const created = await call(runtime, 'POST', '/admin/campaigns', { headers: ADMIN, body: request });
    expect(created.status).toBe(202);
    const again = await call(runtime, 'POST', '/admin/campaigns', { headers: ADMIN, body: request });
    expect(again).toMatchObject({ status: 200, body: { executionArn: created.body.executionArn } });

    // Act: every target invited once, then four companies answer (one twice).
    const progress = async () => (await call(runtime, 'GET', '/admin/campaigns/tarnos-2027', { headers: ADMIN })).body;
    const { progress: p } = await eventually(async () => { const c = await progress(); return c.progress.targets > 0 && c.progress.sent === c.progress.targets && c; });
    const invitations = await links();
    expect(invitations).toHaveLength(p.targets);
    expect(new Set(invitations.map((i) => i.to)).size).toBe(p.targets);
    for (const [i, inv] of invitations.slice(0, 4).entries()) {
      expect((await call(runtime, 'POST', `/survey/${inv.token}/answers`, { body: answers(i < 3 ? 'oui' : 'non') })).status).toBe(200);
    }
    const replaced = await call(runtime, 'POST', `/survey/${invitations[0]!.token}/answers`, { body: answers('oui') });
    expect(replaced.body).toMatchObject({ replaced: true, submissions: 2 });
    expect((await progress()).progress).toMatchObject({ answered: 4, ratePct: Math.round((1000 * 4) / p.targets) / 10 });

    // Assess: two reminder rounds to the others only, then closed and published.
    const result = await runtime.engine.settled(created.body.executionArn);
    expect(result.status).toBe('SUCCEEDED');
    const mailed = await links();
    const reminders = mailed.filter((m) => m.reminder);
    const respondents = new Set(invitations.slice(0, 4).map((i) => i.to));
    expect(reminders).toHaveLength(2 * (p.targets - 4));
    expect(reminders.some((r) => respondents.has(r.to))).toBe(false);
    const final = await progress();
    expect(final).toMatchObject({ status: 'PUBLISHED', progress: { targets: p.targets, sent: p.targets, reminded: 2 * (p.targets - 4), answered: 4 } });

    const { body } = await call(runtime, 'GET', '/admin/campaigns/tarnos-2027/results', { headers: ADMIN });
    expect(body.results).toMatchObject({ targets: p.targets, answered: 4, difficulties: { companies: 3, value: 75 }, hiring: { byJobFamily: { btp: { companies: 4, value: 8 } } } });
    expect(Object.values(body.results.bySegment.sizeBand).every((g: any) => 'masked' in g.responseRate || g.responseRate.companies >= 3)).toBe(true); // eslint-disable-line @typescript-eslint/no-explicit-any

    // After the close: 410 for answers, through any link of the campaign (a reminder's too).
    expect((await call(runtime, 'POST', `/survey/${invitations[1]!.token}/answers`, { body: answers('non') })).status).toBe(410);
    expect((await call(runtime, 'GET', `/survey/${reminders[0]!.token}`)).status).toBe(410);

    // The workflow's state never carried the target list: every state's input stays small.
    const history = await runtime.engine.history(created.body.executionArn);
    const largest = Math.max(...history.map((e) => JSON.stringify(e.input ?? null).length));
    expect(largest).toBeLessThan(1_000);
    expect(history.filter((e) => e.type === 'StateEntered' && e.stateName === 'WaitForReminder')).toHaveLength(2);
  }, 30_000);
});
