import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiresAfter, RETENTION_DAYS } from '../../domain/retention.ts';
import type { Runtime } from '../../local/runtime.ts';
import { TABLE_SHAPE } from '../../store/table.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, startTestRuntime } from '../support/runtime.ts';

/**
 * Personal data kept only as long as needed (docs/rules.md#personal-data): the items that hold it
 * carry the table's TTL attribute, on the schedule of domain/retention.ts. DynamoDB deletes them in
 * AWS; dynalite keeps them, so these tests read the attribute.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ waitTimeOverrides: { WaitForReminder: 20, WaitForClose: 20 } });
});
afterAll(() => runtime.stop());

const TTL = TABLE_SHAPE.timeToLiveAttribute;
const DAY_S = 86_400;
const itemsWhere = async (match: (item: Record<string, unknown>) => boolean) => (await allItems()).filter(match);

describe('retention of personal data', () => {
  it('an unsuccessful application, and the mail that said so, expire six months after the outcome', async () => {
    const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(801), legalForm: 'OTHER' }));
    await runtime.engine.settled(reply.body.executionArn);
    const [application] = await itemsWhere((i) => i.applicationId === reply.body.applicationId && i.type === 'Application');
    expect(application).toMatchObject({ status: 'REJECTED' });
    const decidedAt = (application!.decision as { decidedAt: string }).decidedAt;
    expect(application![TTL]).toBe(expiresAfter(decidedAt, RETENTION_DAYS.unsuccessfulApplication));
    expect(RETENTION_DAYS.unsuccessfulApplication).toBeGreaterThanOrEqual(180);
    const [mail] = await itemsWhere((i) => i.type === 'Mail' && String(i.SK).endsWith(reply.body.applicationId));
    expect(mail![TTL]).toBe(expiresAfter(mail!.claimedAt as string, RETENTION_DAYS.mailRecord));
  });

  it('an application under way or accepted does not expire', async () => {
    const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(802), requestedAreaM2: 5 }));
    await eventually(async () => runtime.engine.waitingStates(reply.body.executionArn).includes('AwaitCommitteeDecision'));
    await call(runtime, 'POST', `/admin/applications/${reply.body.applicationId}/decision`, {
      headers: ADMIN,
      body: { decision: 'APPROVE' },
    });
    expect((await runtime.engine.settled(reply.body.executionArn)).status).toBe('SUCCEEDED');
    const [application] = await itemsWhere((i) => i.applicationId === reply.body.applicationId && i.type === 'Application');
    expect(application).toMatchObject({ status: 'ACTIVE' });
    expect(application![TTL]).toBeUndefined();
  });

  it("a campaign's survey tokens and mail records expire a year after its close", async () => {
    const closesAt = new Date(runtime.clock.now().getTime() + 20 * DAY_S * 1000).toISOString();
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: { campaignId: 'retention', filters: { communes: ['Ondres'] }, reminders: [], closesAt },
    });
    expect((await runtime.engine.settled(created.body.executionArn)).status).toBe('SUCCEEDED');
    const expected = expiresAfter(closesAt, RETENTION_DAYS.afterCampaignClose);
    const tokens = await itemsWhere((i) => i.type === 'GtecToken' && i.campaignId === 'retention');
    const mails = await itemsWhere((i) => i.type === 'Mail' && String(i.SK).startsWith('GTEC#retention#'));
    expect(tokens.length).toBeGreaterThan(0);
    expect(mails).toHaveLength(tokens.length);
    for (const item of [...tokens, ...mails]) expect(item[TTL]).toBe(expected);
    expect(expected - Math.floor(Date.parse(closesAt) / 1000)).toBe(365 * DAY_S);
  });
});
