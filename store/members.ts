import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { conditionally, putIfAbsent, update, updateIf } from './writes.ts';

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
  /** Desks, when known (an application or an import says). */
  desks?: number;
  sharedServices: ApplicationForm['sharedServices'];
  /** Active from this date, inclusive (Europe/Paris calendar date). */
  startDate: string;
  /** Left on this date, exclusive; absent while a member. */
  leaveDate?: string;
  applicationId?: string;
  /** The import that created the member (docs/day-one.md#existing-members), for an existing member. */
  importId?: string;
  contactEmail: string;
  /** Who holds the member's area on the building item (its application, or itself for founders). */
  areaHolder: string;
  /** Set once the area was given back, on or after the leave date. */
  areaReleased?: boolean;
  /** The application's contribution estimate, in cents, when there was one. */
  estimatedQuarterlyCents?: number;
}

const fromItem = withoutKeys<Member>;

/** Creates the member once; a retry returns the member already created. */
export async function createMember(member: Member): Promise<Member> {
  const created = await putIfAbsent({ ...keys.member(member.poleId, member.memberId), type: 'Member', ...member });
  return created ? member : getMember(member.poleId, member.memberId);
}

export async function getMember(poleId: string, memberId: string): Promise<Member> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.member(poleId, memberId) }));
  if (!Item) throw new NotFoundError(`Membre introuvable : ${memberId}.`, { memberId });
  return fromItem(Item);
}

export async function listMembers(poleId: string): Promise<Member[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.memberPrefix },
  });
  return items.map(fromItem);
}

/**
 * Records the date a member leaves (exclusive: its last day is the day before). Setting the same
 * date again is a no-op; another date once one is set is a 409.
 */
export async function setLeaveDate(poleId: string, memberId: string, leaveDate: string): Promise<Member> {
  const written = await updateIf({
    Key: keys.member(poleId, memberId),
    UpdateExpression: 'SET leaveDate = :d',
    ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(leaveDate) OR leaveDate = :d) AND startDate < :d',
    ExpressionAttributeValues: { ':d': leaveDate },
  });
  if (written) return fromItem(written);
  const member = await getMember(poleId, memberId);
  if (member.leaveDate) {
    throw new ConflictError('LEAVE_DATE_SET', `Une date de départ est déjà enregistrée (${member.leaveDate}).`, {
      field: 'leaveDate',
      leaveDate: member.leaveDate,
    });
  }
  throw new ConflictError('LEAVE_BEFORE_START', `La date de départ doit suivre la date d’entrée (${member.startDate}).`, {
    field: 'leaveDate',
    startDate: member.startDate,
  });
}

/** Notes that a member's area went back to the building (idempotent). */
export async function markAreaReleased(poleId: string, memberId: string): Promise<void> {
  await update({
    Key: keys.member(poleId, memberId),
    UpdateExpression: 'SET areaReleased = :t',
    ExpressionAttributeValues: { ':t': true },
  });
}

/** Removes a member an import created (its compensation, when the import as a whole fails); a no-op for any other member. */
export async function removeImportedMember(poleId: string, memberId: string, importId: string): Promise<void> {
  await conditionally(
    ddb().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.member(poleId, memberId),
        ConditionExpression: 'importId = :import',
        ExpressionAttributeValues: { ':import': importId },
      }),
    ),
  );
}
