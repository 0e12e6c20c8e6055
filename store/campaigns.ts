import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors.ts';
import type { CampaignRequest, PageCursor } from '../domain/gtec/campaign.ts';
import type { Questionnaire } from '../domain/gtec/questionnaire.ts';
import type { PublishedResults } from '../domain/gtec/results.ts';
import { queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { conditionally, putIfAbsent, update } from './writes.ts';

export interface Campaign {
  poleId: string;
  campaignId: string;
  title: string;
  filters: CampaignRequest['filters'];
  createdAt: string;
  /** Absolute ISO timestamps, waited for by the workflow (TimestampPath). */
  reminders: string[];
  closesAt: string;
  questionnaire: Questionnaire;
  status: 'OPEN' | 'CLOSED' | 'PUBLISHED';
  targets?: number;
  /** Set once the targets are snapshotted: the cursors of their pages. */
  pages?: PageCursor[];
  sent?: number;
  reminded?: number;
  results?: PublishedResults;
}

/** Creates the campaign once; the same id again returns the stored campaign. */
export async function createCampaign(campaign: Campaign): Promise<{ campaign: Campaign; created: boolean }> {
  const created = await putIfAbsent({ ...keys.gtecCampaign(campaign.poleId, campaign.campaignId), type: 'GtecCampaign', ...campaign });
  return { campaign: created ? campaign : await getCampaign(campaign.poleId, campaign.campaignId), created };
}

export async function getCampaign(poleId: string, campaignId: string): Promise<Campaign> {
  const { Item } = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.gtecCampaign(poleId, campaignId), ConsistentRead: true }),
  );
  if (!Item) throw new NotFoundError(`Aucune campagne « ${campaignId} ».`);
  return withoutKeys<Campaign>(Item);
}

/** Every campaign of the pôle, with its counters (a few a year); the questionnaire and results stay on the item. */
export async function listCampaigns(poleId: string): Promise<Campaign[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.gtecCampaignPrefix },
  });
  return items.map((item) => withoutKeys<Campaign>(item));
}

/** Keeps the number of targets and the cursors of their pages, once: a second snapshot changes nothing. */
export async function setCampaignPages(poleId: string, campaignId: string, targets: number, pages: PageCursor[]): Promise<void> {
  await conditionally(
    update({
      Key: keys.gtecCampaign(poleId, campaignId),
      UpdateExpression: 'SET pages = :p, targets = :n',
      ConditionExpression: 'attribute_not_exists(pages)',
      ExpressionAttributeValues: { ':p': pages, ':n': targets },
    }),
  );
}

/** Adds to the campaign's counters (one update per page, not per company). */
export async function addToCounters(
  poleId: string,
  campaignId: string,
  counts: Partial<Record<'sent' | 'reminded', number>>,
): Promise<void> {
  const entries = Object.entries(counts).filter(([, n]) => n && n > 0);
  if (entries.length === 0) return;
  await update({
    Key: keys.gtecCampaign(poleId, campaignId),
    UpdateExpression: `ADD ${entries.map(([k]) => `#${k} :${k}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([k, n]) => [`:${k}`, n])),
  });
}

/** Moves the campaign to CLOSED or PUBLISHED (with its results); repeating it changes nothing. */
export async function setCampaignStatus(
  poleId: string,
  campaignId: string,
  status: 'CLOSED' | 'PUBLISHED',
  at: string,
  results?: PublishedResults,
): Promise<void> {
  const stamp = status === 'CLOSED' ? 'closedAt' : 'publishedAt';
  await update({
    Key: keys.gtecCampaign(poleId, campaignId),
    UpdateExpression: `SET #s = :s, ${stamp} = if_not_exists(${stamp}, :at)${results ? ', results = :r' : ''}`,
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': status, ':at': at, ...(results && { ':r': results }) },
  });
}
