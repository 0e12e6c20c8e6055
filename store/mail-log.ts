import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Mailer, OutgoingMail } from '../ports/mailer.ts';
import { ddb, isConditionFailed, tableName } from './client.ts';
import { keys } from './keys.ts';

/**
 * Sends a mail at most once per `mailKey` (e.g. `welcome#app-…`): the key is claimed by a
 * conditional put before sending, so a retried task does not mail twice. A failed send frees the
 * claim so the retry sends it. (A crash between claim and send loses that one mail rather than
 * risking a duplicate; the mail item stays SENDING for an admin to see.)
 */
export async function sendOnce(poleId: string, mailKey: string, mail: OutgoingMail, via: Mailer, at: string): Promise<{ sent: boolean }> {
  const Key = keys.mail(poleId, mailKey);
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...Key, type: 'Mail', to: mail.to, subject: mail.subject, state: 'SENDING', claimedAt: at },
        ConditionExpression: 'attribute_not_exists(PK) OR #state = :failed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':failed': 'FAILED' },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) return { sent: false };
    throw error;
  }
  let messageId: string;
  try {
    ({ messageId } = await via.send(mail));
  } catch (error) {
    // Not sent: free the claim so that the retry sends it.
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key,
        UpdateExpression: 'SET #state = :failed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':failed': 'FAILED' },
      }),
    );
    throw error;
  }
  // Sent: if recording it fails, the claim stays SENDING and a retry does not send it again.
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key,
      UpdateExpression: 'SET #state = :sent, messageId = :id',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': 'SENT', ':id': messageId },
    }),
  );
  return { sent: true };
}
