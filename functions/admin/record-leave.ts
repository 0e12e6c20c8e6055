import * as z from 'zod';
import { calendarDateSchema } from '../../domain/application.ts';
import { siretSchema } from '../../domain/siret.ts';
import { clock } from '../../ports/clock.ts';
import { recordLeave } from '../../services/members.ts';
import { httpHandler } from '../shared/http.ts';
import { publicMember } from './schemas.ts';

/**
 * POST /admin/members/{memberId}/leave — the date a member leaves (exclusive). Its area is given
 * back to the building from that date: at once if it has come, otherwise at the first check after.
 * A date inside an approved or posted quarter is a 409.
 */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ memberId: siretSchema }), body: z.strictObject({ leaveDate: calendarDateSchema }) },
  async ({ admin, path: { memberId }, body: { leaveDate } }) => {
    const member = await recordLeave(admin.poleId, memberId, leaveDate, admin.subject, clock().now().toISOString());
    return { ...publicMember(member), areaReleased: member.areaReleased === true };
  },
);
