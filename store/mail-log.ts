import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { countAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { TABLE_SHAPE } from './table.ts';
import { conditionally, put, update } from './writes.ts';

/** The mail item's states: claimed before sending, then sent, or failed (free to claim again). */
type MailState = 'SENDING' | 'SENT' | 'FAILED';

/**
 * Claims the mail key before sending, by a conditional put: false when the mail was sent, or is
 * being sent under a live lease. A FAILED claim may be taken again, so a retried task sends what
 * failed; so may a SENDING claim older than `staleBefore` (its sender died between claim and
 * outcome): the condition on the state and the claim's time lets only one attempt take it over.
 * `claimedAt` is the claim's wall-clock time (ISO, UTC: strings compare as times). The record keeps
 * the recipient's address: it expires at `expiresAt` (TTL, epoch seconds).
 */
export async function claimMail(
  poleId: string,
  mailKey: string,
  mail: { to: string; subject: string },
  claimedAt: string,
  staleBefore: string,
  expiresAt: number,
): Promise<boolean> {
  const claimed = await conditionally(
    put({
      Item: {
        ...keys.mail(poleId, mailKey),
        type: 'Mail',
        to: mail.to,
        subject: mail.subject,
        state: 'SENDING',
        claimedAt,
        [TABLE_SHAPE.timeToLiveAttribute]: expiresAt,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #state = :failed OR (#state = :sending AND claimedAt < :staleBefore)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':failed': 'FAILED', ':sending': 'SENDING', ':staleBefore': staleBefore },
    }),
  );
  return claimed !== undefined;
}

/**
 * Records how a claimed mail went: SENT with the provider's message id, or FAILED (the claim is free
 * again). Only while the claim is still the caller's (`claimedAt`): a sender that outlived its lease
 * does not overwrite the attempt that took it over.
 */
export async function settleMail(
  poleId: string,
  mailKey: string,
  claimedAt: string,
  state: Exclude<MailState, 'SENDING'>,
  messageId?: string,
): Promise<void> {
  await conditionally(
    update({
      Key: keys.mail(poleId, mailKey),
      UpdateExpression: messageId ? 'SET #state = :state, messageId = :id' : 'SET #state = :state',
      ConditionExpression: 'claimedAt = :claimedAt',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state, ':claimedAt': claimedAt, ...(messageId && { ':id': messageId }) },
    }),
  );
}

/** The mail item's state, if it exists (read after a refused claim: sent already, or in flight elsewhere). */
export async function mailState(poleId: string, mailKey: string): Promise<MailState | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.mail(poleId, mailKey), ConsistentRead: true }));
  return Item?.state as MailState | undefined;
}

/** Mails whose key starts with `keyPrefix` left SENDING since before `staleBefore`: their sender died, the next attempt sends them. */
export const countStuckMails = (poleId: string, keyPrefix: string, staleBefore: string): Promise<number> =>
  countAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    FilterExpression: '#state = :sending AND claimedAt < :staleBefore',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ':pk': keys.mail(poleId, '').PK,
      ':prefix': keyPrefix,
      ':sending': 'SENDING',
      ':staleBefore': staleBefore,
    },
  });
