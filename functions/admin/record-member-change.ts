import { clock } from '../../ports/clock.ts';
import { recordMemberChange } from '../../services/members.ts';
import { httpHandler, json } from '../common/http.ts';
import { ADMIN_ROUTES, publicMember } from './schemas.ts';

/**
 * POST /admin/members/{memberId}/changes — the member's area and/or FTE from `effectiveDate`
 * (inclusive). More area is reserved on the building at once (409 naming the shortfall); less is
 * given back from the date. Changes are recorded in date order; one inside an approved or posted
 * quarter is a 409; the drafts of the quarters it reaches are computed again.
 */
export const handler = httpHandler(ADMIN_ROUTES.RecordMemberChange, async ({ admin, path: { memberId }, body }) =>
  json(201, publicMember(await recordMemberChange(admin.poleId, memberId, body, admin.subject, clock().now().toISOString()))),
);
