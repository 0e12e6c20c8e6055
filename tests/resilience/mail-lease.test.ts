import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_SENDING_LEASE_MS } from '../../domain/limits.ts';
import type { Runtime } from '../../local/runtime.ts';
import { clock } from '../../ports/clock.ts';
import { mailer } from '../../ports/mailer.ts';
import { sendOnce } from '../../services/mail.ts';
import { ddb, tableName } from '../../store/client.ts';
import { keys } from '../../store/keys.ts';
import { claimMail } from '../../store/mail-log.ts';
import { outbox, POLE, startTestRuntime } from '../support/runtime.ts';

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

  it('is not sent by another attempt while its lease runs (its sender may still be sending it)', async () => {
    expect(await crashedSender('FRESH', ago(60_000))).toBe(true);
    expect(await sendOnce(POLE, 'FRESH', mail('FRESH'), mailer(), clock().now().toISOString())).toEqual({ sent: false });
    expect(await sentTo('FRESH')).toBe(0);
    expect(await stateOf('FRESH')).toBe('SENDING');
  });

  it('is taken over by one attempt only when several retry it at once', async () => {
    expect(await crashedSender('RACE', ago(MAIL_SENDING_LEASE_MS + 1000))).toBe(true);
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => sendOnce(POLE, 'RACE', mail('RACE'), mailer(), clock().now().toISOString())),
    );
    expect(attempts.filter((a) => a.sent)).toHaveLength(1);
    expect(await sentTo('RACE')).toBe(1);
    expect(await stateOf('RACE')).toBe('SENT');
  });
});
