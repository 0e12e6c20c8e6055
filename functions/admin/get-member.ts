import * as z from 'zod';
import { siretSchema } from '../../domain/siret.ts';
import { getMember } from '../../store/members.ts';
import { httpHandler } from '../shared/http.ts';

/** GET /admin/members/{memberId} — one member (its id is its SIRET). */
export const handler = httpHandler({ auth: 'admin', path: z.object({ memberId: siretSchema }) }, async ({ admin, path: { memberId } }) => ({
  ...(await getMember(admin.poleId, memberId)),
}));
