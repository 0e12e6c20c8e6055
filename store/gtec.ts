import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, TooSoonError } from '../domain/errors.ts';
import { type CampaignRequest, type PageCursor, pageCursors, SUBMISSION_SLOT_S, submissionSlot } from '../domain/gtec/campaign.ts';
import type { Company } from '../domain/gtec/companies.ts';
import type { Answers, Questionnaire } from '../domain/gtec/questionnaire.ts';
import type { PublishedResults, Target } from '../domain/gtec/results.ts';
import { putAll, queryAll } from './batch.ts';
import { ddb, isConditionFailed, tableName } from './client.ts';
import { keys } from './keys.ts';

export type CampaignFilters = CampaignRequest['filters'];

export interface Campaign {
  poleId: string;
  campaignId: string;
  title: string;
  filters: CampaignFilters;
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

export interface TargetItem extends Target {
  siret: string;
  name: string;
  email: string;
  invitedAt?: string;
  remindedRounds?: number[];
}

const strip = ({ PK: _pk, SK: _sk, type: _t, ...rest }: Record<string, unknown>) => rest;

/** Puts (or replaces, by SIRET) imported companies. */
export async function upsertCompanies(poleId: string, companies: readonly Company[], at: string): Promise<void> {
  await putAll(companies.map((c) => ({ ...keys.company(poleId, c.siret), type: 'Company', ...c, importedAt: at })));
}

/** Creates the campaign once; the same id again returns the stored campaign. */
export async function createCampaign(campaign: Campaign): Promise<{ campaign: Campaign; created: boolean }> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.gtecCampaign(campaign.poleId, campaign.campaignId), type: 'GtecCampaign', ...campaign },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return { campaign, created: true };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return { campaign: await getCampaign(campaign.poleId, campaign.campaignId), created: false };
  }
}

export async function getCampaign(poleId: string, campaignId: string): Promise<Campaign> {
  const { Item } = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.gtecCampaign(poleId, campaignId), ConsistentRead: true }),
  );
  if (!Item) throw new NotFoundError(`Aucune campagne « ${campaignId} ».`);
  return strip(Item) as unknown as Campaign;
}

/** Adds to the campaign's counters (one update per page, not per company). */
export async function addToCounters(
  poleId: string,
  campaignId: string,
  counts: Partial<Record<'sent' | 'reminded', number>>,
): Promise<void> {
  const entries = Object.entries(counts).filter(([, n]) => n && n > 0);
  if (entries.length === 0) return;
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.gtecCampaign(poleId, campaignId),
      UpdateExpression: `ADD ${entries.map(([k]) => `#${k} :${k}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([k, n]) => [`:${k}`, n])),
    }),
  );
}

/**
 * Snapshots the targeted companies into the campaign's partition, once, with the cursors of its
 * pages: a second call (a retried or restarted execution, with the campaign read afresh) finds
 * `pages` set and returns them, leaving the targets and their statuses alone.
 */
export async function prepareTargets(
  campaign: Campaign,
  matches: (c: Company) => boolean,
): Promise<{ targets: number; pages: PageCursor[] }> {
  if (campaign.pages) return { targets: campaign.targets ?? 0, pages: campaign.pages };
  const companies = (await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.companiesPartition(campaign.poleId) },
  })) as unknown as Company[];
  const targets = companies.filter(matches).sort((a, b) => (a.siret < b.siret ? -1 : 1)); // the order of their sort keys
  await putAll(
    targets.map((c) => ({
      ...keys.gtecTarget(campaign.poleId, campaign.campaignId, c.siret),
      type: 'GtecTarget',
      siret: c.siret,
      name: c.name,
      email: c.email,
      naf: c.naf,
      sizeBand: c.sizeBand,
      commune: c.commune,
    })),
  );
  const pages = pageCursors(targets.map((t) => t.siret));
  await ddb()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.gtecCampaign(campaign.poleId, campaign.campaignId),
        UpdateExpression: 'SET pages = :p, targets = :n',
        ConditionExpression: 'attribute_not_exists(pages)',
        ExpressionAttributeValues: { ':p': pages, ':n': targets.length },
      }),
    )
    .catch((error) => {
      if (!isConditionFailed(error)) throw error;
    });
  return { targets: targets.length, pages };
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
  const targets = (page.Items ?? []).map((i) => strip(i) as unknown as TargetItem);
  return { targets, next: page.LastEvaluatedKey ? targets.at(-1)?.siret : undefined };
}

/** One target of a campaign (its name as snapshotted when the campaign was prepared), if targeted. */
export async function getTarget(poleId: string, campaignId: string, siret: string): Promise<TargetItem | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.gtecTarget(poleId, campaignId, siret) }));
  return Item ? (strip(Item) as unknown as TargetItem) : undefined;
}

export const allTargets = async (poleId: string, campaignId: string): Promise<TargetItem[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.gtecTargetsPartition(poleId, campaignId) },
    })
  ).map((i) => strip(i) as unknown as TargetItem);

