import { BatchWriteCommand, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';

/** Puts many items, 25 per BatchWriteItem, until DynamoDB has taken every one. */
export async function putAll(items: readonly Record<string, unknown>[], client = ddb()): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown>[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests && requests.length > 0) {
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests as never } }));
      requests = UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined;
    }
  }
}

type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** Every item of a query, following pages. */
export async function queryAll(input: QueryInput, client = ddb()): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client }, { ...input, TableName: tableName() })) items.push(...(page.Items ?? []));
  return items;
}

/** How many items a query matches (a COUNT query, following pages: no item is read back). */
export async function countAll(input: Omit<QueryInput, 'Select'>): Promise<number> {
  let count = 0;
  for await (const page of paginateQuery({ client: ddb() }, { ...input, TableName: tableName(), Select: 'COUNT' }))
    count += page.Count ?? 0;
  return count;
}
