import { PutCommand, type PutCommandInput, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed, tableName } from './client.ts';

/**
 * Awaits a conditional write: its result, or undefined when DynamoDB refused it because its
 * condition did not hold; every other error is thrown. The one place where a refused condition
 * becomes a value, so that each access pattern says in a line what a refusal means to it.
 */
export async function conditionally<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

/** Puts one item in the table (a PutItem with the table's name filled in). */
export const put = (input: Omit<PutCommandInput, 'TableName'>) => ddb().send(new PutCommand({ ...input, TableName: tableName() }));

/** Updates one item of the table (an UpdateItem with the table's name filled in). */
export const update = (input: Omit<UpdateCommandInput, 'TableName'>) => ddb().send(new UpdateCommand({ ...input, TableName: tableName() }));

/** Puts an item unless one with its key exists; false when one did (a retry, or another writer first). */
export async function putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
  return (await conditionally(put({ Item: item, ConditionExpression: 'attribute_not_exists(PK)' }))) !== undefined;
}

/** A conditional update that returns the item as written, or undefined when its condition did not hold. */
export async function updateIf(
  input: Omit<UpdateCommandInput, 'TableName' | 'ReturnValues'>,
): Promise<Record<string, unknown> | undefined> {
  const written = await conditionally(update({ ...input, ReturnValues: 'ALL_NEW' }));
  return written && (written.Attributes ?? {});
}
