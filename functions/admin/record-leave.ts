import { clock } from '../../ports/clock.ts';
import { recordLeave } from '../../services/members.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, publicMember } from './schemas.ts';

/**
 * POST /admin/members/{memberId}/leave — the date a member leaves (exclusive). Its area is given
 * back to the building from that date: at once if it has come, otherwise at the first check after.
 * A date inside an approved or posted quarter is a 409.
 */
export const handler = httpHandler(ADMIN_ROUTES.RecordLeave, async ({ admin, path: { memberId }, body: { leaveDate } }) => {
  const member = await recordLeave(admin.poleId, memberId, leaveDate, admin.subject, clock().now().toISOString());
  return { ...publicMember(member), areaReleased: member.areaReleased === true };
});
