import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { putAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { TABLE_SHAPE } from './table.ts';

/** What a survey link's token opens: one company's answer to one campaign of one pôle. */
export interface TokenRef {
  poleId: string;
  campaignId: string;
  siret: string;
}

/** Stores survey tokens by hash, 25 per BatchWriteItem, each expiring at `expiresAt` (TTL, epoch seconds). */
export async function putTokens(tokens: readonly { tokenHash: string; ref: TokenRef }[], at: string, expiresAt: number): Promise<void> {
  await putAll(
    tokens.map(({ tokenHash, ref }) => ({
      ...keys.gtecToken(tokenHash),
      type: 'GtecToken',
      ...ref,
      createdAt: at,
      [TABLE_SHAPE.timeToLiveAttribute]: expiresAt,
    })),
  );
}

export async function findToken(tokenHash: string): Promise<TokenRef | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.gtecToken(tokenHash) }));
  return Item ? { poleId: Item.poleId as string, campaignId: Item.campaignId as string, siret: Item.siret as string } : undefined;
}
