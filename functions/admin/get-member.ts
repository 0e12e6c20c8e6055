import { getMember } from '../../store/members.ts';
import { httpHandler } from '../shared/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** GET /admin/members/{memberId} — one member (its id is its SIRET). */
export const handler = httpHandler(ADMIN_ROUTES.GetMember, async ({ admin, path: { memberId } }) => ({
  ...(await getMember(admin.poleId, memberId)),
}));
