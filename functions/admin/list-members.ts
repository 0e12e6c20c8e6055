import { getBuilding } from '../../store/building.ts';
import { listMembers } from '../../store/members.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, type MembersView, publicMember } from './schemas.ts';

/** GET /admin/members — the pôle's members (their dated changes, the area and FTE in force today) and the building's free area. */
export const handler = httpHandler(ADMIN_ROUTES.ListMembers, async ({ admin }): Promise<MembersView> => {
  const [members, building] = await Promise.all([listMembers(admin.poleId), getBuilding(admin.poleId)]);
  return {
    members: members.map(publicMember),
    building: { name: building.name, capacityM2: building.capacityM2, freeM2: building.freeM2 },
  };
});
