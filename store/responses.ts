import { BatchGetCommand, type BatchGetCommandOutput, GetCommand } from '@aws-sdk/lib-dynamodb';
import { TooSoonError } from '../domain/errors.ts';
import { SUBMISSION_SLOT_S, submissionSlot } from '../domain/gtec/campaign.ts';
import type { Answers } from '../domain/gtec/questionnaire.ts';
import { countAll, queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { conditionally, put, update } from './writes.ts';

/** Whose response: one company in one campaign of one pôle (what a survey token names). */
interface Respondent {
  poleId: string;
  campaignId: string;
  siret: string;
}

/**
 * Stores a company's response: every submission goes to the history first, keyed by its slot
 * (one per SUBMISSION_SLOT_S seconds and link, refused with TooSoonError otherwise), then becomes
 * the current response. Two writes, no read: the answer route is the busiest one. A crash between
 * the two leaves the previous response current and the new one in the history only.
 */
export async function saveResponse(ref: Respondent, answers: Answers, at: string): Promise<{ submissions: number }> {
  const kept = await conditionally(
    put({
      Item: {
        ...keys.gtecResponseHistory(ref.poleId, ref.campaignId, ref.siret, submissionSlot(new Date(at))),
        type: 'GtecResponseVersion',
        answers,
        submittedAt: at,
      },
      ConditionExpression: 'attribute_not_exists(SK)',
    }),
  );
  if (!kept) {
    throw new TooSoonError(
      'Vos réponses viennent d’être enregistrées. Patientez quelques secondes avant de les envoyer à nouveau.',
      SUBMISSION_SLOT_S,
    );
  }
  const { Attributes } = await update({
    Key: keys.gtecResponse(ref.poleId, ref.campaignId, ref.siret),
    UpdateExpression: 'SET #t = :t, siret = :s, answers = :a, submittedAt = :at ADD submissions :one',
    ExpressionAttributeNames: { '#t': 'type' },
    ExpressionAttributeValues: { ':t': 'GtecResponse', ':s': ref.siret, ':a': answers, ':at': at, ':one': 1 },
    ReturnValues: 'UPDATED_NEW',
  });
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
export const countResponses = (poleId: string, campaignId: string): Promise<number> =>
  countAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.gtecResponsesPartition(poleId, campaignId) } });

export async function getResponse(ref: Respondent): Promise<{ answers: Answers; submittedAt: string; submissions: number } | undefined> {
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
