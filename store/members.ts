import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { NotFoundError } from '../domain/errors.ts';
import { ddb, isConditionFailed, tableName } from './client.ts';
import { keys } from './keys.ts';

export interface Member {
  poleId: string;
  /** The member's SIRET: one member per SIRET and pôle. */
  memberId: string;
  name: string;
  siret: string;
  legalForm: ApplicationForm['legalForm'];
  essStatus: ApplicationForm['essStatus'];
  areaM2: number;
  fte: number;
  sharedServices: ApplicationForm['sharedServices'];
  /** Active from this date, inclusive (Europe/Paris calendar date). */
  startDate: string;
  /** Left on this date, exclusive; absent while a member. */
  leaveDate?: string;
  applicationId?: string;
  contactEmail: string;
}

const fromItem = ({ PK: _pk, SK: _sk, type: _type, ...rest }: Record<string, unknown>) => rest as unknown as Member;

/** Creates the member once; a retry returns the member already created. */
export async function createMember(member: Member): Promise<Member> {
  try {
    await ddb().send(new PutCommand({
      TableName: tableName(),
      Item: { ...keys.member(member.poleId, member.memberId), type: 'Member', ...member },
      ConditionExpression: 'attribute_not_exists(PK)',
    }));
    return member;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return getMember(member.poleId, member.memberId);
  }
}

export async function getMember(poleId: string, memberId: string): Promise<Member> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.member(poleId, memberId) }));
  if (!Item) throw new NotFoundError(`Membre introuvable : ${memberId}.`, { memberId });
  return fromItem(Item);
}

export async function listMembers(poleId: string): Promise<Member[]> {
  const members: Member[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.memberPrefix },
      ExclusiveStartKey,
    }));
    members.push(...(page.Items ?? []).map(fromItem));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return members;
}
