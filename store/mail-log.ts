import { keys } from './keys.ts';
import { TABLE_SHAPE } from './table.ts';
import { conditionally, put, update } from './writes.ts';

/** The mail item's states: claimed before sending, then sent, or failed (free to claim again). */
type MailState = 'SENDING' | 'SENT' | 'FAILED';

/**
 * Claims the mail key before sending, by a conditional put: false when the mail was sent, or is
 * being sent, already. A FAILED claim may be taken again, so a retried task sends what failed.
 * The record keeps the recipient's address: it expires at `expiresAt` (TTL, epoch seconds).
 */
export async function claimMail(
  poleId: string,
  mailKey: string,
  mail: { to: string; subject: string },
  at: string,
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
        claimedAt: at,
        [TABLE_SHAPE.timeToLiveAttribute]: expiresAt,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #state = :failed',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':failed': 'FAILED' },
    }),
  );
  return claimed !== undefined;
}

/** Records how a claimed mail went: SENT with the provider's message id, or FAILED (the claim is free again). */
export async function settleMail(poleId: string, mailKey: string, state: Exclude<MailState, 'SENDING'>, messageId?: string): Promise<void> {
  await update({
    Key: keys.mail(poleId, mailKey),
    UpdateExpression: messageId ? 'SET #state = :state, messageId = :id' : 'SET #state = :state',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':state': state, ...(messageId && { ':id': messageId }) },
  });
}
