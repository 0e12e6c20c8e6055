import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Target } from '../domain/gtec/results.ts';
import { putAll, queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';

/** A targeted company: a snapshot of its segment when the campaign began, and what it was sent. */
export interface TargetItem extends Target {
  siret: string;
  name: string;
  email: string;
  invitedAt?: string;
  remindedRounds?: number[];
}

/**
 * Writes target items whole (the snapshot, then invitedAt and remindedRounds), 25 per
 * BatchWriteItem: the campaign workflow is their only writer, one page at a time, so no
 * condition is needed.
 */
export async function putTargets(poleId: string, campaignId: string, targets: readonly TargetItem[]): Promise<void> {
  await putAll(targets.map((t) => ({ ...keys.gtecTarget(poleId, campaignId, t.siret), type: 'GtecTarget', ...t })));
}

/** A page of targets after the SIRET `after`; `next` names the last one when more follow. */
export async function targetsPage(
  poleId: string,
  campaignId: string,
  after: string | undefined,
  limit: number,
): Promise<{ targets: TargetItem[]; next?: string }> {
  const page = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.gtecTargetsPartition(poleId, campaignId) },
      Limit: limit,
      ExclusiveStartKey: after ? keys.gtecTarget(poleId, campaignId, after) : undefined,
      ConsistentRead: true,
    }),
  );
  const targets = (page.Items ?? []).map(withoutKeys<TargetItem>);
  return { targets, next: page.LastEvaluatedKey ? targets.at(-1)?.siret : undefined };
}

/** One target of a campaign (its name as snapshotted when the campaign was prepared), if targeted. */
export async function getTarget(poleId: string, campaignId: string, siret: string): Promise<TargetItem | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.gtecTarget(poleId, campaignId, siret) }));
  return Item ? withoutKeys<TargetItem>(Item) : undefined;
}

export const allTargets = async (poleId: string, campaignId: string): Promise<TargetItem[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.gtecTargetsPartition(poleId, campaignId) },
    })
  ).map(withoutKeys<TargetItem>);
