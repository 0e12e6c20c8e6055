import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { MemberChange } from '../domain/member-changes.ts';
import { queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { conditionally, putIfAbsent, update, updateIf } from './writes.ts';

/** A recorded change: what changes from its effective date, who recorded it and when. */
export interface MemberChangeRecord extends MemberChange {
  recordedAt: string;
  by: string;
}

export interface Member {
  poleId: string;
  /** The member's SIRET: one member per SIRET and pôle. */
  memberId: string;
  name: string;
  siret: string;
  legalForm: ApplicationForm['legalForm'];
  essStatus: ApplicationForm['essStatus'];
  /** Area and FTE from the start date; later values are in `changes`. */
  areaM2: number;
  fte: number;
  /** Desks, when known (an application or an import says). */
  desks?: number;
  /** Area and FTE changes, in effective-date order (docs/reconciliation.md#member-changes). */
  changes?: MemberChangeRecord[];
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
    ConditionExpression:
      'attribute_exists(PK) AND (attribute_not_exists(leaveDate) OR leaveDate = :d) AND startDate < :d AND (attribute_not_exists(lastChangeDate) OR lastChangeDate < :d)',
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
  const lastChange = member.changes?.at(-1)?.effectiveDate;
  if (lastChange && lastChange >= leaveDate) {
    throw new ConflictError('LEAVE_BEFORE_CHANGE', `La date de départ doit suivre le dernier changement enregistré (${lastChange}).`, {
      field: 'leaveDate',
      lastChangeDate: lastChange,
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

/** Takes back a leave date (compensation, before its area was given back); a no-op otherwise. */
export async function clearLeaveDate(poleId: string, memberId: string, leaveDate: string): Promise<void> {
  await conditionally(
    update({
      Key: keys.member(poleId, memberId),
      UpdateExpression: 'REMOVE leaveDate',
      ConditionExpression: 'leaveDate = :d AND attribute_not_exists(areaReleased)',
      ExpressionAttributeValues: { ':d': leaveDate },
    }),
  );
}

/** The id under which a change is applied to the building, once. */
export const changeIdOf = (memberId: string, effectiveDate: string): string => `${memberId}@${effectiveDate}`;

const sameChange = (a: MemberChange | undefined, b: MemberChange): boolean =>
  a !== undefined && a.effectiveDate === b.effectiveDate && a.areaM2 === b.areaM2 && a.fte === b.fte;

/**
 * Appends a change to the member, in date order, by one conditional update: a change dated on or
 * before the last one, outside the membership, or racing another change is refused; the same
 * change sent again is a no-op. Returns the member as it is now.
 */
export async function appendChange(poleId: string, memberId: string, change: MemberChangeRecord): Promise<Member> {
  const written = await updateIf({
    Key: keys.member(poleId, memberId),
    UpdateExpression: 'SET changes = list_append(if_not_exists(changes, :none), :change), lastChangeDate = :d',
    ConditionExpression:
      'attribute_exists(PK) AND startDate < :d AND (attribute_not_exists(leaveDate) OR leaveDate > :d) AND (attribute_not_exists(lastChangeDate) OR lastChangeDate < :d)',
    ExpressionAttributeValues: { ':none': [], ':change': [change], ':d': change.effectiveDate },
  });
  if (written) return fromItem(written);
  const member = await getMember(poleId, memberId);
  if (sameChange(member.changes?.at(-1), change)) return member;
  throw new ConflictError('MEMBER_CHANGED', 'Le membre a changé entre-temps : rechargez-le et recommencez.', { memberId });
}

/** Removes the last change if it is the one dated `effectiveDate` (compensation). */
export async function removeLastChange(poleId: string, member: Member, effectiveDate: string): Promise<void> {
  const changes = member.changes ?? [];
  if (changes.at(-1)?.effectiveDate !== effectiveDate) return;
  const previous = changes.at(-2)?.effectiveDate;
  await conditionally(
    update({
      Key: keys.member(poleId, member.memberId),
      UpdateExpression: `REMOVE changes[${changes.length - 1}]${previous ? ' SET lastChangeDate = :prev' : ', lastChangeDate'}`,
      ConditionExpression: 'lastChangeDate = :d AND size(changes) = :n',
      ExpressionAttributeValues: { ':d': effectiveDate, ':n': changes.length, ...(previous && { ':prev': previous }) },
    }),
  );
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
