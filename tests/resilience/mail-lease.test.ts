import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_SENDING_LEASE_MS } from '../../domain/limits.ts';
import type { Runtime } from '../../local/runtime.ts';
import { demoCompanies } from '../../local/seed.ts';
import { clock } from '../../ports/clock.ts';
import { mailer } from '../../ports/mailer.ts';
import { campaignMailPrefix } from '../../services/campaigns.ts';
import { sendOnce, stuckMails } from '../../services/mail.ts';
import { ddb, tableName } from '../../store/client.ts';
import { keys } from '../../store/keys.ts';
import { claimMail } from '../../store/mail-log.ts';
import { ADMIN, call, eventually, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const mail = (key: string) => ({ to: `${key.toLowerCase()}@example.fr`, subject: `Invitation ${key}`, text: 'Bonjour' });
const ago = (ms: number) => new Date(clock().now().getTime() - ms).toISOString();
const EXPIRES = Math.floor(Date.now() / 1000) + 86_400;

/** What a sender leaves when it is killed between the claim and the send: a SENDING record claimed at `claimedAt`. */
const crashedSender = (key: string, claimedAt: string) => claimMail(POLE, key, mail(key), claimedAt, claimedAt, EXPIRES);

const sentTo = async (key: string) => (await outbox(runtime)).filter((eml) => eml.includes(`To: ${mail(key).to}`)).length;
const stateOf = async (key: string) =>
  (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.mail(POLE, key), ConsistentRead: true }))).Item?.state;

describe('a mail left SENDING by a crash', () => {
  it('is sent again by the next attempt once its lease is over, then recorded SENT', async () => {
    expect(await crashedSender('STALE', ago(MAIL_SENDING_LEASE_MS + 60_000))).toBe(true);
    expect(await sendOnce(POLE, 'STALE', mail('STALE'), mailer(), clock().now().toISOString())).toEqual({ sent: true });
    expect(await sentTo('STALE')).toBe(1);
    expect(await stateOf('STALE')).toBe('SENT');
    // And never again.
    expect(await sendOnce(POLE, 'STALE', mail('STALE'), mailer(), clock().now().toISOString())).toEqual({ sent: false });
    expect(await sentTo('STALE')).toBe(1);
  });

  it('is not sent by another attempt while its lease runs (its sender may still be sending it): that attempt fails, to be retried', async () => {
    expect(await crashedSender('FRESH', ago(60_000))).toBe(true);
    await expect(sendOnce(POLE, 'FRESH', mail('FRESH'), mailer(), clock().now().toISOString())).rejects.toMatchObject({
      name: 'MailInFlight',
    });
    expect(await sentTo('FRESH')).toBe(0);
    expect(await stateOf('FRESH')).toBe('SENDING');
  });

  it('is taken over by one attempt only when several retry it at once', async () => {
    expect(await crashedSender('RACE', ago(MAIL_SENDING_LEASE_MS + 1000))).toBe(true);
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => sendOnce(POLE, 'RACE', mail('RACE'), mailer(), clock().now().toISOString())),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled' && a.value.sent)).toHaveLength(1);
    // The others found it sent, or in flight (and their tasks would retry).
    for (const a of attempts) if (a.status === 'rejected') expect(a.reason.name).toBe('MailInFlight');
    expect(await sentTo('RACE')).toBe(1);
    expect(await stateOf('RACE')).toBe('SENT');
  });
});

describe('a mail sent whose record is refused once (DynamoDB throttling past the SDK retries)', () => {
  it('is still recorded SENT, so that no later attempt sends it again', async () => {
    Object.assign(runtime.dynamoFaults, { throttleNext: 1, skip: 0, command: 'UpdateItemCommand' });
    expect(await sendOnce(POLE, 'THROTTLED', mail('THROTTLED'), mailer(), clock().now().toISOString())).toEqual({ sent: true });
    expect(runtime.dynamoFaults.throttleNext).toBe(0);
    expect(await stateOf('THROTTLED')).toBe('SENT');
    expect(await sentTo('THROTTLED')).toBe(1);
  });
});

describe('a campaign whose invitation was left SENDING by a crash', () => {
  it('invites that company once when the page runs again past the lease, and counts every invitation sent', async () => {
    const company = demoCompanies().find((c) => c.communeName === 'Ondres')!;
    const key = `GTEC#stuck-invite#INVITE#${company.siret}`;
    expect(
      await claimMail(POLE, key, { to: company.email, subject: 'Invitation' }, ago(MAIL_SENDING_LEASE_MS + 60_000), ago(0), EXPIRES),
    ).toBe(true);
    const closesAt = new Date(clock().now().getTime() + 30 * 86_400_000).toISOString();
    // Visible to admins before the campaign's page runs again.
    const before = await call(runtime, 'GET', '/admin/campaigns/stuck-invite', { headers: ADMIN });
    expect(before.status).toBe(404);
    expect(await stuckMails(POLE, campaignMailPrefix('stuck-invite'))).toBe(1);
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: { campaignId: 'stuck-invite', filters: { communes: ['Ondres'] }, closesAt },
    });
    expect(created.status).toBe(202);
    const progress = await eventually(async () => {
      const { body } = await call(runtime, 'GET', '/admin/campaigns/stuck-invite', { headers: ADMIN });
      return body.progress.targets > 0 && body.progress.sent === body.progress.targets && body.progress;
    });
    const invitations = (await outbox(runtime)).filter((eml) => eml.includes(`To: ${company.email}`));
    expect(invitations).toHaveLength(1);
    expect(await stateOf(key)).toBe('SENT');
    expect(progress.sent).toBe(progress.targets);
    expect(progress.stuck).toBe(0);
  });

  it("counts, in the campaign's progress, the mails stuck past their lease, not those in flight within it", async () => {
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: {
        campaignId: 'stuck-count',
        filters: { communes: ['Tarnos'] },
        closesAt: new Date(clock().now().getTime() + 30 * 86_400_000).toISOString(),
      },
    });
    expect(created.status).toBe(202);
    await eventually(async () => {
      const { body } = await call(runtime, 'GET', '/admin/campaigns/stuck-count', { headers: ADMIN });
      return body.progress.targets > 0 && body.progress.sent === body.progress.targets;
    });
    // A later round's reminders, as a crash would leave them: two past their lease, one within it.
    const prefix = campaignMailPrefix('stuck-count');
    for (const [n, claimedAt] of [ago(MAIL_SENDING_LEASE_MS + 1000), ago(2 * MAIL_SENDING_LEASE_MS), ago(1000)].entries())
      await crashedSender(`${prefix}REMIND#9#${n}`, claimedAt!);
    const { body } = await call(runtime, 'GET', '/admin/campaigns/stuck-count', { headers: ADMIN });
    expect(body.progress.stuck).toBe(2);
  });
});
