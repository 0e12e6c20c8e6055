import * as z from 'zod';
import { calendarDateSchema, siretSchema } from '../../domain/application.ts';
import { memberView, recordLeave } from '../../orchestration/member-changes.ts';
import { httpHandler } from '../shared/http.ts';

/**
 * POST /admin/members/{memberId}/leave — the date a member leaves (exclusive). Its area is given
 * back to the building from that date: at once if it has come, otherwise at the first check after.
 * A date inside an approved or posted quarter is a 409.
 */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ memberId: siretSchema }), body: z.strictObject({ leaveDate: calendarDateSchema }) },
  async ({ admin, path: { memberId }, body: { leaveDate } }) => {
    const member = await recordLeave(admin!.poleId, memberId, leaveDate, admin!.subject);
    return { ...memberView(member), areaReleased: member.areaReleased === true };
  },
);
