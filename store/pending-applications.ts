import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { conditionally, put, updateIf } from './writes.ts';

/**
 * A form waiting for its applicant to confirm the email address (docs/onboarding.md#email-confirmation).
 * It holds the form and the hashes of the two personal links' tokens, never the tokens. Once
 * confirmed, it stays as a marker without the form (the application holds it then), so that the
 * status link keeps working and a second confirmation is recognised.
 */
export interface PendingApplication {
  poleId: string;
  applicationId: string;
  state: 'PENDING' | 'CONFIRMED';
  /** Until confirmation only. */
  form?: ApplicationForm;
  confirmTokenHash: string;
  statusTokenHash: string;
  submittedAt: string;
  /** Until when it can be confirmed. */
  expiresAt: string;
  confirmedAt?: string;
  /** DynamoDB's TTL (epoch seconds): when the table deletes the item by itself. */
  ttl: number;
}

/**
 * Records a pending form, unless one with the same id is there and still counts: a confirmed one,
 * or a pending one not expired at `now` (an expired one, not yet swept by the TTL, is replaced).
 * False when one was there.
 */
export async function putPendingApplication(pending: PendingApplication, now: string): Promise<boolean> {
  const written = await conditionally(
    put({
      Item: { ...keys.pendingApplication(pending.poleId, pending.applicationId), type: 'PendingApplication', ...pending },
      ConditionExpression: 'attribute_not_exists(PK) OR (#state = :pending AND expiresAt <= :now)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':pending': 'PENDING', ':now': now },
    }),
  );
  return written !== undefined;
}

export async function getPendingApplication(poleId: string, applicationId: string): Promise<PendingApplication | undefined> {
  const { Item } = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.pendingApplication(poleId, applicationId), ConsistentRead: true }),
  );
  return Item ? withoutKeys<PendingApplication>(Item) : undefined;
}

/**
 * PENDING → CONFIRMED: the form goes (the workflow's input and then the application carry it), the
 * marker's TTL becomes the status link's. False when it was confirmed already (a second click).
 */
export async function markConfirmed(poleId: string, applicationId: string, confirmedAt: string, ttl: number): Promise<boolean> {
  const written = await updateIf({
    Key: keys.pendingApplication(poleId, applicationId),
    UpdateExpression: 'SET #state = :confirmed, confirmedAt = :at, #ttl = :ttl REMOVE form',
    ConditionExpression: '#state = :pending',
    ExpressionAttributeNames: { '#state': 'state', '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':confirmed': 'CONFIRMED', ':pending': 'PENDING', ':at': confirmedAt, ':ttl': ttl },
  });
  return written !== undefined;
}

/** Deletes a pending form this request recorded (its confirmation mail could not be sent): a retry starts afresh. */
export async function deletePendingApplication(poleId: string, applicationId: string, confirmTokenHash: string): Promise<void> {
  await conditionally(
    ddb().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.pendingApplication(poleId, applicationId),
        ConditionExpression: 'confirmTokenHash = :hash AND #state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':hash': confirmTokenHash, ':pending': 'PENDING' },
      }),
    ),
  );
}
