import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { conditionally, updateIf } from './writes.ts';

/**
 * Counters of a day (the daily limit of pending applications per address and per SIRET), one item
 * each, kept below their limit by a conditional update: two requests racing for the last unit
 * cannot both take it.
 */

/** Takes one unit of a counter unless it has reached `limit`; false when it had (nothing written then). */
export async function takeDailyUnit(poleId: string, counterKey: string, limit: number, ttl: number): Promise<boolean> {
  const written = await updateIf({
    Key: keys.dailyCounter(poleId, counterKey),
    UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
    ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
    ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': ttl },
  });
  return written !== undefined;
}

/** Gives back a unit taken by this request (a compensation); a counter back at zero is deleted, as if never taken. */
export async function giveBackDailyUnit(poleId: string, counterKey: string): Promise<void> {
  const written = await updateIf({
    Key: keys.dailyCounter(poleId, counterKey),
    UpdateExpression: 'ADD #n :minusOne',
    ConditionExpression: '#n > :zero',
    ExpressionAttributeNames: { '#n': 'n' },
    ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
  });
  if (written?.n !== 0) return;
  await conditionally(
    ddb().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.dailyCounter(poleId, counterKey),
        ConditionExpression: '#n = :zero',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    ),
  );
}