export interface TokenRef {
  poleId: string;
  campaignId: string;
  siret: string;
}

/** Stores survey tokens by hash, 25 per BatchWriteItem. */
export async function putTokens(tokens: readonly { tokenHash: string; ref: TokenRef }[], at: string): Promise<void> {
  await putAll(tokens.map(({ tokenHash, ref }) => ({ ...keys.gtecToken(tokenHash), type: 'GtecToken', ...ref, createdAt: at })));
}

/**
 * Writes target items back whole (invitedAt, remindedRounds), 25 per BatchWriteItem: the campaign
 * workflow is their only writer, one page at a time, so no condition is needed.
 */
export async function putTargets(poleId: string, campaignId: string, targets: readonly TargetItem[]): Promise<void> {
  await putAll(targets.map((t) => ({ ...keys.gtecTarget(poleId, campaignId, t.siret), type: 'GtecTarget', ...t })));
}

export async function findToken(tokenHash: string): Promise<TokenRef | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.gtecToken(tokenHash) }));
  return Item ? { poleId: Item.poleId as string, campaignId: Item.campaignId as string, siret: Item.siret as string } : undefined;
}

/**
 * Stores a company's response: every submission goes to the history first, keyed by its slot
 * (one per SUBMISSION_SLOT_S seconds and link, refused with TooSoonError otherwise), then becomes
 * the current response. Two writes, no read: the answer route is the busiest one. A crash between
 * the two leaves the previous response current and the new one in the history only.
 */
export async function saveResponse(ref: TokenRef, answers: Answers, at: string): Promise<{ submissions: number }> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.gtecResponseHistory(ref.poleId, ref.campaignId, ref.siret, submissionSlot(new Date(at))),
          type: 'GtecResponseVersion',
          answers,
          submittedAt: at,
        },
        ConditionExpression: 'attribute_not_exists(SK)',
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    throw new TooSoonError(
      'Vos réponses viennent d’être enregistrées. Patientez quelques secondes avant de les envoyer à nouveau.',
      SUBMISSION_SLOT_S,
    );
  }
  const { Attributes } = await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.gtecResponse(ref.poleId, ref.campaignId, ref.siret),
      UpdateExpression: 'SET #t = :t, siret = :s, answers = :a, submittedAt = :at ADD submissions :one',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'GtecResponse', ':s': ref.siret, ':a': answers, ':at': at, ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return { submissions: Attributes?.submissions as number };
}

/** Which of these SIRETs have answered the campaign (one BatchGetItem per 100). */
export async function respondedAmong(poleId: string, campaignId: string, sirets: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < sirets.length; i += 100) {
    let Keys: Record<string, unknown>[] | undefined = sirets.slice(i, i + 100).map((s) => keys.gtecResponse(poleId, campaignId, s));
    while (Keys && Keys.length > 0) {
      const page: BatchGetCommandOutput = await ddb().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys, ProjectionExpression: 'siret', ConsistentRead: true } } }),
      );
      for (const item of page.Responses?.[tableName()] ?? []) found.add(item.siret as string);
      Keys = page.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

/** How many companies have answered (a COUNT query: no counter to keep on the hot path). */
export async function countResponses(poleId: string, campaignId: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.gtecResponsesPartition(poleId, campaignId) },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

export async function getResponse(ref: TokenRef): Promise<{ answers: Answers; submittedAt: string; submissions: number } | undefined> {
  const { Item } = await ddb().send(
    new GetCommand({ TableName: tableName(), Key: keys.gtecResponse(ref.poleId, ref.campaignId, ref.siret), ConsistentRead: true }),
  );
  return Item
    ? { answers: Item.answers as Answers, submittedAt: Item.submittedAt as string, submissions: Item.submissions as number }
    : undefined;
}

export const allResponses = async (poleId: string, campaignId: string): Promise<{ siret: string; answers: Answers }[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.gtecResponsesPartition(poleId, campaignId) },
    })
  ).map((i) => ({ siret: i.siret as string, answers: i.answers as Answers }));

export const responseHistory = async (poleId: string, campaignId: string, siret: string) =>
  (
    await queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `${keys.polePartition(poleId)}#CAMPAIGN#${campaignId}#HISTORY`, ':sk': `COMPANY#${siret}#` },
    })
  ).map(strip);

/** Moves the campaign to CLOSED or PUBLISHED (with its results); repeating it changes nothing. */
export async function setCampaignStatus(
  poleId: string,
  campaignId: string,
  status: 'CLOSED' | 'PUBLISHED',
  at: string,
  results?: PublishedResults,
): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.gtecCampaign(poleId, campaignId),
      UpdateExpression: `SET #s = :s, ${status === 'CLOSED' ? 'closedAt' : 'publishedAt'} = if_not_exists(${status === 'CLOSED' ? 'closedAt' : 'publishedAt'}, :at)${results ? ', results = :r' : ''}`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status, ':at': at, ...(results && { ':r': results }) },
    }),
  );
}
