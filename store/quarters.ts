import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CategoryCost } from '../domain/contribution.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';

export interface QuarterSummary {
  quarter: string;
  status: 'DRAFT' | 'POSTED';
  categories: CategoryCost[];
}

/** The most recent POSTED quarter, or null before the first reconciliation. */
export async function lastPostedQuarter(poleId: string): Promise<QuarterSummary | null> {
  const { Items } = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.quarterPrefix },
      ScanIndexForward: false, // `YYYY-Qn` sorts chronologically
    }),
  );
  const posted = (Items ?? []).find((i) => i.status === 'POSTED');
  return posted ? { quarter: posted.quarter, status: 'POSTED', categories: posted.categories } : null;
}

export async function putQuarterSummary(poleId: string, summary: QuarterSummary): Promise<void> {
  await ddb().send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.quarter(poleId, summary.quarter), type: 'QuarterSummary', ...summary } }),
  );
}
