import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from './client.ts';

/**
 * One conditional update: the item's new attributes (or what `ReturnValues` asks for), or null
 * when the condition did not hold — the caller decides what that means (a 409, a no-op, a retry).
 */
export async function updateIf(input: Omit<UpdateCommandInput, 'TableName'>): Promise<Record<string, unknown> | null> {
  try {
    const { Attributes } = await ddb().send(new UpdateCommand({ ReturnValues: 'ALL_NEW', ...input, TableName: tableName() }));
    return Attributes ?? {};
  } catch (error) {
    if (isConditionFailed(error)) return null;
    throw error;
  }
}
