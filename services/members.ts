import { parisDate } from '../domain/dates.ts';
import { ConflictError } from '../domain/errors.ts';
import { areaDeltaHundredths, changeProblem, changeProblemMessage, type MemberChange, valuesOn } from '../domain/member-changes.ts';
import { dayBefore, quarterOf } from '../domain/quarters.ts';
import { applyAreaChange, getBuilding, releaseArea, revertAreaChange } from '../store/building.ts';
import {
  appendChange,
  changeIdOf,
  clearLeaveDate,
  getMember,
  listMembers,
  type Member,
  markAreaReleased,
  removeLastChange,
  setLeaveDate,
} from '../store/members.ts';
import { frozenFrom, invalidateFrom } from './reconciliation.ts';

/**
 * Gives back to the building the area members no longer occupy once the date has come: area
 * decreases from their effective date, then the whole area (the last in force) of members whose
 * leave date has come. Run before any area is checked or reserved; every write is idempotent, so
 * it may run often.
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
    await markAreaReleased(poleId, member.memberId);
  }
  return due.map((m) => m.memberId);
}

/**
 * Member changes with effective dates (docs/reconciliation.md#member-changes) touch the member
 * item, the building item (area) and the drafts of the quarters they reach, one conditional write
 * each, in an order that a retry completes and a refusal undoes. A date inside (or before) an
 * approved or posted quarter is a 409.
 */
async function refuseIfFrozen(poleId: string, date: string): Promise<void> {
  const frozen = await frozenFrom(poleId, quarterOf(date));
  if (!frozen) return;
  throw new ConflictError(
    'QUARTER_POSTED',
    `Le trimestre ${frozen.quarter} est ${frozen.status === 'POSTED' ? 'comptabilisé' : 'approuvé'} : un changement au ${date} modifierait ses relevés. Enregistrez la correction en ajustement du trimestre suivant.`,
    { field: 'effectiveDate', quarter: frozen.quarter },
  );
}

/**
 * Records an area and/or FTE change from `change.effectiveDate`. More area is reserved on the
 * building first (409 naming the shortfall); less area is given back from its date. The drafts of
 * the quarters it reaches are computed again.
 */
export async function recordMemberChange(poleId: string, memberId: string, change: MemberChange, by: string, at: string): Promise<Member> {
  const member = await getMember(poleId, memberId);
  const last = member.changes?.at(-1);
  const replay = last?.effectiveDate === change.effectiveDate && last.areaM2 === change.areaM2 && last.fte === change.fte;
  if (!replay) {
    const problem = changeProblem(member, change);
    if (problem) {
      const { code, ...details } = problem;
      throw new ConflictError(`CHANGE_${code}`, changeProblemMessage(problem), { field: 'effectiveDate', ...details });
    }
  }
  await refuseIfFrozen(poleId, change.effectiveDate);
  const changeId = changeIdOf(memberId, change.effectiveDate);
  const delta = replay ? 0 : areaDeltaHundredths(member, change);
  if (delta > 0) await applyAreaChange(poleId, changeId, delta);
  let updated: Member;
  try {
    updated = await appendChange(poleId, memberId, { ...change, recordedAt: at, by });
  } catch (error) {
    if (delta > 0) await revertAreaChange(poleId, changeId, delta);
    throw error;
  }
  try {
    const reason = `Changement du membre ${memberId} au ${change.effectiveDate} : le brouillon est recalculé.`;
    await invalidateFrom(poleId, quarterOf(change.effectiveDate), reason, by, at);
  } catch (error) {
    // A quarter it reaches was approved meanwhile: the change is undone, as if refused at first.
    await removeLastChange(poleId, updated, change.effectiveDate);
    if (delta > 0) await revertAreaChange(poleId, changeId, delta);
    throw error;
  }
  await releaseDueLeaves(poleId, parisDate(new Date(at)));
  return getMember(poleId, memberId);
}

/** Records a member's leave date (exclusive), under the same rules as a change; its area is given back at once if that date has come. */
export async function recordLeave(poleId: string, memberId: string, leaveDate: string, by: string, at: string): Promise<Member> {
  await refuseIfFrozen(poleId, leaveDate);
  await setLeaveDate(poleId, memberId, leaveDate);
  try {
    await invalidateFrom(
      poleId,
      quarterOf(leaveDate),
      `Départ du membre ${memberId} au ${leaveDate} : le brouillon est recalculé.`,
      by,
      at,
    );
  } catch (error) {
    await clearLeaveDate(poleId, memberId, leaveDate);
    throw error;
  }
  await releaseDueLeaves(poleId, parisDate(new Date(at)));
  return getMember(poleId, memberId);
}
