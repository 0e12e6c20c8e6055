import { getMember } from '../../store/members.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, publicMember } from './schemas.ts';

/** GET /admin/members/{memberId} — one member (its id is its SIRET), its dated changes and the values in force today. */
export const handler = httpHandler(ADMIN_ROUTES.GetMember, async ({ admin, path: { memberId } }) =>
  publicMember(await getMember(admin.poleId, memberId)),
);
