import { parisDate } from '../domain/dates.ts';
import { ConflictError } from '../domain/errors.ts';
import { areaDeltaHundredths, changeProblem, changeProblemMessage, type MemberChange, valuesOn } from '../domain/member-changes.ts';
import { quarterOf } from '../domain/quarters.ts';
import { clock } from '../ports/clock.ts';
import { applyAreaChange, revertAreaChange } from '../store/building.ts';
import {
  appendChange,
  changeIdOf,
  clearLeaveDate,
  getMember,
  type Member,
  releaseDueLeaves,
  removeLastChange,
  setLeaveDate,
} from '../store/members.ts';
import { frozenFrom, invalidateFrom } from './quarter-data.ts';

/**
 * Member changes with effective dates (docs/reconciliation.md#member-changes): each touches the
 * member item, the building item (area) and the drafts of the quarters it reaches, one
 * conditional write each, in an order that a retry completes and a refusal undoes.
 */

const frozenError = (date: string, frozen: { quarter: string; status: string }) =>
  new ConflictError(
    'QUARTER_POSTED',
    `Le trimestre ${frozen.quarter} est ${frozen.status === 'POSTED' ? 'comptabilisé' : 'approuvé'} : un changement au ${date} modifierait ses relevés. Enregistrez la correction en ajustement du trimestre suivant.`,
    { field: 'effectiveDate', quarter: frozen.quarter },
  );

async function refuseIfFrozen(poleId: string, date: string): Promise<void> {
  const frozen = await frozenFrom(poleId, quarterOf(date));
  if (frozen) throw frozenError(date, frozen);
}

/** What the admin sees of a member: the record, and the values in force today. */
export const memberView = (member: Member) => ({
  ...member,
  inForce: { date: parisDate(clock().now()), ...valuesOn(member, parisDate(clock().now())) },
});

/**
 * Records an area and/or FTE change from `change.effectiveDate`. More area is reserved on the
 * building first (409 naming the shortfall); less area is given back from its date. A change
 * inside an approved or posted quarter is a 409; drafts of the quarters it reaches are recomputed.
 */
export async function recordMemberChange(poleId: string, memberId: string, change: MemberChange, by: string): Promise<Member> {
  const at = clock().now().toISOString();
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
    await invalidateFrom(
      poleId,
      quarterOf(change.effectiveDate),
      `Changement du membre ${memberId} au ${change.effectiveDate} : le brouillon est recalculé.`,
      by,
      at,
    );
  } catch (error) {
    // A quarter it reaches was approved meanwhile: the change is undone, as if refused at first.
    await removeLastChange(poleId, updated, change.effectiveDate);
    if (delta > 0) await revertAreaChange(poleId, changeId, delta);
    throw error;
  }
  await releaseDueLeaves(poleId, parisDate(clock().now()));
  return getMember(poleId, memberId);
}

/** Records a departure (leave date, exclusive), under the same rules as a change; its area is given back from that date. */
export async function recordLeave(poleId: string, memberId: string, leaveDate: string, by: string): Promise<Member> {
  const at = clock().now().toISOString();
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
  await releaseDueLeaves(poleId, parisDate(clock().now()));
  return getMember(poleId, memberId);
}
