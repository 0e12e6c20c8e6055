import { releaseArea } from '../store/building.ts';
import { listMembers, type Member, markAreaReleased, setLeaveDate } from '../store/members.ts';

/**
 * Gives back the area of members whose leave date has come: a leaving member frees its area from
 * that date. Run before any area is checked or reserved; both writes are idempotent, so it may run often.
 */
export async function releaseDueLeaves(poleId: string, today: string): Promise<string[]> {
  const due = (await listMembers(poleId)).filter((m) => m.leaveDate !== undefined && m.leaveDate <= today && !m.areaReleased);
  for (const member of due) {
    await releaseArea(poleId, member.areaHolder, member.areaM2);
    await markAreaReleased(poleId, member.memberId);
  }
  return due.map((m) => m.memberId);
}

/** Records a member's leave date, and gives its area back at once if that date has come. */
export async function recordLeave(poleId: string, memberId: string, leaveDate: string, today: string): Promise<Member> {
  const member = await setLeaveDate(poleId, memberId, leaveDate);
  const released = await releaseDueLeaves(poleId, today);
  return { ...member, areaReleased: released.includes(memberId) || member.areaReleased === true };
}
