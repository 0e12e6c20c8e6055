import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationForm } from '../domain/application.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { areaDeltaHundredths, type MemberChange, valuesOn } from '../domain/member-changes.ts';
import { dayBefore } from '../domain/quarters.ts';
import { queryAll } from './batch.ts';
import { applyAreaChange, getBuilding, releaseArea } from './building.ts';
import { ddb, isConditionFailed, tableName } from './client.ts';
import { updateIf } from './conditional.ts';
import { keys } from './keys.ts';

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
  /** Area and FTE changes, in effective-date order (docs/reconciliation.md#member-changes). */
  changes?: MemberChangeRecord[];
  sharedServices: ApplicationForm['sharedServices'];
  /** Active from this date, inclusive (Europe/Paris calendar date). */
  startDate: string;
  /** Left on this date, exclusive; absent while a member. */
  leaveDate?: string;
  applicationId?: string;
  contactEmail: string;
  /** Who holds the member's area on the building item (its application, or itself for founders). */
  areaHolder: string;
  /** Set once the area was given back, on or after the leave date. */
  areaReleased?: boolean;
  /** The application's contribution estimate, in cents, when there was one. */
  estimatedQuarterlyCents?: number;
}

const fromItem = ({ PK: _pk, SK: _sk, type: _type, ...rest }: Record<string, unknown>) => rest as unknown as Member;

/** Creates the member once; a retry returns the member already created. */
export async function createMember(member: Member): Promise<Member> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.member(member.poleId, member.memberId), type: 'Member', ...member },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
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
  try {
    const { Attributes } = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.member(poleId, memberId),
        UpdateExpression: 'SET leaveDate = :d',
        ConditionExpression:
          'attribute_exists(PK) AND (attribute_not_exists(leaveDate) OR leaveDate = :d) AND startDate < :d AND (attribute_not_exists(lastChangeDate) OR lastChangeDate < :d)',
        ExpressionAttributeValues: { ':d': leaveDate },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(Attributes ?? {});
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const member = await getMember(poleId, memberId);
    if (member.leaveDate) {
      throw new ConflictError('LEAVE_DATE_SET', `Une date de départ est déjà enregistrée (${member.leaveDate}).`, {
        field: 'leaveDate',
        leaveDate: member.leaveDate,
      });
    }
    if (member.changes?.length && member.changes.at(-1)!.effectiveDate >= leaveDate) {
      throw new ConflictError(
        'LEAVE_BEFORE_CHANGE',
        `La date de départ doit suivre le dernier changement enregistré (${member.changes.at(-1)!.effectiveDate}).`,
        { field: 'leaveDate', lastChangeDate: member.changes.at(-1)!.effectiveDate },
      );
    }
    throw new ConflictError('LEAVE_BEFORE_START', `La date de départ doit suivre la date d’entrée (${member.startDate}).`, {
      field: 'leaveDate',
      startDate: member.startDate,
    });
  }
}

/** Takes back a leave date (compensation, before its area was given back); a no-op otherwise. */
export async function clearLeaveDate(poleId: string, memberId: string, leaveDate: string): Promise<void> {
  await updateIf({
    Key: keys.member(poleId, memberId),
    UpdateExpression: 'REMOVE leaveDate',
    ConditionExpression: 'leaveDate = :d AND attribute_not_exists(areaReleased)',
    ExpressionAttributeValues: { ':d': leaveDate },
    ReturnValues: 'NONE',
  });
}

/** The id under which a change is applied to the building, once. */
export const changeIdOf = (memberId: string, effectiveDate: string): string => `${memberId}@${effectiveDate}`;

/**
 * Appends a change to the member, in date order, by one conditional update: a change dated on or
 * before the last one, outside the membership, or racing another change is refused; the same
 * change sent again is a no-op. Returns the member as it is now.
 */
export async function appendChange(poleId: string, memberId: string, change: MemberChangeRecord): Promise<Member> {
  const updated = await updateIf({
    Key: keys.member(poleId, memberId),
    UpdateExpression: 'SET changes = list_append(if_not_exists(changes, :none), :change), lastChangeDate = :d',
    ConditionExpression:
      'attribute_exists(PK) AND startDate < :d AND (attribute_not_exists(leaveDate) OR leaveDate > :d) AND (attribute_not_exists(lastChangeDate) OR lastChangeDate < :d)',
    ExpressionAttributeValues: { ':none': [], ':change': [change], ':d': change.effectiveDate },
  });
  if (updated) return fromItem(updated);
  const member = await getMember(poleId, memberId);
  if (sameChange(member.changes?.at(-1), change)) return member;
  throw new ConflictError('MEMBER_CHANGED', 'Le membre a changé entre-temps : rechargez-le et recommencez.', { memberId });
}

const sameChange = (a: MemberChange | undefined, b: MemberChange): boolean =>
  a !== undefined && a.effectiveDate === b.effectiveDate && a.areaM2 === b.areaM2 && a.fte === b.fte;

/** Removes the last change if it is the one dated `effectiveDate` (compensation). */
export async function removeLastChange(poleId: string, member: Member, effectiveDate: string): Promise<void> {
  const changes = member.changes ?? [];
  if (changes.at(-1)?.effectiveDate !== effectiveDate) return;
  const previous = changes.at(-2)?.effectiveDate;
  await updateIf({
    Key: keys.member(poleId, member.memberId),
    UpdateExpression: `REMOVE changes[${changes.length - 1}]${previous ? ' SET lastChangeDate = :prev' : ', lastChangeDate'}`,
    ConditionExpression: 'lastChangeDate = :d AND size(changes) = :n',
    ExpressionAttributeValues: { ':d': effectiveDate, ':n': changes.length, ...(previous && { ':prev': previous }) },
    ReturnValues: 'NONE',
  });
}

/**
 * Gives back to the building the area members no longer occupy once the date has come: area
 * decreases from their effective date, then the whole area of members whose leave date has come.
 * Run before any area is checked or reserved; every write is idempotent, so it may run often.
 */
export async function releaseDueLeaves(poleId: string, today: string): Promise<string[]> {
  const [members, building] = await Promise.all([listMembers(poleId), getBuilding(poleId)]);
  const applied = new Set(building.areaChanges);
  for (const member of members) {
    for (const change of member.changes ?? []) {
      const delta = areaDeltaHundredths(member, change);
      const id = changeIdOf(member.memberId, change.effectiveDate);
      if (delta < 0 && change.effectiveDate <= today && !applied.has(id)) await applyAreaChange(poleId, id, delta);
    }
  }
  const due = members.filter((m) => m.leaveDate !== undefined && m.leaveDate <= today && !m.areaReleased);
  for (const member of due) {
    await releaseArea(poleId, member.areaHolder, valuesOn(member, dayBefore(member.leaveDate!)).areaM2);
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.member(poleId, member.memberId),
        UpdateExpression: 'SET areaReleased = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }
  return due.map((m) => m.memberId);
}
